using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Editing;

namespace SoraFunctions.Media.Tests;

public sealed class FilterTests
{
    [Fact]
    public void Pieces_render_the_options_ffmpeg_expects()
    {
        Assert.Equal("trim=start=1.5:end=6", Filter.Trim(1.5, 6).ToString());
        Assert.Equal(
            "setpts=expr='(if(lt(T,3),0+(T-1)/1,if(lt(T,5),2+(T-3)/0.5,6+(T-5)/1)))/TB'",
            Filter.Retime([new Segment(1, 3, 1), new Segment(3, 5, 0.5), new Segment(5, 7, 1)]).ToString());
        Assert.Equal("setpts=expr='(0+(T-2)/2)/TB'", Filter.Retime([new Segment(2, 4, 2)]).ToString());
        Assert.Equal("setpts=expr=PTS-STARTPTS", Filter.SetPts().ToString());
        Assert.Equal("fade=t=out:st=0:d=0.5:alpha=1", Filter.FadeOutAlpha(0.5).ToString());
        Assert.Equal("eq=brightness=-0.1:saturation=1.2", Filter.Eq(brightness: -0.1, saturation: 1.2).ToString());
        Assert.Equal("lut3d=file='/luts/teal orange.cube'", Filter.Lut3d("/luts/teal orange.cube").ToString());
        Assert.Equal("lutyuv=u=val-7:v=val+7", Filter.ShiftChroma(blue: -7, red: 7).ToString());
    }

    [Theory]
    [InlineData(0.25, "atempo=tempo=0.5,atempo=tempo=0.5")]
    [InlineData(3, "atempo=tempo=2,atempo=tempo=1.5")]
    [InlineData(1.25, "atempo=tempo=1.25")]
    public void Tempo_changes_beyond_atempos_range_are_chained(double factor, string expected) =>
        Assert.Equal(expected, string.Join(',', Filter.ATempo(factor)));

    [Fact]
    public void Invalid_values_are_refused_before_any_command_line_exists()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Filter.Trim(4, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Filter.Trim(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Filter.Retime([new Segment(0, 1, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Filter.Eq(contrast: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Filter.ShiftChroma(blue: 100, red: 0));
        Assert.Throws<ArgumentException>(() => Filter.Lut3d("/tmp/it's.cube"));
        Assert.Throws<ArgumentException>(() => Filter.Eq());
    }

    [Fact]
    public void Every_edit_composes_into_one_graph_from_the_source_to_v_and_a()
    {
        var edits = new EditList(
            Trim: new TrimEdit(1, 7), Loop: true, Stabilize: true, Grade: new GradeEdit("noir", Contrast: 1.2),
            Speed: [new SpeedRamp(2, 4, 0.5)]);
        var timeline = EditRenderer.Timeline(edits, 8);

        var stabilization = new Stabilization(660, 1174, [(30, 53), (31, 50)]);
        var graph = EditRenderer.Graph(
            edits, timeline, new LoopPoint(5, 0.5, 0.9),
            [Filter.SendCmd("/work/stabilize.cmd"), Filter.StabilizeCrop(stabilization), Filter.Scale(720, 1280)], hasAudio: true, 24);

        Assert.Equal([new Segment(1, 3, 1), new Segment(3, 5, 0.5), new Segment(5, 7, 1)], timeline);
        Assert.Equal(8, timeline.Sum(s => s.OutputSeconds));
        Assert.StartsWith(
            "[0:v]trim=start=1:end=7,sendcmd=filename='/work/stabilize.cmd',crop@stabilize=w=660:h=1174:x=30:y=53:exact=1,"
            + "zscale=w=720:h=1280:filter=bilinear,setpts=expr='(if(lt(T,3),0+(T-1)/1,if(lt(T,5),2+(T-3)/0.5,6+(T-5)/1)))/TB',fps=fps=24,format=pix_fmts=yuv420p[vcut]",
            graph);
        Assert.Contains("[a1]atrim=start=3:end=5,asetpts=expr=PTS-STARTPTS,atempo=tempo=0.5[as1]", graph);
        Assert.Contains("[vcut]split=outputs=3[vbody][vtail][vhead];[vbody]trim=start=0.5:end=4.5", graph);
        Assert.Contains(
            "[vt]format=pix_fmts=yuva420p,fade=t=out:st=0:d=0.5:alpha=1[vfading];[vh][vfading]overlay=format=yuv420[vseam];"
            + "[vb][vseam]concat=n=2:v=1:a=0[vloop]", graph);
        Assert.Contains("[at][ah]acrossfade=d=0.5[aseam];[ab][aseam]concat=n=2:v=0:a=1[aloop]", graph);
        Assert.Contains("[vloop]hue=s=0,eq=brightness=-0.04:contrast=1.4,eq=contrast=1.2,format=pix_fmts=yuv420p[v]", graph);
        Assert.EndsWith("[aloop]apad,atrim=start=0:end=4.5,aresample=sample_rate=48000[a]", graph);
        Assert.Equal(1, graph.Split("[0:v]").Length - 1);
        Assert.Equal("0 crop@stabilize x 30, crop@stabilize y 53;\n0.020833 crop@stabilize x 31, crop@stabilize y 50;\n", stabilization.Commands(24));
    }
}
