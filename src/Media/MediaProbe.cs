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

        return new MediaInfo(Seconds(root.GetProperty("format"), "duration"), video, audio);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static double Seconds(JsonElement element, string name) =>
        double.Parse(Text(element, name) ?? "0", CultureInfo.InvariantCulture);

    private static int Number(JsonElement element, string name) =>
        int.Parse(Text(element, name) ?? "0", CultureInfo.InvariantCulture);

    private static double Rate(string? fraction) =>
        fraction?.Split('/') is [var numerator, var denominator] && double.Parse(denominator, CultureInfo.InvariantCulture) > 0
            ? double.Parse(numerator, CultureInfo.InvariantCulture) / double.Parse(denominator, CultureInfo.InvariantCulture)
            : 0;
}
