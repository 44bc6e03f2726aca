using System.Globalization;

namespace SoraFunctions.Media.Tests;

/// <summary>Clips the quality tests build with ffmpeg's lavfi sources, so every property is known.</summary>
internal static class TestClips
{
    /// <summary>
    /// Black picture with one-frame white flashes at the given times and 10 ms clicks heard
    /// <paramref name="offsetMs"/> later (negative: earlier).
    /// </summary>
    public static Task FlashesAndClicksAsync(string path, double[] flashes, int offsetMs, double seconds = 4)
    {
        var boxes = string.Join(',', flashes.Select(t =>
            Invariant($"drawbox=c=white:t=fill:enable='eq(n,{(int)Math.Round(t * 24)})'")));
        var clicks = string.Join('+', flashes.Select(t =>
            Invariant($"between(t,{t + offsetMs / 1000.0:0.000},{t + offsetMs / 1000.0 + 0.01:0.000})")));
        return Ffmpeg.RunAsync(
        [
            "-f", "lavfi", "-i", Invariant($"color=black:s=320x240:r=24:d={seconds},{boxes}"),
            "-f", "lavfi", "-i", Invariant($"aevalsrc='({clicks})*0.5*sin(2*PI*1000*t)':s=48000:c=stereo:d={seconds}"),
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", path,
        ]);
    }

    /// <summary>A moving test pattern with a steady 440 Hz tone whose peak is <paramref name="amplitude"/>.</summary>
    public static Task HealthyAsync(string path, double seconds, double amplitude, string size = "320x240") => Ffmpeg.RunAsync(
    [
        "-f", "lavfi", "-i", Invariant($"testsrc2=s={size}:r=24:d={seconds}"),
        "-f", "lavfi", "-i", Invariant($"aevalsrc='{amplitude}*sin(2*PI*440*t)':s=48000:c=stereo:d={seconds}"),
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", path,
    ]);

    /// <summary>A WAV of <paramref name="seconds"/>: the expression (of t) as the signal on both channels.</summary>
    public static Task WavAsync(string path, string expression, double seconds) => Ffmpeg.RunAsync(
        ["-f", "lavfi", "-i", Invariant($"aevalsrc='{expression}':s=48000:c=stereo:d={seconds}"), "-c:a", "pcm_s16le", path]);

    /// <summary>Black picture (no sound) with one-frame white flashes at the given times.</summary>
    public static Task FlashesAsync(string path, double[] flashes, double seconds)
    {
        var boxes = string.Join(',', flashes.Select(t => Invariant($"drawbox=c=white:t=fill:enable='eq(n,{(int)Math.Round(t * 24)})'")));
        return Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", Invariant($"color=black:s=320x240:r=24:d={seconds},{boxes}"), "-c:v", "libx264", "-pix_fmt", "yuv420p", path]);
    }

    public static Task BlackWithoutSoundAsync(string path, double seconds) => Ffmpeg.RunAsync(
        ["-f", "lavfi", "-i", Invariant($"color=black:s=320x240:r=24:d={seconds}"), "-c:v", "libx264", "-pix_fmt", "yuv420p", path]);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
