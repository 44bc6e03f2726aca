using SoraFunctions.Core.Members;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Social;

/// <summary>
/// The words search matches, the same on every store: lower case, accents dropped, runs of letters, digits and
/// <c>_</c>. A post's terms are the words of its caption and prompt, and each <c>#hashtag</c> of its caption twice (as
/// <c>#tag</c> and as the word <c>tag</c>, so "jazz" also finds "#jazz"). A member's name terms are their username and the
/// words of their display name, matched by prefix.
/// </summary>
public static class SearchTerms
{
    /// <summary>How many terms a post is found by: its caption's first, then its prompt's (a prompt may be long).</summary>
    public const int MaxPostTerms = 128;

    /// <summary>How many hashtags of a caption count.</summary>
    public const int MaxTags = 16;

    /// <summary>A hashtag or a word is at most this long (longer ones are cut).</summary>
    public const int MaxTermLength = 40;

    /// <summary>The terms a posted video is found by (hashtags with their <c>#</c>).</summary>
    public static IReadOnlyList<string> OfPost(Video video)
    {
        var tags = Hashtags(video.Caption);
        return [.. tags.Select(tag => $"#{tag}").Concat(Words(video.Caption)).Concat(Words(video.Spec.Prompt)).Distinct().Take(MaxPostTerms)];
    }

    /// <summary>The caption's hashtags, without their <c>#</c>, in order, once each.</summary>
    public static IReadOnlyList<string> Hashtags(string text)
    {
        var tags = new List<string>();
        for (var i = text.IndexOf('#', StringComparison.Ordinal); i >= 0 && tags.Count < MaxTags; i = text.IndexOf('#', i + 1))
        {
            var tag = Words(Run(text, i + 1)).FirstOrDefault();
            if (tag is not null && (i == 0 || !IsWordCharacter(text[i - 1])) && !tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        return tags;
    }

    /// <summary>The words of the text, normalized, once each, in order.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var plain = Normalize(text);
        var start = -1;
        for (var i = 0; i <= plain.Length; i++)
        {
            if (i < plain.Length && IsWordCharacter(plain[i]))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0)
            {
                var word = plain[start..Math.Min(i, start + MaxTermLength)];
                if (!words.Contains(word))
                {
                    words.Add(word);
                }

                start = -1;
            }
        }

        return words;
    }

    /// <summary>
    /// The terms a member is found by: the parts of their username (<c>mia_chen</c> is found as itself, as <c>mia</c> and
    /// as <c>chen</c>; <c>mia.chen</c> as <c>mia</c> and <c>chen</c>), and the words of their display name.
    /// </summary>
    public static IReadOnlyList<string> OfMember(Member member) =>
        [.. Words(member.Username).Concat(Words(member.Username.Replace('_', ' '))).Concat(Words(member.DisplayName)).Distinct()];

    /// <summary>
    /// Every prefix of the member's terms: a store without prefix matching finds a member by any of them (a username is
    /// at most 30 characters, a display name 50, so a member has a few dozen).
    /// </summary>
    public static IReadOnlyList<string> PrefixesOf(Member member) =>
        [.. OfMember(member).SelectMany(term => Enumerable.Range(1, term.Length).Select(length => term[..length])).Distinct()];

    /// <summary>
    /// Lower case, Latin letters without their accents (é is e, ø is o): by a table rather than Unicode decomposition,
    /// which needs the ICU data this service runs without (invariant globalization).
    /// </summary>
    public static string Normalize(string text) =>
        string.Create(text.Length, text, (folded, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var lower = char.ToLowerInvariant(source[i]);
                folded[i] = lower is >= FoldedFrom and < (char)(FoldedFrom + 192) ? LatinFolded[lower - FoldedFrom] : lower;
            }
        });

    private const char FoldedFrom = '\u00C0';

    /// <summary>U+00C0–U+017F (Latin-1 Supplement and Latin Extended-A) without accents.</summary>
    private const string LatinFolded = "aaaaaaaceeeeiiiidnooooo×ouuuuytsaaaaaaaceeeeiiiidnooooo÷ouuuuytyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

    /// <summary>A character words are made of: a letter, a digit or <c>_</c>.</summary>
    private static bool IsWordCharacter(char character) => char.IsLetterOrDigit(character) || character == '_';

    private static string Run(string text, int from)
    {
        var end = from;
        while (end < text.Length && IsWordCharacter(text[end]))
        {
            end++;
        }

        return text[from..end];
    }
}

/// <summary>
/// What a person typed to find posts: words (each must be in the caption or the prompt) and <c>#hashtags</c> (each must
/// be one of the caption's), all of them at once.
/// </summary>
public sealed record PostQuery(IReadOnlyList<string> Terms)
{
    public const int MaxLength = 100;

    public const int MaxTerms = 8;

    /// <summary>Reads the query; throws <see cref="RequestRejectedException"/> (<see cref="SearchCodes.QueryInvalid"/>) when it has nothing to look for.</summary>
    public static PostQuery Parse(string? text)
    {
        text = Validated(text);
        var tags = SearchTerms.Hashtags(text);
        var words = SearchTerms.Words(text).Where(word => !tags.Contains(word));
        var terms = tags.Select(tag => $"#{tag}").Concat(words).Take(MaxTerms).ToList();
        return terms.Count > 0 ? new PostQuery(terms) : throw Invalid();
    }

    /// <summary>The query trimmed, at most <see cref="MaxLength"/> characters, or throws.</summary>
    internal static string Validated(string? text)
    {
        text = text?.Trim() ?? "";
        return text.Length is > 0 and <= MaxLength && !text.Any(char.IsControl) ? text : throw Invalid();
    }

    internal static RequestRejectedException Invalid() =>
        new(new VideoError(SearchCodes.QueryInvalid, $"q must have a word to look for, in at most {MaxLength} characters."));
}

/// <summary>What a person typed to find members: the beginnings of their username or of their display name's words.</summary>
public sealed record MemberQuery(IReadOnlyList<string> Prefixes)
{
    public const int MaxTerms = 4;

    /// <summary>Reads the query (a leading <c>@</c> is allowed); throws <see cref="RequestRejectedException"/> when it has nothing to look for.</summary>
    public static MemberQuery Parse(string? text)
    {
        var prefixes = SearchTerms.Words(PostQuery.Validated(text)).Take(MaxTerms).ToList();
        return prefixes.Count > 0 ? new MemberQuery(prefixes) : throw PostQuery.Invalid();
    }

    /// <summary>The username the query may name exactly (<c>@mia.chen</c> or <c>mia.chen</c>).</summary>
    public static string? ExactUsername(string text)
    {
        var name = text.Trim().TrimStart('@').ToLowerInvariant();
        return name.Length is >= 3 and <= 30 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_') ? name : null;
    }
}

/// <summary>A hashtag (without its <c>#</c>) and how many posts use it.</summary>
public sealed record TagCount(string Tag, int Posts);

public static class SearchCodes
{
    public const string QueryInvalid = "VALIDATION.QUERY.INVALID";
}
