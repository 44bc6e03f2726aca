using System.Globalization;
using System.Text;

namespace SoraFunctions.Core.Safety;

/// <summary>A prompt with the outcome it must get: <c>allow</c> (a warning is fine), or the code its block must carry.</summary>
public sealed record LabelledPrompt(string Expected, string Prompt)
{
    public const string Allow = "allow";
}

/// <summary>How a screener did on a labelled set: accuracy, blocks of prompts that must pass, and the confusion matrix.</summary>
public sealed record Evaluation(
    IReadOnlyList<(LabelledPrompt Prompt, string Predicted)> Outcomes,
    IReadOnlyList<(LabelledPrompt Prompt, ScreeningResult Result)> Misses)
{
    public int Correct => Outcomes.Count(o => o.Predicted == o.Prompt.Expected);

    public double Accuracy => Outcomes.Count == 0 ? 0 : Correct / (double)Outcomes.Count;

    /// <summary>Prompts labelled <c>allow</c> that were blocked.</summary>
    public int FalseBlocks => Outcomes.Count(o => o.Prompt.Expected == LabelledPrompt.Allow && o.Predicted != LabelledPrompt.Allow);

    /// <summary>The confusion matrix (rows: expected, columns: predicted) and the misses, as text.</summary>
    public string Report()
    {
        static string Short(string code) => code.Replace("SAFETY.INPUT.", "", StringComparison.Ordinal);
        var labels = Outcomes.SelectMany(o => new[] { o.Prompt.Expected, o.Predicted }).Distinct()
            .OrderBy(l => l == LabelledPrompt.Allow ? "" : l, StringComparer.Ordinal).ToList();
        var width = labels.Max(l => Short(l).Length) + 2;
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"{"expected \\ predicted".PadRight(width)}");
        report.AppendJoin("", labels.Select((_, i) => $"{i,5}")).AppendLine();
        for (var row = 0; row < labels.Count; row++)
        {
            report.Append(CultureInfo.InvariantCulture, $"{row,2} {Short(labels[row]).PadRight(width - 3)}");
            foreach (var column in labels)
            {
                report.Append(CultureInfo.InvariantCulture, $"{Outcomes.Count(o => o.Prompt.Expected == labels[row] && o.Predicted == column),5}");
            }

            report.AppendLine();
        }

        report.AppendLine(CultureInfo.InvariantCulture,
            $"accuracy {Accuracy:P1} ({Correct} of {Outcomes.Count}), false blocks of ordinary prompts: {FalseBlocks}");
        foreach (var (prompt, result) in Misses)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"miss: expected {prompt.Expected}, got {(result.Block is { } block ? $"{block.Code} ({block.Rule})" : "allow")}: {prompt.Prompt}");
        }

        return report.ToString();
    }
}

public static class ScreeningEvaluation
{
    /// <summary>Reads a labelled set: one <c>expected&lt;TAB&gt;prompt</c> per line; blank lines and <c>#</c> comments skipped.</summary>
    public static IReadOnlyList<LabelledPrompt> Read(string path) =>
    [
        .. File.ReadLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t', 2) is [var expected, var prompt]
                ? new LabelledPrompt(expected.Trim(), prompt.Trim())
                : throw new FormatException($"Not 'expected<TAB>prompt': {line}")),
    ];

    public static async Task<Evaluation> RunAsync(ContentScreener screener, IReadOnlyList<LabelledPrompt> set, CancellationToken cancellation = default)
    {
        var outcomes = new List<(LabelledPrompt, string)>();
        var misses = new List<(LabelledPrompt, ScreeningResult)>();
        foreach (var prompt in set)
        {
            var result = await screener.ScreenPromptAsync(new PromptScreening(prompt.Prompt), cancellation);
            var predicted = !result.Blocked ? LabelledPrompt.Allow
                : result.Hits.Any(h => h.Verdict == Verdict.Block && h.Code == prompt.Expected) ? prompt.Expected
                : result.Block!.Code;
            outcomes.Add((prompt, predicted));
            if (predicted != prompt.Expected)
            {
                misses.Add((prompt, result));
            }
        }

        return new Evaluation(outcomes, misses);
    }
}
