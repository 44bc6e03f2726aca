using System.Globalization;
using System.Text.RegularExpressions;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Editing;

namespace SoraFunctions.Media.Tests;

public sealed class EditRendererTests : MediaTest
{
    private const double OneFrame = 1 / 24.0;
    private async Task<string> SourceAsync(double seconds = 8)
    {
        var source = InFolder("source.mp4");
        if (!File.Exists(source))
        {
            await TestClips.HealthyAsync(source, seconds, amplitude: 0.3);
        }

        return source;
    }

    [Fact]
    public async Task Trim_is_frame_accurate_and_speed_ramps_add_up_exactly()
    {
        var edits = new EditList(Trim: new TrimEdit(1.5, 6.5), Speed: [new SpeedRamp(1, 2, 0.5), new SpeedRamp(3, 5, 2)]);

        var result = await EditRenderer.ApplyAsync(await SourceAsync(), edits, InFolder("out.mp4"), InFolder("work"), CancellationToken.None);
        var info = await MediaProbe.ProbeAsync(InFolder("out.mp4"));

        Assert.Equal(5 + 1 - 1, result.Seconds); // 5 s trimmed: 1 s slowed to 2 s, 2 s sped up to 1 s
        Assert.Equal(120, info.Video!.Frames);
        Assert.InRange(info.DurationSeconds, 5 - OneFrame, 5 + OneFrame);
        Assert.InRange(info.Audio!.DurationSeconds, 5 - OneFrame, 5 + OneFrame);
    }

    [Fact]
    public async Task A_trim_starts_on_the_exact_frame()
    {
        var source = await SourceAsync();
        await EditRenderer.ApplyAsync(source, new EditList(Trim: new TrimEdit(2, 3)), InFolder("cut.mp4"), InFolder("work"), CancellationToken.None);

        var cutFirst = await Ffmpeg.RunForOutputAsync(["-i", InFolder("cut.mp4"), "-frames:v", "1", "-vf", "scale=64:36,format=gray", "-f", "rawvideo", "-"]);
        var sourceAt2 = await Ffmpeg.RunForOutputAsync(["-i", source, "-vf", "select=eq(n\\,48),scale=64:36,format=gray", "-frames:v", "1", "-f", "rawvideo", "-"]);
        var sourceAt2Plus1 = await Ffmpeg.RunForOutputAsync(["-i", source, "-vf", "select=eq(n\\,49),scale=64:36,format=gray", "-frames:v", "1", "-f", "rawvideo", "-"]);

        Assert.True(Difference(cutFirst, sourceAt2) < Difference(cutFirst, sourceAt2Plus1), "the cut's first frame is source frame 48, not 49");
        Assert.Equal(24, (await MediaProbe.ProbeAsync(InFolder("cut.mp4"))).Video!.Frames);
    }

