namespace SoraFunctions.Media;

/// <summary>Frame samples of finished clips, for screening.</summary>
public static class ClipMedia
{
    /// <summary>One frame per second as small JPEGs, for screening; returns their paths in order.</summary>
    public static async Task<IReadOnlyList<string>> SampleFramesAsync(string clip, string folder, CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder);
        await Ffmpeg.RunAsync(["-i", clip, "-vf", "fps=1,scale=360:-2", "-q:v", "5", Path.Combine(folder, "frame-%03d.jpg")], cancellation);
        return [.. Directory.GetFiles(folder, "frame-*.jpg").Order(StringComparer.Ordinal)];
    }
}
