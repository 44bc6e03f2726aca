using System.Text.RegularExpressions;

namespace SoraFunctions.Core.Safety;

/// <summary>A prompt to screen: who asks (their age, when known) and the cameos that consent to appear for them.</summary>
public sealed record PromptScreening(string Prompt, int? Age = null, IReadOnlyCollection<string>? ConsentedCameos = null);

/// <summary>An image to screen: its bytes, and its difference hash for the known-image list.</summary>
public sealed record ScreenedImage(ReadOnlyMemory<byte> Bytes, ulong Fingerprint, string Name);

/// <summary>
/// Applies the <see cref="SafetyPolicy"/> to what an <see cref="IContentAnalyzer"/> finds, plus the rules that are
/// policy whoever analyzes: sexual content involving minors, jailbreaks, custom blocklists, likeness (real people only
/// through a consenting cameo), copyrighted characters and lyrics, and known harmful images. Codes are hierarchical:
/// <c>SAFETY.{INPUT|OUTPUT}.{TEXT|IMAGE|FRAME|SPEECH}.{CATEGORY}</c>, <c>SAFETY.INPUT.JAILBREAK</c>,
/// <c>SAFETY.INPUT.LIKENESS.*</c>, <c>SAFETY.INPUT.COPYRIGHT.*</c>, <c>SAFETY.INPUT.BLOCKLIST</c>.
/// </summary>
public sealed class ContentScreener
{
    public const string InputText = "SAFETY.INPUT.TEXT";
    public const string InputImage = "SAFETY.INPUT.IMAGE";
    public const string OutputFrame = "SAFETY.OUTPUT.FRAME";
    public const string OutputSpeech = "SAFETY.OUTPUT.SPEECH";
    public const string Jailbreak = "SAFETY.INPUT.JAILBREAK";
    public const string Blocklist = "SAFETY.INPUT.BLOCKLIST";
    public const string PublicFigure = "SAFETY.INPUT.LIKENESS.PUBLIC_FIGURE";
    public const string NoConsent = "SAFETY.INPUT.LIKENESS.NO_CONSENT";
    public const string Character = "SAFETY.INPUT.COPYRIGHT.CHARACTER";
    public const string Lyrics = "SAFETY.INPUT.COPYRIGHT.LYRICS";
    public const string Caption = "SAFETY.CAPTION";

    /// <summary>Sexual content at this severity or above involving a minor is blocked for everyone.</summary>
    private const int SexualWithMinors = 3;

    private readonly IContentAnalyzer analyzer;
    private readonly SafetyPolicy policy;
    private readonly IReadOnlyList<Phrase> blockedTerms;
    private readonly IReadOnlyList<Regex> blockedPatterns;
    private readonly IReadOnlyList<Phrase> publicFigures;
    private readonly IReadOnlyList<(ulong Fingerprint, BlockedImage Image)> blockedImages;

