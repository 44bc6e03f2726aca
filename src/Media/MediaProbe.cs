using System.Globalization;
using System.Text.Json;

namespace SoraFunctions.Media;

public sealed record VideoStreamInfo(
    string Codec, string? Profile, int Width, int Height, string PixelFormat, int Frames, double FramesPerSecond, double DurationSeconds);

public sealed record AudioStreamInfo(string Codec, int SampleRate, int Channels, double DurationSeconds);

/// <summary>What a media file holds, as ffprobe reports it.</summary>
public sealed record MediaInfo(double DurationSeconds, VideoStreamInfo? Video, AudioStreamInfo? Audio);

public static class MediaProbe
{
    public static async Task<MediaInfo> ProbeAsync(string path, CancellationToken cancellation = default)
    {
        var json = await Ffmpeg.ProbeAsync(
            ["-count_packets", "-show_entries",
                "format=duration:stream=codec_type,codec_name,profile,width,height,pix_fmt,nb_read_packets,r_frame_rate,sample_rate,channels,duration",
                "-of", "json", path],
            cancellation);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        VideoStreamInfo? video = null;
        AudioStreamInfo? audio = null;
        foreach (var stream in root.GetProperty("streams").EnumerateArray())
        {
            switch (Text(stream, "codec_type"))
            {
                case "video" when video is null:
                    video = new VideoStreamInfo(
                        Text(stream, "codec_name")!, Text(stream, "profile"), stream.GetProperty("width").GetInt32(),
                        stream.GetProperty("height").GetInt32(), Text(stream, "pix_fmt")!, Number(stream, "nb_read_packets"),
                        Rate(Text(stream, "r_frame_rate")), Seconds(stream, "duration"));
                    break;
                case "audio" when audio is null:
                    audio = new AudioStreamInfo(
                        Text(stream, "codec_name")!, Number(stream, "sample_rate"), stream.GetProperty("channels").GetInt32(),
                        Seconds(stream, "duration"));
                    break;
            }
        }

        var duration = Seconds(root.GetProperty("format"), "duration");
        if (duration <= 0)
        {
            // A file written as it was recorded (a browser's MediaRecorder WebM) says nothing of its length: its packets do.
            duration = await LastPacketEndAsync(path, cancellation);
            video = video is { DurationSeconds: <= 0 } ? video with { DurationSeconds = duration } : video;
            audio = audio is { DurationSeconds: <= 0 } ? audio with { DurationSeconds = duration } : audio;
        }

        return new MediaInfo(duration, video, audio);
    }

    /// <summary>When the last packet of any stream ends, in seconds (0 for none).</summary>
    private static async Task<double> LastPacketEndAsync(string path, CancellationToken cancellation)
    {
        using var document = JsonDocument.Parse(await Ffmpeg.ProbeAsync(["-show_entries", "packet=pts_time,duration_time", "-of", "json", path], cancellation));
        return document.RootElement.TryGetProperty("packets", out var packets)
            ? packets.EnumerateArray().Select(packet => Seconds(packet, "pts_time") + Seconds(packet, "duration_time")).DefaultIfEmpty(0).Max()
            : 0;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    /// <summary>A time ffprobe printed; 0 when it printed none (or "N/A").</summary>
    private static double Seconds(JsonElement element, string name) =>
        double.TryParse(Text(element, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;

    private static int Number(JsonElement element, string name) =>
        int.Parse(Text(element, name) ?? "0", CultureInfo.InvariantCulture);

    private static double Rate(string? fraction) =>
        fraction?.Split('/') is [var numerator, var denominator] && double.Parse(denominator, CultureInfo.InvariantCulture) > 0
            ? double.Parse(numerator, CultureInfo.InvariantCulture) / double.Parse(denominator, CultureInfo.InvariantCulture)
            : 0;
}
