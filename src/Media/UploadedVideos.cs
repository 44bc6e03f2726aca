using System.Globalization;
using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Generation;

namespace SoraFunctions.Media;

/// <summary>
/// Videos people send (a cameo's recording, a video to edit or extend): the container is read from the bytes and ffmpeg
/// is told it, so a file that is something else (a playlist naming other files, a concat list) never reaches a demuxer
/// that would open more than this file.
/// </summary>
public static class UploadedVideos
{
    /// <summary>The demuxer for the file's container: Matroska/WebM or ISO media (MP4, QuickTime); else <see cref="InvalidDataException"/>.</summary>
    public static string DemuxerOf(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using (var file = File.OpenRead(path))
        {
            if (file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
            {
                throw new InvalidDataException("The video is empty or truncated.");
            }
        }

        return head[..4].SequenceEqual(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }) ? "matroska"
            : head[4..8].SequenceEqual("ftyp"u8) ? "mov"
            : throw new InvalidDataException("The video must be a WebM, Matroska, MP4 or QuickTime file.");
    }

    /// <summary>What the upload holds; <see cref="InvalidDataException"/> when it is no video ffmpeg reads.</summary>
    public static async Task<VideoProbe> ProbeAsync(string path, CancellationToken cancellation)
    {
        DemuxerOf(path);
        MediaInfo info;
        try
        {
            info = await MediaProbe.ProbeAsync(path, cancellation);
        }
        catch (MediaException unreadable)
        {
            throw new InvalidDataException($"The video does not read: {unreadable.Message}", unreadable);
        }

        return info.Video is { Width: > 0, Height: > 0 } video
            ? new VideoProbe(info.DurationSeconds, video.Width, video.Height, video.FramesPerSecond, info.Audio is not null)
            : throw new InvalidDataException("The file has no picture.");
    }

    /// <summary>
    /// The upload made a clip like the generator's: <paramref name="width"/>×<paramref name="height"/> (fitted, bars where
    /// its shape differs), the generator's frame rate, stereo sound (silence where it had none), its first
    /// <paramref name="seconds"/>, nothing of its metadata; <see cref="InvalidDataException"/> when it does not decode.
    /// </summary>
    public static async Task NormalizeAsync(string upload, int width, int height, int seconds, string output, CancellationToken cancellation)
    {
        var demuxer = DemuxerOf(upload);
        var sound = (await ProbeAsync(upload, cancellation)).HasSound;
        var size = string.Create(CultureInfo.InvariantCulture, $"{width}:{height}");
        // Sound shorter than the picture is padded with silence: a join after it needs both the whole way.
        var audio = sound ? $"[0:a:0]aresample={StereoBuffer.SampleRate.ToString(CultureInfo.InvariantCulture)},aformat=channel_layouts=stereo,apad[a]" : "[1:a]anull[a]";
        try
        {
            await Ffmpeg.RunAsync(
            [
                "-protocol_whitelist", "file", "-f", demuxer, "-i", upload,
                "-f", "lavfi", "-i", $"anullsrc=r={StereoBuffer.SampleRate.ToString(CultureInfo.InvariantCulture)}:cl=stereo",
                "-filter_complex",
                $"[0:v]scale={size}:force_original_aspect_ratio=decrease,pad={size}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={SceneRenderer.FramesPerSecond},format=yuv420p[v];{audio}",
                "-map", "[v]", "-map", "[a]",
                "-t", seconds.ToString(CultureInfo.InvariantCulture), "-map_metadata", "-1",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", .. LoudnessNormalizer.AacArguments, "-movflags", "+faststart", output,
            ],
            cancellation);
        }
        catch (MediaException unreadable)
        {
            throw new InvalidDataException($"The video does not decode: {unreadable.Message}", unreadable);
        }
    }
}
