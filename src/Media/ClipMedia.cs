using System.Globalization;
using SoraFunctions.Core.Ports;
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

    /// <summary>The clip's sound as 16 kHz mono 16-bit WAV at <paramref name="output"/>; false, and no file, when it has no sound.</summary>
    public static async Task<bool> ExtractSpeechSoundAsync(string clip, string output, CancellationToken cancellation)
    {
        if ((await MediaProbe.ProbeAsync(clip, cancellation)).Audio is null)
        {
            return false;
        }

        await Ffmpeg.RunAsync(["-i", clip, "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", output], cancellation);
        return true;
    }

    /// <summary>
    /// An image file (PNG, JPEG or WebP) with its fingerprint; <see cref="InvalidDataException"/> when it is not one of
    /// those or does not decode, and <see cref="ImageTooLargeException"/> when its header gives it more than
    /// <paramref name="maxPixels"/>, before anything is decoded. The format is read from the bytes and ffmpeg is told
    /// it, so a file that is something else (a playlist naming other files, a video) never reaches a demuxer that would
    /// open more than this file.
    /// </summary>
    public static async Task<ScreenedImage> ReadImageAsync(string path, long maxPixels, CancellationToken cancellation)
    {
        var (bytes, header) = await ReadHeaderAsync(path, maxPixels, cancellation);
        byte[] tiny;
        try
        {
            tiny = await Ffmpeg.RunForOutputAsync(["-f", header.Demuxer, "-i", path, "-frames:v", "1", "-vf", Tiny, "-f", "rawvideo", "-"], cancellation);
        }
        catch (MediaException exception)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a readable image.", exception);
        }

        if (tiny.Length != ImageFingerprint.Width * ImageFingerprint.Height)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a readable image.");
        }

        return new ScreenedImage(bytes, ImageFingerprint.Of(tiny), Path.GetFileName(path));
    }

    /// <summary>
    /// The image made anew as WebP, at most <paramref name="maxSide"/> pixels a side, with nothing of the file it came
    /// from but its pixels (no EXIF position, no comments, nothing appended); upright, as ffmpeg turns a picture whose
    /// EXIF orientation asks it to.
    /// </summary>
    public static async Task ReencodeImageAsync(string path, string output, int maxSide, long maxPixels, CancellationToken cancellation)
    {
        var (_, header) = await ReadHeaderAsync(path, maxPixels, cancellation);
        try
        {
            await Ffmpeg.RunAsync(
            [
                "-f", header.Demuxer, "-i", path, "-frames:v", "1", "-vf", $"scale=w='min({maxSide},iw)':h='min({maxSide},ih)':force_original_aspect_ratio=decrease",
                "-map_metadata", "-1", "-c:v", "libwebp", "-quality", "85", "-f", "webp", output,
            ], cancellation);
        }
        catch (MediaException exception)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a readable image.", exception);
        }
    }

    private static async Task<(byte[] Bytes, ImageHeader Header)> ReadHeaderAsync(string path, long maxPixels, CancellationToken cancellation)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellation);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} cannot be read: {exception.Message}", exception);
        }

        var header = ImageHeader.Read(bytes) ?? throw new InvalidDataException($"{Path.GetFileName(path)} is not a PNG, JPEG or WebP image.");
        return header.Pixels <= maxPixels
            ? (bytes, header)
            : throw new ImageTooLargeException(string.Create(CultureInfo.InvariantCulture,
                $"The image is {header.Width:N0}×{header.Height:N0} pixels; at most {maxPixels / 1_000_000.0:0.#} million are taken."));
    }
}
