using System.Globalization;
using System.Text.RegularExpressions;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Media.Audio;

/// <summary>
/// The loudness every published clip has: −14 LUFS integrated (±<see cref="Tolerance"/>) with its true peak at or under
/// <see cref="MaxTruePeak"/>, as the encoded AAC measures, since every encode can move it. A sound is brought there by
/// a gain and a true-peak limiter (four times oversampled, so peaks between samples are caught); the encoded result is
/// measured, and the gain and the limiter's ceiling are corrected until it is on target.
/// </summary>
public static partial class LoudnessNormalizer
{
    public const double TargetLufs = -14;

    /// <summary>How far from the target the integrated loudness may land.</summary>
    public const double Tolerance = 1;

    public const double MaxTruePeak = -1;

    /// <summary>
    /// A sound within this much of the target, its peak this far under the ceiling, is left alone; a correction aims
    /// for it. The room to spare keeps it on target through later stream copies.
    /// </summary>
    private const double SettledLufs = 0.5;

    private const double SettledTruePeak = MaxTruePeak - 0.2;

    /// <summary>Where the limiter starts: the encoder adds a few tenths of a dB to the peaks it is given.</summary>
    public const double FirstCeiling = -2.5;

    private const int MaxRounds = 5;

    /// <summary>No sound is lifted more than this: below it there is only noise to lift.</summary>
    private const double MaxGain = 30;

    /// <summary>The measuring filter, and how it is read: <see cref="ReadSummary"/>.</summary>
    public const string Measure = "ebur128=peak=true";

    public static bool OnTarget(Loudness loudness) =>
        Math.Abs(loudness.IntegratedLufs - TargetLufs) <= Tolerance && loudness.TruePeakDbtp <= MaxTruePeak;

    /// <summary>The filter that lifts or lowers a sound by <paramref name="gainDb"/> and holds its true peak under <paramref name="ceilingDbtp"/>.</summary>
    public static string Filter(double gainDb, double ceilingDbtp) => string.Create(CultureInfo.InvariantCulture,
        $"volume={Math.Min(gainDb, MaxGain):0.###}dB,aresample={4 * StereoBuffer.SampleRate},alimiter=limit={Math.Pow(10, ceilingDbtp / 20):0.####}:attack=1:release=50:level=false:latency=true,aresample={StereoBuffer.SampleRate}");

    /// <summary>The gain that brings a sound measured at <paramref name="integratedLufs"/> to the target (none for silence).</summary>
    public static double GainFor(double integratedLufs) => double.IsFinite(integratedLufs) && integratedLufs > -70 ? TargetLufs - integratedLufs : 0;

    /// <summary>Measures the sound of a media file (its first audio stream), decoding only the sound.</summary>
    public static async Task<Loudness> MeasureAsync(string path, CancellationToken cancellation) =>
        ReadSummary(await Ffmpeg.RunAsync(["-nostats", "-i", path, "-map", "0:a:0", "-af", Measure, "-f", "null", "-"], cancellation))
        ?? throw new MediaException($"ebur128 printed no summary for {path}.");

    /// <summary>
    /// The clip itself when its sound is on target; else a copy in <paramref name="output"/> with the sound re-encoded
    /// (the picture copied) and corrected until the encoded sound measures on target, or the closest of a few rounds
    /// (quality control flags what is left).
    /// </summary>
    public static async Task<string> MeetTargetAsync(string clip, string output, CancellationToken cancellation)
    {
        var measured = await MeasureAsync(clip, cancellation);
        if (Settled(measured) || GainFor(measured.IntegratedLufs) == 0)
        {
            return clip;
        }

        return await SearchAsync(measured, output, Settled, async (gain, ceiling, file) =>
        {
            await Ffmpeg.RunAsync(
                [
                    "-i", clip, "-map", "0:v?", "-map", "0:a:0", "-c:v", "copy", "-af", Filter(gain, ceiling),
                    .. AacArguments, file,
                ],
                cancellation);
            return await MeasureAsync(file, cancellation);
        });
    }

