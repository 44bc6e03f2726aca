using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SoraFunctions.Bench;

// Loudness of published masters across kinds of sound: ./sora generate over prompts (dialogue-heavy, music only,
// ambience only, mostly quiet, effects) and seeds, plain and with a trim and speed ramps, each master measured with
// ffmpeg's ebur128 (integrated loudness, true peak) as a listener's player would decode it.
// Prints masters=N on_target_pct=P worst_lufs_error=E max_true_peak_dbtp=T (target -14 +/- 1 LUFS, <= -1 dBTP).
string[] prompts =
[
    "A golden retriever runs along a beach at sunset, the camera pans right. \"Come here, buddy!\"",
    "Two friends argue in a kitchen. \"You ate my sandwich!\" \"I did not!\" \"Then who did?\" \"The cat, obviously.\"",
    "A string quartet plays a dramatic piece in an empty concert hall, slow dolly in, music only",
    "Rain falls on a quiet forest at night, ambient sounds only, static shot",
    "An empty library at midnight, almost silent, a clock ticks softly, static shot",
    "Fireworks explode over a harbor at night, wide shot, loud bangs",
];
string[][] edits = [[], ["--trim", "0.5:7", "--speed", "1:3:0.5", "--speed", "4:5:2"]];
const int Seeds = 3;

var root = Directory.CreateTempSubdirectory("sora-bench-loudness-");
try
{
    var masters = new List<(double Lufs, double TruePeak)>();
    for (var p = 0; p < prompts.Length; p++)
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            foreach (var edit in edits)
            {
                var output = Path.Combine(root.FullName, $"{p}-{seed}-{edit.Length}.mp4");
                await Commands.RunAsync(Commands.Sora, ["generate", prompts[p], "--seconds", "8", "--seed", $"{seed}", "--out", output, .. edit, "--data", Path.Combine(root.FullName, "data")]);
                var log = await Commands.RunAsync("ffmpeg", ["-nostats", "-hide_banner", "-i", output, "-map", "0:a", "-af", "ebur128=peak=true", "-f", "null", "-"], stderr: true);
                var summary = log[log.LastIndexOf("Integrated loudness:", StringComparison.Ordinal)..];
                masters.Add((Number(Regex.Match(summary, @"I:\s+([-\d.]+) LUFS").Groups[1].Value), Number(Regex.Match(summary, @"Peak:\s+([-\d.]+) dBFS").Groups[1].Value)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"prompt {p} seed {seed} {(edit.Length == 0 ? "plain " : "edited")}: {masters[^1].Lufs,6:0.0} LUFS {masters[^1].TruePeak,5:0.0} dBTP"));
            }
        }
    }

    var onTarget = masters.Count(m => Math.Abs(m.Lufs + 14) <= 1 && m.TruePeak <= -1);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"masters={masters.Count} on_target_pct={100.0 * onTarget / masters.Count:0} worst_lufs_error={masters.Max(m => Math.Abs(m.Lufs + 14)):0.0} max_true_peak_dbtp={masters.Max(m => m.TruePeak):0.0}"));
}
finally
{
    root.Delete(recursive: true);
}

static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
