using System.Text;
using SoraFunctions.Media.Publishing;

namespace SoraFunctions.Media.Tests;

public sealed class PublishRendererTests : MediaTest
{
    [Fact]
    public async Task One_run_makes_a_streamable_high_profile_master_a_360p_preview_a_poster_and_a_spritesheet()
    {
        var clip = Path.Combine(Folder, "clip.mp4");
        await TestClips.HealthyAsync(clip, 4, amplitude: 0.2, size: "640x480");

        var files = await PublishRenderer.RenderAsync(clip, Path.Combine(Folder, "out"), label: "AI-generated", CancellationToken.None);
        var master = await MediaProbe.ProbeAsync(files.Master);
        var preview = await MediaProbe.ProbeAsync(files.Preview);
        var sprites = await MediaProbe.ProbeAsync(files.Spritesheet);
        var head = Encoding.ASCII.GetString(File.ReadAllBytes(files.Master).AsSpan(0, 4096));

        Assert.Equal(("High", 640, 480, 96), (master.Video!.Profile, master.Video.Width, master.Video.Height, master.Video.Frames));
        Assert.True(head.IndexOf("moov", StringComparison.Ordinal) is >= 0 and var moov && moov < head.IndexOf("mdat", StringComparison.Ordinal) | head.IndexOf("mdat", StringComparison.Ordinal) < 0,
            "the index (moov) comes before the media data");
        Assert.Equal((480, 360), (preview.Video!.Width, preview.Video.Height));
        Assert.NotNull(preview.Audio);
        Assert.Equal((5 * PublishRenderer.SpriteWidth, 5 * 120), (sprites.Video!.Width, sprites.Video.Height));
        Assert.Equal([0xFF, 0xD8], File.ReadAllBytes(files.Poster)[..2]);
    }

    [Fact]
    public async Task The_label_is_visible_in_the_corner_credits_a_remix_and_can_be_turned_off()
    {
        var clip = Path.Combine(Folder, "black.mp4");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "color=black:s=640x360:r=24:d=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip]);

        var marked = await PublishRenderer.RenderAsync(clip, Path.Combine(Folder, "marked"), label: "AI-generated", CancellationToken.None);
        var plain = await PublishRenderer.RenderAsync(clip, Path.Combine(Folder, "plain"), label: null, CancellationToken.None);
        var remix = await PublishRenderer.RenderAsync(clip, Path.Combine(Folder, "remix"), "AI-generated - Remix of @ann_b", CancellationToken.None);

        Assert.True(await CornerPeakAsync(marked.Master) > 150, "white lettering in the bottom-right corner");
        Assert.True(await CornerPeakAsync(marked.Preview) > 150, "the preview carries the label too");
        Assert.True(await CornerPeakAsync(plain.Master) < 30, "no label when turned off");
        Assert.True(await LabelWidthAsync(remix.Master) > 1.6 * await LabelWidthAsync(marked.Master), "the credit lengthens the label");
    }

    /// <summary>How many columns of the first frame's bottom band have lettering in them.</summary>
    private static async Task<int> LabelWidthAsync(string video)
    {
        var band = await Ffmpeg.RunForOutputAsync(
            ["-i", video, "-frames:v", "1", "-vf", "crop=iw:ih/8:0:ih*7/8,format=gray", "-f", "rawvideo", "-"]);
        var width = 640;
        return Enumerable.Range(0, width).Count(x => Enumerable.Range(0, band.Length / width).Any(y => band[y * width + x] > 150));
    }

    /// <summary>The brightest pixel of the bottom-right corner of the first frame.</summary>
    private static async Task<int> CornerPeakAsync(string video)
    {
        var frame = await Ffmpeg.RunForOutputAsync(
            ["-i", video, "-frames:v", "1", "-vf", "crop=iw/3:ih/6:iw*2/3:ih*5/6,format=gray", "-f", "rawvideo", "-"]);
        return frame.Max();
    }
}
