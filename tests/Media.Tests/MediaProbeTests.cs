namespace SoraFunctions.Media.Tests;

public sealed class MediaProbeTests : MediaTest
{
    [Fact]
    public async Task A_recording_written_live_without_a_duration_is_measured_by_its_packets()
    {
        // What a browser's MediaRecorder writes: WebM with no duration in its header.
        var live = InFolder("live.webm");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=160x120:r=24:d=3", "-f", "lavfi", "-i", "sine=d=3",
            "-c:v", "libvpx", "-c:a", "libopus", "-live", "1", "-f", "webm", live]);

        var info = await MediaProbe.ProbeAsync(live);

        Assert.InRange(info.DurationSeconds, 2.9, 3.1);
        Assert.InRange(info.Video!.DurationSeconds, 2.9, 3.1);
        Assert.InRange(info.Audio!.DurationSeconds, 2.9, 3.1);
    }
}
