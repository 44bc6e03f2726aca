using System.Text.Json;
using SoraFunctions.Media;

namespace SoraFunctions.Local.Tests;

public sealed class ProbeCommandTests : DataFolderTest
{
    [Fact]
    public async Task Probe_prints_the_av_offset_and_exits_1_for_an_unusable_clip()
    {
        Directory.CreateDirectory(Data);
        var clip = Path.Combine(Data, "late-audio.mp4");
        await Ffmpeg.RunAsync(
        [
            "-f", "lavfi", "-i", "color=black:s=320x240:r=24:d=4,drawbox=c=white:t=fill:enable='eq(n,24)+eq(n,60)'",
            "-f", "lavfi", "-i", "aevalsrc='(between(t,1.2,1.21)+between(t,2.7,2.71))*sin(2*PI*1000*t)':s=48000:d=4",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", clip,
        ]);

        using var probe = StartSoraProcess(redirectOutput: true, "probe", clip);
        var report = JsonDocument.Parse(await probe.StandardOutput.ReadToEndAsync()).RootElement;
        await probe.WaitForExitAsync();

        Assert.Equal(1, probe.ExitCode);
        Assert.InRange(report.GetProperty("av_offset_ms").GetDouble(), 200 - 1000 / 24.0, 200 + 1000 / 24.0);
        Assert.False(report.GetProperty("usable").GetBoolean());
        Assert.Contains(report.GetProperty("issues").EnumerateArray(),
            issue => issue.GetProperty("code").GetString() == "QC.ALL_BLACK" && issue.GetProperty("severity").GetString() == "defect");
        Assert.Equal(4, report.GetProperty("duration_seconds").GetDouble(), 2);
    }

    [Fact]
    public async Task Probing_a_missing_file_is_bad_input() =>
        Assert.Equal(2, await Sora("probe", Path.Combine(Data, "nothing.mp4")));
}
