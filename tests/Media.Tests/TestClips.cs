using System.Globalization;

namespace SoraFunctions.Media.Tests;

/// <summary>Clips the quality tests build with ffmpeg's lavfi sources, so every property is known.</summary>
internal static class TestClips
{
    /// <summary>
    /// A still picture with white flashes at the given times (rounded to frames) and 1 kHz tone bursts heard
    /// <paramref name="offsetMs"/> later (negative: earlier); by default black, 24 fps, one-frame flashes, 10 ms bursts,
    /// AAC. The audio codec follows the kind (PCM needs a .mov path).
    /// </summary>
    public static Task FlashesAndClicksAsync(string path, double[] flashes, int offsetMs, double seconds = 4, SyncClip? kind = null)
    {
        var clip = kind ?? new SyncClip();
        var frames = flashes.Select(t => (int)Math.Round(t * clip.Fps)).ToList();
        var boxes = string.Join('+', frames.Select(n => Invariant($"between(n,{n},{n + clip.FlashFrames - 1})")));
        var bursts = string.Join('+', frames.Select(n => n / clip.Fps + offsetMs / 1000.0).Select(t =>
            Invariant($"between(t,{t:0.0000},{t + clip.BurstSeconds:0.0000})")));
        return Ffmpeg.RunAsync(
        [
            "-f", "lavfi", "-i", Invariant($"color={clip.Background}:s={clip.Size}:r={clip.Fps}:d={seconds}"),
            "-f", "lavfi", "-i", Invariant($"aevalsrc='({bursts})*0.8*sin(2*PI*1000*t)':s=48000:c=stereo:d={seconds}"),
            "-vf", $"drawbox=c=white:t=fill:enable='{boxes}',format=yuv420p",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", clip.AudioCodec, "-shortest", path,
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

/// <summary>What kind of flashes-and-bursts clip <see cref="TestClips.FlashesAndClicksAsync"/> makes.</summary>
internal sealed record SyncClip(
    double Fps = 24, int FlashFrames = 1, double BurstSeconds = 0.01, string AudioCodec = "aac", string Size = "320x240", string Background = "black");