    public ContentScreener(IContentAnalyzer analyzer, SafetyPolicy policy)
    {
        this.analyzer = analyzer;
        this.policy = policy;
        blockedTerms = [.. policy.BlockedTerms.Select(NormalizedText.Phrase)];
        blockedPatterns = [.. policy.BlockedPatterns.Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)))];
        publicFigures = [.. SafetyRules.PublicFigures, .. policy.PublicFigures.Select(NormalizedText.Phrase)];
        blockedImages = [.. policy.BlockedImages.Select(b => (ImageFingerprint.Parse(b.Fingerprint), b))];
    }

    /// <summary>Screens a prompt before anything is generated.</summary>
    public async Task<ScreeningResult> ScreenPromptAsync(PromptScreening request, CancellationToken cancellation = default)
    {
        var analysis = await analyzer.AnalyzeTextAsync(request.Prompt, detectJailbreak: true, cancellation);
        var text = NormalizedText.Of(request.Prompt);
        var hits = TextHits(analysis, text, InputText, request.Age);
        if (analysis.Jailbreak)
        {
            hits.Add(new SafetyHit(Jailbreak, Explain(analysis, "jailbreak"), Verdict.Block));
        }

        hits.AddRange(BlocklistHits(analysis, text, Blocklist));

        if (publicFigures.FirstOrDefault(text.Contains) is { } figure)
        {
            hits.Add(new SafetyHit(PublicFigure, $"public figure '{figure.Term}' without their cameo", Verdict.Block));
        }

        var consented = request.ConsentedCameos ?? [];
        foreach (var mention in PromptReview.Mentions(request.Prompt).Where(m => !consented.Contains(m, StringComparer.OrdinalIgnoreCase)))
        {
            hits.Add(new SafetyHit(NoConsent, $"@{mention} has no cameo that consents to appear for you", Verdict.Block));
        }

        if (SafetyRules.Characters.FirstOrDefault(text.Contains) is { } character)
        {
            hits.Add(new SafetyHit(Character, $"copyrighted character '{character.Term}'", Verdict.Block));
        }

        hits.AddRange(LyricsHits(text));
        return ScreeningResult.From(hits, analysis.Severities);
    }

    /// <summary>
    /// Screens words a member writes for others to read (a caption, a comment) under a code prefix: harm under the
    /// writer's age rules, sexual content involving minors, and the blocklists (<c>{prefix}.BLOCKLIST</c>).
    /// </summary>
    public async Task<ScreeningResult> ScreenTextAsync(string text, string codePrefix, int? age, CancellationToken cancellation = default)
    {
        var analysis = await analyzer.AnalyzeTextAsync(text, detectJailbreak: false, cancellation);
        var normalized = NormalizedText.Of(text);
        return ScreeningResult.From(
            [.. TextHits(analysis, normalized, codePrefix, age), .. BlocklistHits(analysis, normalized, $"{codePrefix}.BLOCKLIST")], analysis.Severities);
    }

    /// <summary>Screens an image (an input reference or a sampled frame) under a code prefix.</summary>
    public async Task<ScreeningResult> ScreenImageAsync(ScreenedImage image, string codePrefix, int? age, CancellationToken cancellation = default)
    {
        var analysis = await analyzer.AnalyzeImageAsync(image.Bytes, cancellation);
        var hits = Harm(analysis, codePrefix, age, image.Name);
        foreach (var (fingerprint, blocked) in blockedImages)
        {
            var distance = ImageFingerprint.Distance(fingerprint, image.Fingerprint);
            if (distance <= policy.ImageMatchDistance)
            {
                hits.Add(new SafetyHit($"{codePrefix}.{CodeOf(blocked.Category)}",
                    $"{image.Name} matches the blocked image '{blocked.Label}' ({distance} bits apart)", Verdict.Block));
            }
        }

        return ScreeningResult.From(hits, analysis.Severities);
    }

    /// <summary>Screens a finished clip: its sampled frames and its spoken words.</summary>
    public async Task<ScreeningResult> ScreenOutputAsync(
        IReadOnlyList<ScreenedImage> frames, string transcript, int? age, CancellationToken cancellation = default)
    {
        var speech = await analyzer.AnalyzeTextAsync(transcript, detectJailbreak: false, cancellation);
        var text = NormalizedText.Of(transcript);
        var result = ScreeningResult.From([.. TextHits(speech, text, OutputSpeech, age), .. LyricsHits(text)], speech.Severities);
        foreach (var frame in frames)
        {
            result = result.Merge(await ScreenImageAsync(frame, OutputFrame, age, cancellation));
        }

        return result;
    }

    private List<SafetyHit> TextHits(ContentAnalysis analysis, NormalizedText text, string codePrefix, int? age)
    {
        var hits = Harm(analysis, codePrefix, age, "text");
        if (analysis.Severity(HarmCategory.Sexual) >= SexualWithMinors
            && (SafetyRules.Minors.FirstOrDefault(text.Contains) is not null || SafetyRules.MinorAge().IsMatch(text.Text)))
        {
            hits.Add(new SafetyHit($"{codePrefix}.SEXUAL.MINORS", "sexual content involving a minor", Verdict.Block));
        }

        return hits;
    }

    /// <summary>Each category against the requester's thresholds: at or above blocks, just below warns.</summary>
    private List<SafetyHit> Harm(ContentAnalysis analysis, string codePrefix, int? age, string what)
    {
        var thresholds = policy.ThresholdsFor(age);
        var hits = new List<SafetyHit>();
        foreach (var (category, severity) in analysis.Severities)
        {
            var threshold = thresholds.For(category);
            var verdict = severity >= threshold ? Verdict.Block : severity >= threshold - policy.WarnMargin ? Verdict.Warn : Verdict.Allow;
            if (verdict != Verdict.Allow && severity > 0)
            {
                hits.Add(new SafetyHit(
                    $"{codePrefix}.{CodeOf(category)}",
                    $"{what}: {CodeOf(category).ToLowerInvariant()} severity {severity} (blocks at {threshold}); {Explain(analysis, NameOf(category))}",
                    verdict));
            }
        }

        return hits;
    }

    /// <summary>The analyzer's blocklist matches (Azure's server-side lists) and the policy's own terms and patterns.</summary>
    private IEnumerable<SafetyHit> BlocklistHits(ContentAnalysis analysis, NormalizedText text, string code)
    {
        if (analysis.BlocklistMatches is [var match, ..])
        {
            yield return new SafetyHit(code, $"blocklist match {match}", Verdict.Block);
        }

        if (blockedTerms.FirstOrDefault(text.Contains) is { } term)
        {
            yield return new SafetyHit(code, $"blocklist term '{term.Term}'", Verdict.Block);
        }

        if (blockedPatterns.FirstOrDefault(p => p.IsMatch(text.Text)) is { } pattern)
        {
            yield return new SafetyHit(code, $"blocklist pattern '{pattern}'", Verdict.Block);
        }
    }

    private static IEnumerable<SafetyHit> LyricsHits(NormalizedText text)
    {
        if (SafetyRules.LyricLines.FirstOrDefault(text.Contains) is { } line)
        {
            yield return new SafetyHit(Lyrics, $"song lyrics '{line.Term}'", Verdict.Block);
        }
        else if (SafetyRules.Songs.FirstOrDefault(text.Contains) is { } song && SafetyRules.Singing.Any(text.Contains))
        {
            yield return new SafetyHit(Lyrics, $"a performance of the song '{song.Term}'", Verdict.Block);
        }
    }

    /// <summary>The analyzer's findings for one rule family, e.g. every "violence.*" rule that matched.</summary>
    private static string Explain(ContentAnalysis analysis, string family)
    {
        var rules = analysis.Rules.Where(r => r.StartsWith(family, StringComparison.Ordinal)).ToList();
        return rules.Count == 0 ? family : string.Join(", ", rules);
    }

    private static string NameOf(HarmCategory category) => category switch
    {
        HarmCategory.SelfHarm => "self-harm",
        _ => category.ToString().ToLowerInvariant(),
    };

    public static string CodeOf(HarmCategory category) => category switch
    {
        HarmCategory.SelfHarm => "SELF_HARM",
        _ => category.ToString().ToUpperInvariant(),
    };
}
