using System.Globalization;

namespace SoraFunctions.Media.Quality;

/// <summary>How far the sound is from the picture: positive when an event is heard after it is seen.</summary>
public sealed record AvOffsetMeasurement(double OffsetMs, double Confidence);

/// <summary>
/// Measures the audio/video offset from the media itself: the audio onset envelope (rises of 1 ms RMS) is
/// cross-correlated with the visual onsets (rises of the picture's novelty, see <see cref="VisualOnsets"/>), over lags
/// of ±<see cref="MaxLagMs"/>. Visual onsets sit at frame starts, so the result is exact to within one frame.
/// </summary>
public static class AvOffset
{
    public const int MaxLagMs = 600;
    private const int SampleRate = 48_000;
    private const int SamplesPerMs = SampleRate / 1000;

    /// <summary>The offset within one clip, or null when it lacks a stream or has no events to line up.</summary>
    public static async Task<AvOffsetMeasurement?> MeasureAsync(string path, double framesPerSecond, CancellationToken cancellation)
    {
        var visual = VisualOnsetsAsync(path, framesPerSecond, cancellation);
        return Correlate(await AudioOnsetsAsync(path, cancellation), await visual);
    }

    /// <summary>Per millisecond: the rise in motion energy at each frame's start (empty without a picture).</summary>
    public static async Task<double[]> VisualOnsetsAsync(string path, double framesPerSecond, CancellationToken cancellation)
    {
        var frames = await DecodeAsync(
            [.. GrayFrames.FastDecode, "-i", path, "-map", "0:v:0", "-vf", GrayFrames.Filter, "-f", "rawvideo", "-"], cancellation);
        return frames.Length < GrayFrames.Size * 3 || framesPerSecond <= 0 ? [] : VisualOnsets(frames, framesPerSecond);
    }

    /// <summary>Per millisecond: the rise in RMS level of the sound (empty without one).</summary>
    public static async Task<double[]> AudioOnsetsAsync(string path, CancellationToken cancellation)
    {
        var samples = await DecodeAsync(
            ["-i", path, "-map", "0:a:0", "-ac", "1", "-ar", SampleRate.ToString(CultureInfo.InvariantCulture), "-f", "f32le", "-"],
            cancellation);
        return samples.Length < 4 * SampleRate / 10 ? [] : AudioOnsets(samples);
    }

    /// <summary>
    /// The rises of each frame's novelty: how unlike it is to every frame of the second before (the least difference).
    /// Something appearing or moving is novel; the picture going back to how it just was (a flash ending, a mouth
    /// closing) is not, so an event counts once, at its start, as its sound does.
    /// </summary>
    private static double[] VisualOnsets(byte[] frames, double framesPerSecond)
    {
        var count = frames.Length / GrayFrames.Size;
        var memory = Math.Max(1, (int)Math.Round(framesPerSecond));
        var novelty = new double[count];
        for (var f = 1; f < count; f++)
        {
            novelty[f] = double.MaxValue;
            for (var k = 1; k <= Math.Min(memory, f); k++)
            {
                novelty[f] = Math.Min(novelty[f], GrayFrames.Difference(frames, f, f - k));
            }
        }

        var onsets = new double[(int)Math.Ceiling(count / framesPerSecond * 1000) + 1];
        for (var f = 1; f < count; f++)
        {
            onsets[(int)Math.Round(f / framesPerSecond * 1000)] = Math.Max(0, novelty[f] - novelty[f - 1]);
        }

        return onsets;
    }

    private static double[] AudioOnsets(byte[] pcm)
    {
        ReadOnlySpan<float> samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(pcm);
        var windows = samples.Length / SamplesPerMs;
        var onsets = new double[windows];
        var previous = 0.0;
        for (var w = 0; w < windows; w++)
        {
            var sum = 0.0;
            foreach (var sample in samples.Slice(w * SamplesPerMs, SamplesPerMs))
            {
                sum += sample * sample;
            }

            var rms = Math.Sqrt(sum / SamplesPerMs);
            onsets[w] = Math.Max(0, rms - previous);
            previous = rms;
        }

        return onsets;
    }

    /// <summary>The lag that best lines the sound's onsets up with the picture's; null when either has none.</summary>
    public static AvOffsetMeasurement? Correlate(double[] audio, double[] visual)
    {
        var visualEvents = visual.Select((value, ms) => (value, ms)).Where(e => e.value > 0).ToArray();
        if (visualEvents.Length == 0 || audio.All(a => a == 0))
        {
            return null;
        }

        // A sound spreads its rise over a few milliseconds: sum the audio onsets in a short window at each lag.
        const int window = 8;
        var scores = new double[2 * MaxLagMs + 1];
        for (var lag = -MaxLagMs; lag <= MaxLagMs; lag++)
        {
            var score = 0.0;
            foreach (var (value, ms) in visualEvents)
            {
                for (var k = 0; k < window; k++)
                {
                    var at = ms + lag + k;
                    if (at >= 0 && at < audio.Length)
                    {
                        score += value * audio[at];
                    }
                }
            }

            scores[lag + MaxLagMs] = score;
        }

        // The window makes a run of neighbouring lags score alike; the offset is the middle of the best run.
        var top = scores.Max();
        var first = Array.IndexOf(scores, top);
        var last = first;
        while (last + 1 < scores.Length && scores[last + 1] >= top * (1 - 1e-9))
        {
            last++;
        }

        var best = (first + last) / 2;
        var mean = scores.Average();
        var deviation = Math.Sqrt(scores.Average(s => (s - mean) * (s - mean)));
        var confidence = deviation == 0 ? 0 : (scores[best] - mean) / deviation;
        return new AvOffsetMeasurement(best - MaxLagMs, Math.Round(confidence, 2));
    }

    private static async Task<byte[]> DecodeAsync(IEnumerable<string> arguments, CancellationToken cancellation)
    {
        try
        {
            return await Ffmpeg.RunForOutputAsync(arguments, cancellation);
        }
        catch (MediaException)
        {
            return []; // no such stream
        }
    }
}
