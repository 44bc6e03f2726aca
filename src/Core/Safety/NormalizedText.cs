using System.Globalization;
using System.Text;

namespace SoraFunctions.Core.Safety;

/// <summary>A term as written in a list, and the patterns it matches in <see cref="NormalizedText"/>.</summary>
public sealed record Phrase(string Term, string Pattern, string ShrunkPattern);

/// <summary>
/// Text as the rules read it, undoing the usual evasions: lower case without accents, look-alike digits and symbols
/// inside words read as letters (<c>p0rn</c>, <c>n@ked</c>), letters spelled out one by one put back together
/// (<c>n u d e</c>, <c>g.o.r.e</c>), and stretched letters shrunk (<c>nuuude</c>). Words are separated by single spaces
/// and the text starts and ends with one, so <c>" term "</c> matches a whole word or phrase.
/// </summary>
public sealed class NormalizedText
{
    private NormalizedText(string text, string? shrunk)
    {
        Text = text;
        Shrunk = shrunk;
    }

    /// <summary>The normalized text.</summary>
    public string Text { get; }

    /// <summary>
    /// When a letter was stretched (three or more in a row), the text with every repeated letter shrunk to one;
    /// otherwise null.
    /// </summary>
    public string? Shrunk { get; }

    /// <summary>Whether the phrase occurs as whole words; a phrase ending in <c>*</c> matches any word it starts.</summary>
    public bool Contains(Phrase phrase) =>
        Text.Contains(phrase.Pattern, StringComparison.Ordinal) || (Shrunk?.Contains(phrase.ShrunkPattern, StringComparison.Ordinal) ?? false);

    /// <summary>
    /// One phrase of each list, all starting within <paramref name="window"/> words of one another (the first such group
    /// in the text), or null when the text has none.
    /// </summary>
    public IReadOnlyList<Phrase>? FindTogether(IReadOnlyList<IReadOnlyList<Phrase>> lists, int window) =>
        FindTogether(Text, lists, window, phrase => phrase.Pattern)
        ?? (Shrunk is null ? null : FindTogether(Shrunk, lists, window, phrase => phrase.ShrunkPattern));

    private static IReadOnlyList<Phrase>? FindTogether(
        string text, IReadOnlyList<IReadOnlyList<Phrase>> lists, int window, Func<Phrase, string> pattern)
    {
        var hits = new List<(int At, int List, Phrase Phrase)>();
        for (var list = 0; list < lists.Count; list++)
        {
            var before = hits.Count;
            foreach (var phrase in lists[list])
            {
                var wanted = pattern(phrase);
                for (var at = text.IndexOf(wanted, StringComparison.Ordinal); at >= 0; at = text.IndexOf(wanted, at + 1, StringComparison.Ordinal))
                {
                    hits.Add((at, list, phrase));
                }
            }

            if (hits.Count == before)
            {
                return null; // a list with no phrase in the text
            }
        }

        // Word numbers only now that every list has a hit; then the narrowest run of hits that covers every list.
        var words = new int[text.Length];
        for (var i = 1; i < text.Length; i++)
        {
            words[i] = words[i - 1] + (text[i - 1] == ' ' ? 1 : 0);
        }

        hits.Sort((a, b) => a.At.CompareTo(b.At));
        var counts = new int[lists.Count];
        var (covered, start) = (0, 0);
        for (var end = 0; end < hits.Count; end++)
        {
            if (counts[hits[end].List]++ == 0)
            {
                covered++;
            }

            for (; covered == lists.Count; start++)
            {
                if (words[hits[end].At] - words[hits[start].At] <= window)
                {
                    var run = hits.GetRange(start, end - start + 1);
                    return [.. Enumerable.Range(0, lists.Count).Select(list => run.First(hit => hit.List == list).Phrase)];
                }

                if (--counts[hits[start].List] == 0)
                {
                    covered--;
                }
            }
        }

        return null;
    }

    /// <summary>The text with every occurrence of the phrases blanked out.</summary>
    public NormalizedText Without(IReadOnlyList<Phrase> phrases)
    {
        var (text, shrunk) = (Text, Shrunk);
        foreach (var phrase in phrases)
        {
            if (text.Contains(phrase.Pattern, StringComparison.Ordinal))
            {
                text = text.Replace(phrase.Pattern, " ", StringComparison.Ordinal);
            }

            if (shrunk is not null && shrunk.Contains(phrase.ShrunkPattern, StringComparison.Ordinal))
            {
                shrunk = shrunk.Replace(phrase.ShrunkPattern, " ", StringComparison.Ordinal);
            }
        }

        return ReferenceEquals(text, Text) && ReferenceEquals(shrunk, Shrunk) ? this : new NormalizedText(text, shrunk);
    }