    [Fact]
    public async Task A_loop_closes_where_the_clip_looks_most_like_its_start_and_reports_the_seam()
    {
        // testsrc2's pattern moves steadily; a source that repeats itself every 3 s has an obvious loop point.
        var source = InFolder("repeating.mp4");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=3", "-f", "lavfi", "-i", "sine=f=300:d=3",
            "-filter_complex", "[0:v]loop=loop=1:size=72[v];[1:a]aloop=loop=1:size=144000[a]", "-map", "[v]", "-map", "[a]",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "5", source]);

        var result = await EditRenderer.ApplyAsync(source, new EditList(Loop: true), InFolder("loop.mp4"), InFolder("work"), CancellationToken.None);
        var info = await MediaProbe.ProbeAsync(InFolder("loop.mp4"));

        Assert.Equal(3, result.Loop!.At, 2);
        Assert.True(result.Loop.Similarity > 0.98, $"seam similarity {result.Loop.Similarity}");
        Assert.InRange(info.DurationSeconds, 2.5 - OneFrame, 2.5 + 2 * OneFrame);

        // Played around, the last frame flows into the first: they differ like neighbouring frames do.
        var frames = (await Ffmpeg.RunForOutputAsync(["-i", InFolder("loop.mp4"), "-vf", "scale=64:36,format=gray", "-f", "rawvideo", "-"]))
            .Chunk(64 * 36).ToList();
        Assert.Equal(60, frames.Count); // 2.5 s at 24 fps, the seam's last frame included
        var (lastToFirst, neighbours, seamEnds) = (Difference(frames[^1], frames[0]), Difference(frames[1], frames[0]), Difference(frames[^13], frames[0]));
        Assert.True(lastToFirst < 1.5 * neighbours && lastToFirst < seamEnds / 2, $"last to first {lastToFirst}, neighbours {neighbours}, seam ends {seamEnds}");
    }

    [Fact]
    public async Task Stabilize_and_grade_run_in_the_same_encode_and_noir_removes_color()
    {
        var source = await SourceAsync();
        var edits = new EditList(Stabilize: true, Grade: new GradeEdit("noir"));

        await EditRenderer.ApplyAsync(source, edits, InFolder("noir.mp4"), InFolder("work"), CancellationToken.None);
        var chroma = await Ffmpeg.RunForOutputAsync(["-i", InFolder("noir.mp4"), "-frames:v", "1", "-vf", "scale=32:18,format=yuv444p", "-f", "rawvideo", "-"]);
        var plane = 32 * 18;

        Assert.All(chroma[plane..], value => Assert.InRange(value, (byte)124, (byte)132)); // U and V sit at neutral gray
        Assert.Equal(192, (await MediaProbe.ProbeAsync(InFolder("noir.mp4"))).Video!.Frames);
    }

    [Fact]
    public async Task Stabilize_steadies_a_shaking_camera()
    {
        // A still picture filmed by a camera that shakes by up to ±16 px from frame to frame.
        var shaky = InFolder("shaky.mp4");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=480x400:r=24:d=1", "-f", "lavfi", "-i", "sine=f=300:d=4",
            "-filter_complex", "[0:v]trim=end_frame=1,loop=loop=95:size=1,setpts=N/24/TB,crop=w=400:h=320:x='40+16*sin(n*1.9)':y='40+12*cos(n*2.3)'[v]",
            "-map", "[v]", "-map", "1:a", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "4", shaky]);

        await EditRenderer.ApplyAsync(shaky, new EditList(Stabilize: true), InFolder("steady.mp4"), InFolder("work"), CancellationToken.None);
        var before = await ShakeAsync(shaky);
        var after = await ShakeAsync(InFolder("steady.mp4"));
        var info = await MediaProbe.ProbeAsync(InFolder("steady.mp4"));

        Assert.True(before > 8, $"the source shakes {before:0.0} px a frame");
        Assert.True(after < before / 5, $"steadied: {after:0.0} px a frame, from {before:0.0}");
        Assert.Equal((400, 320, 96), (info.Video!.Width, info.Video.Height, info.Video.Frames));
    }

    [Fact]
    public async Task Edits_beyond_the_clip_are_refused_with_a_code()
    {
        var source = await SourceAsync();

        var rejected = await Assert.ThrowsAsync<RequestRejectedException>(() => EditRenderer.ApplyAsync(
            source, new EditList(Trim: new TrimEdit(2, 30), Loop: true, Stabilize: true), InFolder("x.mp4"), InFolder("work"), CancellationToken.None));

        Assert.Equal("EDIT.TRIM.OUT_OF_RANGE", rejected.Error.Code);
    }

    /// <summary>
    /// The mean distance the picture moves from one frame to the next, as an independent judge sees it: vidstab's motion
    /// detection, each frame's local motions (<c>(LM x y …)</c> in its transforms file) averaged.
    /// </summary>
    private async Task<double> ShakeAsync(string clip)
    {
        var transforms = InFolder($"{Path.GetFileNameWithoutExtension(clip)}.trf");
        await Ffmpeg.RunAsync(["-i", clip, "-vf", $"vidstabdetect=shakiness=5:accuracy=9:result='{transforms}'", "-f", "null", "-"]);
        return File.ReadLines(transforms).Where(line => line.StartsWith("Frame ", StringComparison.Ordinal)).Skip(1)
            .Select(line => Regex.Matches(line, @"\(LM (-?\d+) (-?\d+) ")
                .Select(m => Math.Sqrt(Math.Pow(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), 2)
                    + Math.Pow(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), 2)))
                .DefaultIfEmpty().Average())
            .Average();
    }

    private static double Difference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
}
