using System.Globalization;
using System.Text.Json;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Media.Audio;

/// <summary>
/// Lays the stems on the timeline under the picture and normalizes the mix to -14 LUFS integrated with two-pass
/// loudnorm: the first pass measures, the second applies a linear gain from the measurement, so the mix is not pumped.
/// </summary>
public static class AudioMixer
{
    public const double TargetLufs = -14;
    public const double TruePeakCeiling = -1.5;
    private const double LoudnessRange = 11;

    public static async Task<Loudness> MixAsync(
        string picture, IReadOnlyList<AudioStem> stems, string stemFolder, int seconds, string output, CancellationToken cancellation)
    {
        var inputs = stems.SelectMany(stem => new[] { "-i", Path.Combine(stemFolder, stem.Path) }).ToList();
        var target = Invariant($"I={TargetLufs}:TP={TruePeakCeiling}:LRA={LoudnessRange}");

        var measureLog = await Ffmpeg.RunAsync(
            [.. inputs, "-filter_complex", $"{MixGraph(stems, seconds, 0)};[mix]loudnorm={target}:print_format=json[out]",
                "-map", "[out]", "-f", "null", "-"],
            cancellation);
        var measured = ParseLoudnorm(measureLog);

        var apply = Invariant(
            $"loudnorm={target}:measured_I={measured.IntegratedLufs}:measured_TP={measured.TruePeakDbtp}:measured_LRA={measured.RangeLu}:measured_thresh={measured.ThresholdLufs}:offset={measured.Offset}:linear=true");
        await Ffmpeg.RunAsync(
            [
                "-i", picture, .. inputs,
                "-filter_complex", $"{MixGraph(stems, seconds, 1)};[mix]{apply},aresample={StereoBuffer.SampleRate}[out]",
                "-map", "0:v", "-map", "[out]", "-c:v", "copy", "-c:a", "aac", "-b:a", "192k",
                "-ar", StereoBuffer.SampleRate.ToString(CultureInfo.InvariantCulture), "-ac", "2",
                "-t", seconds.ToString(CultureInfo.InvariantCulture), output,
            ],
            cancellation);
        return measured;
    }

    /// <summary>Measures a finished file's loudness (single pass).</summary>
    public static async Task<Loudness> MeasureAsync(string media, CancellationToken cancellation) =>
        ParseLoudnorm(await Ffmpeg.RunAsync(
            ["-i", media, "-map", "0:a", "-af", Invariant($"loudnorm=I={TargetLufs}:print_format=json"), "-f", "null", "-"],
            cancellation));

    /// <summary>
    /// Each stem (inputs from <paramref name="firstInput"/> on) resampled to 48 kHz stereo, delayed to its start and
    /// scaled, then summed and cut to the clip's length.
    /// </summary>
    private static string MixGraph(IReadOnlyList<AudioStem> stems, int seconds, int firstInput)
    {
        var parts = stems.Select((stem, i) =>
        {
            var delay = (long)Math.Round(stem.StartSeconds * 1000);
            return Invariant(
                $"[{firstInput + i}:a]aresample={StereoBuffer.SampleRate},aformat=sample_fmts=fltp:channel_layouts=stereo,adelay={delay}|{delay},volume={stem.Gain}[s{i}]");
        });
        var labels = string.Concat(stems.Select((_, i) => $"[s{i}]"));
        var sum = Invariant($"{labels}amix=inputs={stems.Count}:normalize=0:duration=longest,apad,atrim=0:{seconds}[mix]");
        return string.Join(';', [.. parts, sum]);
    }

    private static Loudness ParseLoudnorm(string log)
    {
        var start = log.LastIndexOf('{');
        var end = log.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            throw new MediaException("loudnorm printed no measurement.");
        }

        using var json = JsonDocument.Parse(log[start..(end + 1)]);
        double Read(string name) => double.Parse(json.RootElement.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
        return new Loudness(Read("input_i"), Read("input_tp"), Read("input_lra"), Read("input_thresh"), Read("target_offset"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
