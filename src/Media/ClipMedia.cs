using System.Globalization;

namespace SoraFunctions.Media;

/// <summary>Media operations on finished clips: publish renditions, posters and frame samples.</summary>
public static class ClipMedia
{
    /// <summary>Remuxes to an MP4 whose index comes first (+faststart), so players start before the download ends.</summary>
    public static Task MakeMasterAsync(string input, string master, CancellationToken cancellation) =>
        Ffmpeg.RunAsync(["-i", input, "-map", "0", "-c", "copy", "-movflags", "+faststart", master], cancellation);

    /// <summary>A JPEG of the frame at <paramref name="atSeconds"/>.</summary>
    public static Task MakePosterAsync(string clip, double atSeconds, string poster, CancellationToken cancellation) =>
        Ffmpeg.RunAsync(
            ["-ss", atSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", clip, "-frames:v", "1", "-q:v", "3", poster],
            cancellation);

    /// <summary>One frame per second as small JPEGs, for screening; returns their paths in order.</summary>
    public static async Task<IReadOnlyList<string>> SampleFramesAsync(string clip, string folder, CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder);
        await Ffmpeg.RunAsync(["-i", clip, "-vf", "fps=1,scale=360:-2", "-q:v", "5", Path.Combine(folder, "frame-%03d.jpg")], cancellation);
        return [.. Directory.GetFiles(folder, "frame-*.jpg").Order(StringComparer.Ordinal)];
    }
}
