using System.Runtime.InteropServices;
using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Quality;

namespace SoraFunctions.Media.Tests;

public sealed class AudioMixerTests : MediaTest
{
    private const double OneFrameMs = 1000 / 24.0;
    [Fact]
    public async Task Sound_that_runs_late_against_the_picture_is_moved_back_in_sync()
    {
        double[] flashes = [0.75, 1.875, 3.25];
        await TestClips.FlashesAsync(InFolder("picture.mp4"), flashes, 4);
        var clicks = string.Join('+', flashes.Select(t => FormattableString.Invariant($"between(t,{t + 0.25:0.000},{t + 0.26:0.000})")));
        await TestClips.WavAsync(InFolder("effects.wav"), $"({clicks})*0.6*sin(2*PI*1000*t)", 4);
        await TestClips.WavAsync(InFolder("ambience.wav"), "0.01*sin(2*PI*90*t)", 4);
        AudioStem[] stems = [new("effects.wav", "effects", 0, 1), new("ambience.wav", "ambience", 0, 1)];

        var report = await AudioMixer.MixAsync(InFolder("picture.mp4"), stems, Folder, 4, InFolder("synced.mp4"), CancellationToken.None);
        var after = await AvOffset.MeasureAsync(InFolder("synced.mp4"), 24, CancellationToken.None);

        Assert.InRange(report.AvOffsetMs!.Value, 250 - OneFrameMs, 250 + OneFrameMs);
        Assert.Equal(-report.AvOffsetMs.Value, report.CorrectionMs);
        Assert.InRange(after!.OffsetMs, -OneFrameMs, OneFrameMs);
    }

    [Fact]
    public async Task Sound_already_in_sync_is_left_where_it_is()
    {
        double[] flashes = [1.3, 3.7, 5.2, 6.6];
        await TestClips.FlashesAndClicksAsync(InFolder("source.mp4"), flashes, 0, seconds: 8, new SyncClip(30, 2, 0.02, "aac", "720x1280", "0x202020"));
        await Ffmpeg.RunAsync(["-i", InFolder("source.mp4"), "-map", "0:v", "-c", "copy", InFolder("picture.mp4")]);
        await Ffmpeg.RunAsync(["-i", InFolder("source.mp4"), "-map", "0:a", "-c:a", "pcm_s16le", InFolder("effects.wav")]);

        var report = await AudioMixer.MixAsync(
            InFolder("picture.mp4"), [new AudioStem("effects.wav", "effects", 0, 1)], Folder, 8, InFolder("synced.mp4"), CancellationToken.None);

        Assert.Equal(0, report.CorrectionMs);
        Assert.InRange(report.AvOffsetMs!.Value, -1000 / 30.0, 1000 / 30.0);
    }

    [Fact]
    public async Task Music_is_ducked_under_dialogue_and_the_mix_lands_at_minus_14_lufs_under_minus_1_dbtp()
    {
        await TestClips.HealthyAsync(InFolder("picture.mp4"), 4, amplitude: 0.1);
        await TestClips.WavAsync(InFolder("music.wav"), "0.3*sin(2*PI*200*t)", 4);
        await TestClips.WavAsync(InFolder("line.wav"), "0.5*sin(2*PI*2000*t)", 1);
        AudioStem[] stems = [new("music.wav", "music", 0, 1), new("line.wav", "dialogue", 1.5, 1)];

        var report = await AudioMixer.MixAsync(InFolder("picture.mp4"), stems, Folder, 4, InFolder("mixed.mp4"), CancellationToken.None);
        var result = await ClipInspector.InspectAsync(InFolder("mixed.mp4"), 4, CancellationToken.None, measureOffset: false);
        var pcm = await Ffmpeg.RunForOutputAsync(["-i", InFolder("mixed.mp4"), "-map", "0:a", "-ac", "1", "-ar", "48000", "-f", "f32le", "-"]);
        var samples = MemoryMarshal.Cast<byte, float>(pcm).ToArray();
        var musicAlone = ToneLevel(samples, 200, 0.5, 1.3);
        var musicUnderWords = ToneLevel(samples, 200, 1.9, 2.4);

        Assert.Equal(0, report.CorrectionMs);
        Assert.True(musicUnderWords < musicAlone / 2, $"music {musicAlone:0.000} alone, {musicUnderWords:0.000} under the words");
        Assert.InRange(result.Loudness!.IntegratedLufs, -15, -13);
        Assert.True(result.Loudness.TruePeakDbtp <= -1, $"true peak {result.Loudness.TruePeakDbtp} dBTP");
    }

    /// <summary>The amplitude of one frequency between two times (Goertzel).</summary>
    private static double ToneLevel(float[] samples, double frequency, double from, double to)
    {
        var (start, end) = ((int)(from * 48_000), (int)(to * 48_000));
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / 48_000);
        double previous = 0, beforePrevious = 0;
        for (var i = start; i < end; i++)
        {
            var current = samples[i] + coefficient * previous - beforePrevious;
            (beforePrevious, previous) = (previous, current);
        }

        var power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return 2 * Math.Sqrt(power) / (end - start);
    }
}
