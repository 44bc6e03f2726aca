using SoraFunctions.Core.Videos;
using SoraFunctions.Media;

namespace SoraFunctions.Local.Tests;

public sealed class EditCommandTests : DataFolderTest
{
    [Fact]
    public async Task Generate_applies_edits_and_the_published_clip_has_the_edited_length()
    {
        var output = Path.Combine(Data, "..", "edited.mp4");

        var exit = await Sora("generate", "A dog runs through a park", "--seconds", "4", "--size", "1280x720",
            "--trim", "0.5:3.5", "--speed", "0:1:0.5", "--grade", "warm", "--seed", "11", "--out", output, "--data", Data);

        Assert.Equal(0, exit);
        var clip = await MediaProbe.ProbeAsync(output);
        // Seed 11's sound came out 43 ms short of the picture before the edit graph padded and cut it to length.
        Assert.Equal(96, clip.Video!.Frames); // 3 s trimmed, its first second slowed to 2 s
        Assert.InRange(clip.Audio!.DurationSeconds, 4 - 1 / 24.0, 4 + 1 / 24.0);
        Assert.Equal(VideoStatus.Completed, Assert.Single(await ListAsync()).Status);
    }

    [Fact]
    public async Task Edit_reworks_a_file_in_one_pass_and_refuses_edits_that_do_not_fit()
    {
        Directory.CreateDirectory(Data);
        var source = Path.Combine(Data, "source.mp4");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=6", "-f", "lavfi", "-i", "sine=f=500:d=6",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", source]);
        var output = Path.Combine(Data, "looped.mp4");

        Assert.Equal(0, await Sora("edit", source, "--trim", "1:5", "--loop", "--saturation", "1.3", "--out", output, "--data", Data));
        var looped = await MediaProbe.ProbeAsync(output);
        Assert.InRange(looped.DurationSeconds, 1.5, 3.6);

        Assert.Equal(2, await Sora("edit", source, "--trim", "4:9", "--out", output, "--data", Data));
        Assert.Equal(2, await Sora("edit", source, "--speed", "1:2", "--out", output, "--data", Data));
        Assert.Equal(2, await Sora("edit", "video_missing", "--loop", "--out", output, "--data", Data));
    }
}