    public static NormalizedText Of(string text)
    {
        var words = Words(text);
        JoinSpelledOut(words);
        var normalized = " " + string.Join(' ', words) + " ";
        return new NormalizedText(normalized, Stretched(normalized) ? Shrink(normalized) : null);
    }

    /// <summary>A term from a list, normalized the same way, so lists are written naturally (<c>behead*</c> is a stem).</summary>
    public static Phrase Phrase(string term)
    {
        var stem = term.EndsWith('*');
        var text = Of(stem ? term[..^1] : term).Text.TrimEnd();
        var pattern = stem ? text : text + " ";
        return new Phrase(term, pattern, Shrink(pattern));
    }

    private static bool Stretched(string text)
    {
        for (var i = 2; i < text.Length; i++)
        {
            if (char.IsLetter(text[i]) && text[i] == text[i - 1] && text[i] == text[i - 2])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The words: accents dropped, lower case, look-alikes read as letters, everything else a separator.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var (letters, lookAlikes) = (0, 0);

        void EndWord()
        {
            // Symbols only read as letters inside a word: "wow!" is not "wowi".
            while (word.Length > 0 && !char.IsLetterOrDigit(word[^1]))
            {
                word.Length--;
            }

            if (word.Length > 0)
            {
                // Digits and symbols count as letters only inside words with at least two real letters: p0rn, s3x, k!ll.
                var value = word.ToString();
                words.Add(lookAlikes > 0 && letters >= 2 ? ReadLookAlikes(value) : StripLookAlikeSymbols(value));
                word.Clear();
            }

            (letters, lookAlikes) = (0, 0);
        }

        foreach (var raw in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(raw) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var c = char.ToLowerInvariant(raw);
            if (Folded(c) is { } folded)
            {
                word.Append(folded);
                letters += folded.Length;
            }
            else if (char.IsLetter(c))
            {
                word.Append(c);
                letters++;
            }
            else if (char.IsDigit(c) || (LookAlike(c) is not null && word.Length > 0))
            {
                word.Append(c);
                lookAlikes += LookAlike(c) is null ? 0 : 1;
            }
            else if (c is '\'' or '’' && word.Length > 0)
            {
                // Apostrophes stay inside words: don't, it's.
            }
            else if (c == '-' && word.Length > 0 && letters > 0)
            {
                // Hyphenated words split: self-harm reads as "self harm".
                EndWord();
            }
            else
            {
                EndWord();
            }
        }

        EndWord();
        return words;
    }

    /// <summary>
    /// Accented Latin letters, ligatures, full-width forms and Cyrillic or Greek look-alikes as plain Latin letters
    /// (the process runs without culture data, so Unicode decomposition isn't available).
    /// </summary>
    private static string? Folded(char c)
    {
        if (c is >= '\uFF41' and <= '\uFF5A')
        {
            return ((char)(c - '\uFF41' + 'a')).ToString();
        }

        var at = FoldFrom.IndexOf(c, StringComparison.Ordinal);
        return at < 0 ? (c switch { 'ß' => "ss", 'æ' => "ae", 'œ' => "oe", 'þ' => "th", _ => null }) : FoldTo[at].ToString();
    }

    private const string FoldFrom = "àáâãäåāăąçćčďđèéêëēėęěğìíîïīįıłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿźżžаеорсхуікјԁνοαρτ";
    private const string FoldTo = "aaaaaaaaacccddeeeeeeeegiiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzzaeopcxyikjdvoapt";

    private static string ReadLookAlikes(string word) =>
        string.Concat(word.Select(c => LookAlike(c) ?? c));

    private static string StripLookAlikeSymbols(string word) =>
        word.Any(c => !char.IsLetterOrDigit(c)) ? string.Concat(word.Where(char.IsLetterOrDigit)) : word;

    private static char? LookAlike(char c) => c switch
    {
        '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', '8' => 'b',
        '@' => 'a', '$' => 's', '!' => 'i', '|' => 'l', '€' => 'e',
        _ => null,
    };

    /// <summary>Three or more single letters in a row (<c>n u d e</c>) are one word spelled out.</summary>
    private static void JoinSpelledOut(List<string> words)
    {
        for (var start = 0; start < words.Count; start++)
        {
            var end = start;
            while (end < words.Count && words[end].Length == 1 && char.IsLetter(words[end][0]))
            {
                end++;
            }

            if (end - start >= 3)
            {
                words[start] = string.Concat(words.GetRange(start, end - start));
                words.RemoveRange(start + 1, end - start - 1);
            }
        }
    }

    private static string Shrink(string text)
    {
        var shrunk = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (shrunk.Length == 0 || c != shrunk[^1] || !char.IsLetter(c))
            {
                shrunk.Append(c);
            }
        }

        return shrunk.ToString();
    }
}
