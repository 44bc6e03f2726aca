using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Quality;

namespace SoraFunctions.Media.Tests;

public sealed class QualityTests : MediaTest
{
    private const double OneFrameMs = 1000 / 24.0;
    [Theory]
    [InlineData(-300)]
    [InlineData(-130)]
    [InlineData(0)]
    [InlineData(85)]
    [InlineData(300)]
    public async Task The_measured_av_offset_is_within_one_frame_of_the_truth(int offsetMs)
    {
        var clip = Path.Combine(Folder, $"offset{offsetMs}.mp4");
        await TestClips.FlashesAndClicksAsync(clip, [0.75, 1.875, 3.25], offsetMs);

        var measured = await AvOffset.MeasureAsync(clip, 24, CancellationToken.None);

        Assert.NotNull(measured);
        Assert.InRange(measured.OffsetMs, offsetMs - OneFrameMs, offsetMs + OneFrameMs);
        Assert.True(measured.Confidence > 5, $"confidence {measured.Confidence}");
    }

    /// <summary>
    /// Frame rates, flashes of one frame to half a second, bursts of 10 to 200 ms, AAC and PCM, offsets both ways: the
    /// measurement is within one frame every time (a flash's end is not mistaken for an event).
    /// </summary>
    [Theory]
    [InlineData(30, 2, 0.020, "aac", 0)]
    [InlineData(30, 2, 0.020, "aac", -300)]
    [InlineData(30, 2, 0.020, "aac", 300)]
    [InlineData(24, 2, 0.020, "pcm_s16le", -70)]
    [InlineData(25, 1, 0.010, "aac", 45)]
    [InlineData(25, 12, 0.200, "pcm_s16le", 0)]
    [InlineData(25, 2, 0.200, "aac", -120)]
    [InlineData(30, 15, 0.020, "pcm_s16le", 120)]
    [InlineData(30, 1, 0.200, "aac", -45)]
    [InlineData(60, 2, 0.020, "aac", 0)]
    [InlineData(60, 30, 0.200, "aac", 70)]
    [InlineData(60, 4, 0.010, "pcm_s16le", -250)]
    [InlineData(24, 12, 0.010, "aac", 200)]
    public async Task The_av_offset_is_within_one_frame_at_any_frame_rate_flash_burst_and_codec(
        double fps, int flashFrames, double burstSeconds, string codec, int offsetMs)
    {
        var clip = Path.Combine(Folder, $"sync{fps}-{flashFrames}-{offsetMs}.{(codec == "aac" ? "mp4" : "mov")}");
        await TestClips.FlashesAndClicksAsync(
            clip, [1.3, 3.7, 5.2, 6.6], offsetMs, seconds: 8, new SyncClip(fps, flashFrames, burstSeconds, codec, "720x1280", "0x202020"));

        var measured = await AvOffset.MeasureAsync(clip, fps, CancellationToken.None);

        Assert.NotNull(measured);
        Assert.InRange(measured.OffsetMs, offsetMs - 1000 / fps, offsetMs + 1000 / fps);
    }

    [Fact]
    public async Task A_black_clip_without_sound_or_of_the_wrong_length_is_unusable()
    {
        var clip = Path.Combine(Folder, "black.mp4");
        await TestClips.BlackWithoutSoundAsync(clip, 3);

        var report = await ClipInspector.InspectAsync(clip, expectedSeconds: 4, CancellationToken.None);

        Assert.False(report.Usable);
        Assert.Equal(["QC.NO_AUDIO", "QC.DURATION_MISMATCH", "QC.ALL_BLACK"],
            report.Issues.Where(i => i.Severity == IssueSeverity.Defect).Select(i => i.Code));
        Assert.Null(report.AvOffsetMs);
    }

    [Fact]
    public async Task A_healthy_clip_is_usable_and_its_loudness_and_peak_are_measured()
    {
        var clip = Path.Combine(Folder, "healthy.mp4");
        await TestClips.HealthyAsync(clip, 4, amplitude: 0.1); // peak -20 dBFS, RMS -23 dBFS per channel

        var report = await ClipInspector.InspectAsync(clip, expectedSeconds: 4, CancellationToken.None);

        Assert.True(report.Usable, string.Join("; ", report.Issues));
        Assert.Empty(report.BlackSegments);
        Assert.Empty(report.FrozenSegments);
        Assert.Empty(report.SilentSegments);
        Assert.InRange(report.Loudness!.IntegratedLufs, -22, -19.5);
        Assert.InRange(report.Loudness.SamplePeakDbfs, -20.5, -19.5);
        Assert.Equal(["QC.LOUDNESS"], report.Issues.Select(i => i.Code));
    }

    [Fact]
    public async Task Frozen_and_silent_stretches_and_clipping_are_warnings_with_their_times()
    {
        var clip = Path.Combine(Folder, "flashes.mp4");
        await TestClips.FlashesAndClicksAsync(clip, [1.5, 3.0], 0);
        var loud = Path.Combine(Folder, "loud.mp4");
        await TestClips.HealthyAsync(loud, 2, amplitude: 1.5);

        var report = await ClipInspector.InspectAsync(clip, expectedSeconds: 4, CancellationToken.None);
        var clipped = await ClipInspector.InspectAsync(loud, expectedSeconds: 2, CancellationToken.None);

        Assert.Contains(report.SilentSegments, s => s.Start < 0.1 && s.End is > 1.4 and < 1.6);
        Assert.Contains(report.FrozenSegments, s => s.Start < 0.1);
        Assert.Contains(report.Issues, i => i is { Code: "QC.FROZEN", Severity: IssueSeverity.Warning });
        Assert.Contains(report.Issues, i => i is { Code: "QC.SILENCE", Severity: IssueSeverity.Warning });
        Assert.Contains(clipped.Issues, i => i is { Code: "QC.CLIPPING", Severity: IssueSeverity.Warning });
        Assert.True(clipped.Usable);
    }
}
