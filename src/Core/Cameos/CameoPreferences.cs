using System.Text.RegularExpressions;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Cameos;

/// <summary>
/// A cameo owner's terms, read from their own words: each clause (split at sentence ends, semicolons, commas and line
/// breaks) that starts with "never", "no", "not", "don't" or "without" names what the cameo must not appear in
/// ("never in horror" → horror); every other clause is a direction for how it appears ("always wearing a red scarf"),
/// added to each generation that casts it.
/// </summary>
public static partial class CameoPreferences
{
    /// <summary>The words a refusal's subject is stripped of: "never be shown in a horror film" refuses "horror film".</summary>
    private static readonly HashSet<string> Filler =
    [
        "be", "being", "shown", "show", "me", "in", "a", "an", "any", "the", "as", "with", "doing", "appear", "appearing", "put",
        "used", "use", "for", "of", "my", "into", "on", "make", "made", "to", "involved", "wearing", "wear",
    ];

    /// <summary>What the cameo must not appear in, as phrases matched like the safety rules' (whole words, any case).</summary>
    public static IReadOnlyList<Phrase> Refusals(string preferences) =>
        [.. Clauses(preferences)
            .Select(clause => Refusal().Match(clause))
            .Where(match => match.Success)
            .Select(match => string.Join(' ', match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(Filler.Contains)))
            .Where(subject => subject.Length > 0)
            .Select(NormalizedText.Phrase)];

    /// <summary>How the cameo appears: the clauses that are not refusals, without a leading "always".</summary>
    public static IReadOnlyList<string> Directions(string preferences) =>
        [.. Clauses(preferences)
            .Where(clause => !Refusal().IsMatch(clause))
            .Select(clause => Always().Replace(clause, ""))
            .Where(clause => clause.Length > 0)];

    /// <summary>Why the prompt breaks the owner's terms for <paramref name="username"/>'s cameo, or null when it doesn't.</summary>
    public static VideoError? Conflict(string prompt, string username, string preferences)
    {
        var text = NormalizedText.Of(prompt);
        return Refusals(preferences).FirstOrDefault(text.Contains) is { } refused
            ? new VideoError(CameoCodes.PreferenceConflict, $"@{username}'s cameo is never in '{refused.Term}': change the prompt or leave them out.")
            : null;
    }

    private static IEnumerable<string> Clauses(string preferences) =>
        ClauseBreak().Split(preferences.ToLowerInvariant()).Select(clause => clause.Trim()).Where(clause => clause.Length > 0);

    [GeneratedRegex(@"[.;,!\n]+")]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"^(?:never|no|not|don't|do not|dont|without)\b\s*(.*)$")]
    private static partial Regex Refusal();

    [GeneratedRegex(@"^always\s+")]
    private static partial Regex Always();
}
