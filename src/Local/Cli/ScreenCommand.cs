using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;
using SoraFunctions.Api;
using SoraFunctions.Media;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Cli;

/// <summary>
/// <c>./sora screen</c>: prompt validation and input screening without generating — one prompt (and optionally an
/// input image), or a labelled set with <c>--evaluate</c>, which prints the confusion matrix.
/// </summary>
public static class ScreenCommand
{
    /// <summary>What <c>screen --json</c> prints.</summary>
    public sealed record Report(
        string Verdict, IReadOnlyList<string> Codes, IReadOnlyDictionary<string, int> Categories, double Specificity,
        IReadOnlyList<string> Suggestions, IReadOnlyList<string> Mentions, IReadOnlyList<HitReport> Hits, string? ImageFingerprint,
        IReadOnlyList<string>? Depicted, IReadOnlyList<string>? NotDepicted);

    public sealed record HitReport(string Verdict, string Code, string Rule);

    public static Command Create(Func<ParseResult, string> dataPath)
    {
        var prompt = new Argument<string?>("prompt") { Description = "The prompt to screen.", Arity = ArgumentArity.ZeroOrOne };
        var age = new Option<int?>("--age") { Description = "The requester's age in years (stricter rules under 18)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var strict = new Option<bool>("--strict") { Description = "A vague prompt blocks instead of warning." };
        var image = new Option<string?>("--image") { Description = "An input image to screen with the prompt." };
        var evaluate = new Option<string?>("--evaluate") { Description = "A labelled set (expected<TAB>prompt per line): print the confusion matrix." };
        var command = new Command("screen", "Validate and screen a prompt without generating; prints the verdict, codes, categories and suggestions.")
        {
            prompt, age, json, strict, image, evaluate,
        };
        command.SetAction((parse, cancellation) => parse.GetValue(evaluate) is { } set
            ? EvaluateAsync(dataPath(parse), set, cancellation)
            : ScreenAsync(
                dataPath(parse), parse.GetValue(prompt), parse.GetValue(age), parse.GetValue(strict), parse.GetValue(image), parse.GetValue(json),
                cancellation));
        return command;
    }

    private static async Task<int> ScreenAsync(
        string dataPath, string? prompt, int? age, bool strict, string? imagePath, bool json, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            await Console.Error.WriteLineAsync($"error: {ErrorCodes.PromptEmpty}: give a prompt to screen (or --evaluate FILE).");
            return SoraCli.BadInput;
        }

        if (imagePath is not null && !File.Exists(imagePath))
        {
            await Console.Error.WriteLineAsync($"error: no image at {imagePath}");
            return SoraCli.BadInput;
        }

        using var host = LocalHost.ForScreening(dataPath);
        var screener = host.Services.GetRequiredService<ContentScreener>();
        var review = PromptReview.Of(prompt);
        var preview = host.Services.GetRequiredService<IScenePreview>().Preview(prompt);
        var result = await screener.ScreenPromptAsync(new PromptScreening(prompt, age), cancellation);
        if (review.Vague)
        {
            result = result.Merge(ScreeningResult.From(
                [new SafetyHit(PromptReview.VagueCode, review.Summary, strict ? Verdict.Block : Verdict.Warn)], new Dictionary<HarmCategory, int>()));
        }

        ScreenedImage? image = null;
        if (imagePath is not null)
        {
            try
            {
                image = await VideoService.ReadInputAsync(new FfmpegMediaEngine(), imagePath, cancellation);
            }
            catch (RequestRejectedException rejected)
            {
                await Console.Error.WriteLineAsync($"error: {rejected.Error.Code}: {rejected.Error.Message}");
                return SoraCli.BadInput;
            }

            result = result.Merge(await screener.ScreenImageAsync(image, ContentScreener.InputImage, age, cancellation));
        }

        var report = new Report(
            Name(result.Verdict), result.Codes,
            Enum.GetValues<HarmCategory>().ToDictionary(c => ContentScreener.CodeOf(c).ToLowerInvariant(), c => result.Categories.GetValueOrDefault(c)),
            review.Specificity, review.Suggestions, review.Mentioned, [.. result.Hits.Select(h => new HitReport(Name(h.Verdict), h.Code, h.Rule))],
            image is null ? null : ImageFingerprint.Format(image.Fingerprint), preview?.Depicted, preview?.NotDepicted);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, Json));
        }
        else
        {
            Console.WriteLine($"{report.Verdict}  specificity {report.Specificity:0.00}  "
                + string.Join("  ", report.Categories.Select(c => $"{c.Key} {c.Value}")));
            foreach (var hit in report.Hits)
            {
                Console.WriteLine($"  {hit.Verdict,-5} {hit.Code}  {hit.Rule}");
            }

            foreach (var suggestion in report.Suggestions)
            {
                Console.WriteLine($"  hint  {suggestion}");
            }

            if (report.Depicted is { } depicted)
            {
                Console.WriteLine($"  draws       {(depicted.Count == 0 ? "nothing the prompt names" : string.Join(" · ", depicted))}");
                Console.WriteLine($"  leaves out  {(report.NotDepicted!.Count == 0 ? "nothing" : string.Join(" · ", report.NotDepicted))}");
            }

            if (report.ImageFingerprint is { } fingerprint)
            {
                Console.WriteLine($"  image fingerprint {fingerprint}");
            }
        }

        return result.Blocked ? SoraCli.Failed : SoraCli.Done;
    }

    private static async Task<int> EvaluateAsync(string dataPath, string setPath, CancellationToken cancellation)
    {
        IReadOnlyList<LabelledPrompt> set;
        try
        {
            set = ScreeningEvaluation.Read(setPath);
        }
        catch (Exception exception) when (exception is IOException or FormatException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: cannot read the labelled set {setPath}: {exception.Message}");
            return SoraCli.BadInput;
        }

        using var host = LocalHost.ForScreening(dataPath);
        var evaluation = await ScreeningEvaluation.RunAsync(host.Services.GetRequiredService<ContentScreener>(), set, cancellation);
        Console.Write(evaluation.Report());
        return evaluation.Misses.Count == 0 ? SoraCli.Done : SoraCli.Failed;
    }

    private static string Name(Verdict verdict) => verdict.ToString().ToLowerInvariant();

    private static readonly JsonSerializerOptions Json = new(VideoObject.Json) { WriteIndented = true };
}
