using SoraFunctions.Media.Audio;

namespace SoraFunctions.Media.Editing;

/// <summary>A clip continued: where its continuation starts (its last frame), and the two joined into one.</summary>
public static class Extension
{
    /// <summary>
    /// Writes the clip's last frame — before <paramref name="end"/> seconds, where the clip is cut there — as an image file
    /// (the picture its continuation starts from); returns the clip's length.
    /// </summary>
    public static async Task<double> LastFrameAsync(string clip, string image, CancellationToken cancellation, double? end = null)
    {
        // Each frame of the last half second overwrites the one before: the file ends as the very last.
        string[] window = end is { } cut
            ? ["-ss", Math.Max(0, cut - 0.5).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), "-i", clip,
                "-t", Math.Min(cut, 0.5).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)]
            : ["-sseof", "-0.5", "-i", clip];
        await Ffmpeg.RunAsync([.. window, "-an", "-update", "1", "-q:v", "2", image], cancellation);
        return (await MediaProbe.ProbeAsync(clip, cancellation)).DurationSeconds;
    }

    /// <summary>The clip, then its continuation (the same size and frame rate), as one clip in one encode; its length in seconds.</summary>
    public static async Task<double> JoinAsync(string clip, string continuation, string output, CancellationToken cancellation)
    {
        await Ffmpeg.RunAsync(
            [
                "-i", clip, "-i", continuation,
                "-filter_complex", "[0:v][0:a][1:v][1:a]concat=n=2:v=1:a=1[v][a]", "-map", "[v]", "-map", "[a]",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", .. LoudnessNormalizer.AacArguments, output,
            ],
            cancellation);
        return (await MediaProbe.ProbeAsync(output, cancellation)).DurationSeconds;
    }
}
