namespace SoraFunctions.Core.Safety;

/// <summary>
/// The local analyzer: <see cref="SafetyRules"/> over normalized text, no network, and every finding names its rule.
/// It has no image model, so it finds nothing in an image by itself; known harmful images are caught by the policy's
/// fingerprint list, which applies to every analyzer.
/// </summary>
public sealed class LocalContentAnalyzer : IContentAnalyzer
{
    /// <summary>The rules, most severe first, so a category stops at its worst hit.</summary>
    private static readonly HarmRule[] MostSevereFirst = [.. SafetyRules.Harm.OrderByDescending(r => r.Severity)];

    public Task<ContentAnalysis> AnalyzeTextAsync(string text, bool detectJailbreak, CancellationToken cancellation = default) =>
        Task.FromResult(Analyze(NormalizedText.Of(text), detectJailbreak));

    public Task<ContentAnalysis> AnalyzeImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellation = default) =>
        Task.FromResult(ContentAnalysis.Clean);

    public static ContentAnalysis Analyze(NormalizedText text, bool detectJailbreak)
    {
        var harmful = text.Without(SafetyRules.Harmless);
        var severities = new Dictionary<HarmCategory, int>();
        var rules = new List<string>();
        foreach (var rule in MostSevereFirst)
        {
            if (severities.ContainsKey(rule.Category))
            {
                continue;
            }

            if (rule.Match(harmful) is { } hit)
            {
                severities[rule.Category] = rule.Severity;
                rules.Add($"{rule.Name} {hit}");
            }
        }

        var jailbreak = detectJailbreak ? SafetyRules.Jailbreaks.FirstOrDefault(j => j.Pattern.IsMatch(text.Text)).Name : null;
        if (jailbreak is not null)
        {
            rules.Add(jailbreak);
        }

        return new ContentAnalysis(severities, jailbreak is not null, rules);
    }
}
