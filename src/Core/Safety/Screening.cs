using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Safety;

/// <summary>The harm categories every screener scores, each on a 0–7 severity scale (Azure AI Content Safety's).</summary>
public enum HarmCategory { Hate, Sexual, Violence, SelfHarm }

public enum Verdict { Allow, Warn, Block }

/// <summary>One reason behind a verdict: its stable code, and the rule or service finding that raised it.</summary>
public sealed record SafetyHit(string Code, string Rule, Verdict Verdict);

/// <summary>
/// What an analyzer found in a text or an image, before the policy decides: severities, a jailbreak attempt, the rules or
/// findings behind them, and matches in blocklists the analyzer keeps itself (a service's server-side lists).
/// </summary>
public sealed record ContentAnalysis(
    IReadOnlyDictionary<HarmCategory, int> Severities, bool Jailbreak, IReadOnlyList<string> Rules, IReadOnlyList<string>? BlocklistMatches = null)
{
    public static ContentAnalysis Clean { get; } = new(new Dictionary<HarmCategory, int>(), false, []);

    public int Severity(HarmCategory category) => Severities.GetValueOrDefault(category);
}

/// <summary>
/// Scores text and images for harm (and prompts for jailbreak attempts): the local rules or Azure AI Content Safety.
/// The policy — thresholds, ages, blocklists, likeness — is applied to what it finds by <see cref="ContentScreener"/>.
/// </summary>
public interface IContentAnalyzer
{
    Task<ContentAnalysis> AnalyzeTextAsync(string text, bool detectJailbreak, CancellationToken cancellation = default);

    Task<ContentAnalysis> AnalyzeImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellation = default);
}

/// <summary>A screening's outcome: the verdict, every code behind it, the categories' severities, and the hits.</summary>
public sealed record ScreeningResult(Verdict Verdict, IReadOnlyList<SafetyHit> Hits, IReadOnlyDictionary<HarmCategory, int> Categories)
{
    public static ScreeningResult Allowed { get; } = new(Verdict.Allow, [], new Dictionary<HarmCategory, int>());

    public bool Blocked => Verdict == Verdict.Block;

    public IReadOnlyList<string> Codes => Hits.Select(h => h.Code).Distinct().ToList();

    /// <summary>The first blocking hit, the one a refused video reports.</summary>
    public SafetyHit? Block => Hits.FirstOrDefault(h => h.Verdict == Verdict.Block);

    /// <summary>
    /// What screening let through close to its limits, as the creator is told it (a moderator is asked to look too).
    /// </summary>
    public IReadOnlyList<QualityIssue> Warnings =>
        [.. Hits.Where(hit => hit.Verdict == Verdict.Warn).DistinctBy(hit => hit.Code).Select(hit => new QualityIssue(
            hit.Code, IssueSeverity.Warning, $"Content safety let this through close to its limit ({hit.Rule.Split(';')[0]}): a moderator may look at it."))];

    /// <summary>The error a refused request or clip fails with; null when nothing blocks.</summary>
    public VideoError? ToError() => Block is { } block ? new VideoError(block.Code, $"Blocked by content safety: {block.Rule}.") : null;

    public static ScreeningResult From(IEnumerable<SafetyHit> hits, IReadOnlyDictionary<HarmCategory, int> categories)
    {
        var list = hits.OrderByDescending(h => h.Verdict).ToList();
        return new(list.Count == 0 ? Verdict.Allow : list[0].Verdict, list, categories);
    }

    /// <summary>Both screenings' hits together, the worst severity of each category.</summary>
    public ScreeningResult Merge(ScreeningResult other) => From(
        Hits.Concat(other.Hits),
        Categories.Concat(other.Categories).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Max(c => c.Value)));
}
