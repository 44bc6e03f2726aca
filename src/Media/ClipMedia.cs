using System.Globalization;
using SoraFunctions.Core.Safety;

namespace SoraFunctions.Media;

/// <summary>Pictures for screening: frames sampled from finished clips, and images as they arrive.</summary>
public static class ClipMedia
{
    /// <summary>A frame is sampled when a second has passed since the last one, or the picture changes this much (0–1).</summary>
    public const double SceneChange = 0.3;

    private static readonly string Tiny = $"scale={ImageFingerprint.Width}:{ImageFingerprint.Height}:flags=area,format=gray";

    /// <summary>
    /// The first frame, then one whenever a second has passed or the scene changes, as 360p JPEGs with their fingerprints,
    /// in one decode.
    /// </summary>
    public static async Task<IReadOnlyList<ScreenedImage>> SampleFramesAsync(string clip, string folder, CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder);
        var select = $"select='eq(n\\,0)+gte(t-prev_selected_t\\,1)+gt(scene\\,{SceneChange.ToString(CultureInfo.InvariantCulture)})'";
        var tiny = await Ffmpeg.RunForOutputAsync(
            [
                "-i", clip, "-filter_complex", $"[0:v]{select},scale=360:-2,split=2[jpeg][small];[small]{Tiny}[tiny]",
                "-map", "[jpeg]", "-fps_mode", "vfr", "-q:v", "5", Path.Combine(folder, "frame-%03d.jpg"),
                "-map", "[tiny]", "-fps_mode", "vfr", "-f", "rawvideo", "-",
            ],
            cancellation);
        var files = Directory.GetFiles(folder, "frame-*.jpg").Order(StringComparer.Ordinal).ToList();
        var size = ImageFingerprint.Width * ImageFingerprint.Height;
        var frames = new List<ScreenedImage>();
        for (var i = 0; i < files.Count && (i + 1) * size <= tiny.Length; i++)
        {
            frames.Add(new ScreenedImage(
                await File.ReadAllBytesAsync(files[i], cancellation), ImageFingerprint.Of(tiny.AsSpan(i * size, size)), Path.GetFileName(files[i])));
        }

        return frames;
    }

    /// <summary>An image file (PNG, JPEG, WebP…) with its fingerprint; <see cref="InvalidDataException"/> when unreadable.</summary>
    public static async Task<ScreenedImage> ReadImageAsync(string path, CancellationToken cancellation)
    {
        byte[] tiny;
        try
        {
            tiny = await Ffmpeg.RunForOutputAsync(["-i", path, "-frames:v", "1", "-vf", Tiny, "-f", "rawvideo", "-"], cancellation);
        }
        catch (MediaException exception)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a readable image.", exception);
        }

        if (tiny.Length != ImageFingerprint.Width * ImageFingerprint.Height)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a readable image.");
        }

        return new ScreenedImage(await File.ReadAllBytesAsync(path, cancellation), ImageFingerprint.Of(tiny), Path.GetFileName(path));
    }
}