    /// <summary>How every step encodes the sound it makes.</summary>
    public static IReadOnlyList<string> AacArguments { get; } =
        ["-c:a", "aac", "-b:a", "192k", "-ar", StereoBuffer.SampleRate.ToString(CultureInfo.InvariantCulture), "-ac", "2"];

    /// <summary>
    /// Renders a sound measured at <paramref name="measured"/> at gains chosen to bring it to the target, each round
    /// into a file of its own (<paramref name="render"/> makes it at a gain and limiter ceiling and measures it), until one
    /// is <paramref name="good"/> or the rounds run out; the best lands in <paramref name="output"/>. Each round adds the
    /// loudness's miss to the gain, scaled by how much loudness the last change of gain bought (once the limiter works
    /// hard, a dB of gain buys well under a dB of loudness), and takes a peak's excess over the line, and a little, off
    /// the ceiling.
    /// </summary>
    public static async Task<string> SearchAsync(
        Loudness measured, string output, Func<Loudness, bool> good, Func<double, double, string, Task<Loudness>> render)
    {
        var (gain, ceiling) = (GainFor(measured.IntegratedLufs), FirstCeiling);
        var (lastGain, lastLufs) = (0.0, measured.IntegratedLufs);
        (string File, double Miss)? best = null;
        try
        {
            for (var round = 1; round <= MaxRounds; round++)
            {
                var file = $"{output}.{round}{Path.GetExtension(output)}";
                var result = await render(gain, ceiling, file);
                var miss = Math.Abs(result.IntegratedLufs - TargetLufs) + (result.TruePeakDbtp > MaxTruePeak ? Tolerance : 0);
                if (best is null || miss < best.Value.Miss)
                {
                    best = (file, miss);
                }

                if (good(result))
                {
                    break;
                }

                var bought = Math.Abs(gain - lastGain) < 0.01 ? 1 : Math.Clamp((result.IntegratedLufs - lastLufs) / (gain - lastGain), 0.2, 1);
                (lastGain, lastLufs) = (gain, result.IntegratedLufs);
                gain += (TargetLufs - result.IntegratedLufs) / bought;
                ceiling -= Math.Max(0, result.TruePeakDbtp - SettledTruePeak + 0.1);
            }

            File.Move(best!.Value.File, output, overwrite: true);
            return output;
        }
        finally
        {
            for (var round = 1; round <= MaxRounds; round++)
            {
                File.Delete($"{output}.{round}{Path.GetExtension(output)}");
            }
        }
    }

    /// <summary>On target with room to spare, as a correction aims to leave a sound.</summary>
    public static bool Settled(Loudness loudness) =>
        Math.Abs(loudness.IntegratedLufs - TargetLufs) <= SettledLufs && loudness.TruePeakDbtp <= SettledTruePeak;

    /// <summary>The summary ebur128 prints at the end of a run, or null when it printed none.</summary>
    public static Loudness? ReadSummary(string log)
    {
        var summary = log.LastIndexOf("Integrated loudness:", StringComparison.Ordinal);
        if (summary < 0)
        {
            return null;
        }

        var text = log[summary..];
        return new Loudness(
            Ffmpeg.LogNumber(Integrated().Match(text).Groups[1].Value), Ffmpeg.LogNumber(TruePeak().Match(text).Groups[1].Value), Ffmpeg.LogNumber(Range().Match(text).Groups[1].Value));
    }

    [GeneratedRegex(@"I:\s+([-\d.]+|-inf) LUFS")]
    private static partial Regex Integrated();

    [GeneratedRegex(@"Peak:\s+([-\d.]+|-inf) dBFS")]
    private static partial Regex TruePeak();

    [GeneratedRegex(@"LRA:\s+([-\d.]+) LU")]
    private static partial Regex Range();
}
