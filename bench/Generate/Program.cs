using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SoraFunctions.Bench;

// ./sora generate of an 8 s 720x1280 clip, as a user runs it (built once before timing); median of the runs.
// From each run's own report:
// - render_s_per_clip_s: the procedural renderer's seconds per second of clip (the picture alone, before encoding),
//   printed beside the figure recorded before the renderer drew from the illustrations (9.6 s for this 8 s clip, on this
//   kind of machine; not remeasured here, as that renderer is gone);
// - outside_media_pct: wall time outside the worker's rendering and the ffmpeg runs (process start-ups, the worker's
//   start-up, the engine, SQLite, the CLI), as a share of wall time;
// - outside_steps_pct: wall time outside the media steps (RunGeneration, SyncAudio, PostEdit, ScreenOutput, Publish).
const int Runs = 3;
const string Prompt = "A golden retriever runs along a beach at sunset while the camera pans right, seagulls overhead. " +
    "The owner shouts \"Come here, buddy!\"";
string[] mediaSteps = ["RunGeneration", "SyncAudio", "PostEdit", "ScreenOutput", "Publish"];
const double RenderBefore = 9.6 / 8;

var root = Directory.CreateTempSubdirectory("sora-bench-generate-");
try
{
    await Commands.RunAsync(Commands.Sora, ["list", "--data", Path.Combine(root.FullName, "build")]);
    var runs = new List<(double Wall, double Media, double Steps, double Render)>();
    for (var run = 0; run < Runs; run++)
    {
        var clock = Stopwatch.StartNew();
        var printed = await Commands.RunAsync(Commands.Sora,
            ["generate", Prompt, "--seconds", "8", "--size", "720x1280", "--seed", $"{run}", "--data", Path.Combine(root.FullName, $"{run}")]);
        var wall = clock.Elapsed.TotalSeconds;
        var steps = Regex.Matches(printed, @"✓ (\w+)\s+([\d.]+) s")
            .Where(m => mediaSteps.Contains(m.Groups[1].Value))
            .Sum(m => Number(m.Groups[2].Value));
        var media = Regex.Match(printed, @"media\s+([\d.]+)s of wall time \(render ([\d.]+)s");
        runs.Add((wall, Number(media.Groups[1].Value), steps, Number(media.Groups[2].Value)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run}: wall {wall:0.00} s, media {runs[^1].Media:0.00} s, media steps {steps:0.00} s, render {runs[^1].Render:0.00} s"));
    }

    var (wallMedian, mediaMedian, stepsMedian, _) = runs.OrderBy(r => r.Wall).ElementAt(Runs / 2);
    var renderMedian = runs.Select(r => r.Render).Order().ElementAt(Runs / 2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"wall_s={wallMedian:0.00} render_s_per_clip_s={renderMedian / 8:0.00} (before: {RenderBefore:0.00}) outside_media_pct={(wallMedian - mediaMedian) / wallMedian * 100:0.0} outside_steps_pct={(wallMedian - stepsMedian) / wallMedian * 100:0.0}"));
}
finally
{
    root.Delete(recursive: true);
}

static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
