using SoraFunctions.Core.Safety;

namespace SoraFunctions.Azure.Safety;

/// <summary>
/// The analyzer on Azure AI Content Safety: text:analyze (eight severity levels, the named server-side blocklists) and,
/// for prompts, text:shieldPrompt, over the text in pieces the service accepts; image:analyze for images. The policy
/// applied to what it finds is the same as the local analyzer's.
/// </summary>
public sealed class AzureContentAnalyzer(ContentSafetyClient client, IReadOnlyList<string> blocklistNames) : IContentAnalyzer
{
    public async Task<ContentAnalysis> AnalyzeTextAsync(string text, bool detectJailbreak, CancellationToken cancellation = default)
    {
        var severities = new Dictionary<HarmCategory, int>();
        var rules = new List<string>();
        var matches = new List<string>();
        var jailbreak = false;
        foreach (var piece in Pieces(text))
        {
            var analysis = client.AnalyzeTextAsync(piece, blocklistNames, cancellation: cancellation);
            var shield = detectJailbreak ? client.ShieldPromptAsync(piece, cancellation: cancellation) : null;
            var result = await analysis;
            Add(result.CategoriesAnalysis, severities, rules, "text");
            matches.AddRange((result.BlocklistsMatch ?? []).Select(m => $"'{m.BlocklistItemText}' in Azure blocklist '{m.BlocklistName}'"));
            if (shield is not null && (await shield).UserPromptAnalysis.AttackDetected)
            {
                jailbreak = true;
                rules.Add("jailbreak: Azure Prompt Shields detected an attack in the user prompt");
            }
        }

        return new ContentAnalysis(severities, jailbreak, rules, matches);
    }

    public async Task<ContentAnalysis> AnalyzeImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellation = default)
    {
        var severities = new Dictionary<HarmCategory, int>();
        var rules = new List<string>();
        Add((await client.AnalyzeImageAsync(image, cancellation)).CategoriesAnalysis, severities, rules, "image");
        return new ContentAnalysis(severities, false, rules);
    }

    /// <summary>The text in pieces of at most the service's length, cut at whitespace where it can be.</summary>
    public static IEnumerable<string> Pieces(string text)
    {
        for (var start = 0; start < text.Length;)
        {
            var length = Math.Min(ContentSafetyClient.MaxTextLength, text.Length - start);
            if (start + length < text.Length && text.LastIndexOf(' ', start + length - 1, length) is var space and > 0 && space > start)
            {
                length = space - start + 1;
            }

            yield return text.Substring(start, length);
            start += length;
        }
    }

    private static void Add(IEnumerable<CategoryAnalysis> categories, Dictionary<HarmCategory, int> severities, List<string> rules, string what)
    {
        foreach (var category in categories)
        {
            if (Category(category.Category) is { } known && category.Severity is { } severity and > 0)
            {
                severities[known] = Math.Max(severities.GetValueOrDefault(known), severity);
                rules.Add($"{Family(known)}: Azure AI Content Safety rates the {what} {category.Category} {severity}");
            }
        }
    }

    private static HarmCategory? Category(string name) => name switch
    {
        "Hate" => HarmCategory.Hate,
        "Sexual" => HarmCategory.Sexual,
        "Violence" => HarmCategory.Violence,
        "SelfHarm" => HarmCategory.SelfHarm,
        _ => null,
    };

    /// <summary>The rule family the screener's explanation groups findings by (as the local rules name them).</summary>
    private static string Family(HarmCategory category) => category == HarmCategory.SelfHarm ? "self-harm" : category.ToString().ToLowerInvariant();
}
