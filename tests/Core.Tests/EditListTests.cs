using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Tests;

public sealed class EditListTests
{
    [Theory]
    [InlineData("1.5:6", 1.5, 6)]
    [InlineData("0:8", 0, 8)]
    public void Trims_parse_from_start_colon_end(string text, double start, double end) =>
        Assert.Equal(new TrimEdit(start, end), EditList.ParseTrim(text));

    [Theory]
    [InlineData("1:2", "EDIT.SPEED.SYNTAX")]
    [InlineData("a:b:c", "EDIT.SPEED.SYNTAX")]
    public void Malformed_ramps_are_refused(string text, string code) =>
        Assert.Equal(code, Assert.Throws<RequestRejectedException>(() => EditList.ParseSpeed(text)).Error.Code);

    [Theory]
    [InlineData("EDIT.TRIM.OUT_OF_RANGE", 2.0, 9.0, 0.0, 0.0, 1.0, null)]
    [InlineData("EDIT.TRIM.OUT_OF_RANGE", 5.0, 5.0, 0.0, 0.0, 1.0, null)]
    [InlineData("EDIT.SPEED.OUT_OF_RANGE", 0.0, 4.0, 3.0, 5.0, 2.0, null)]
    [InlineData("EDIT.SPEED.FACTOR", 0.0, 8.0, 1.0, 2.0, 8.0, null)]
    [InlineData("EDIT.GRADE.PRESET", 0.0, 8.0, 0.0, 0.0, 1.0, "sepia")]
    public void Edits_that_do_not_fit_the_clip_are_refused_with_a_code(
        string code, double trimStart, double trimEnd, double rampStart, double rampEnd, double factor, string? preset)
    {
        var edits = new EditList(
            Trim: new TrimEdit(trimStart, trimEnd),
            Speed: rampEnd > 0 ? [new SpeedRamp(rampStart, rampEnd, factor)] : null,
            Grade: preset is null ? null : new GradeEdit(preset));

        Assert.Equal(code, Assert.Throws<RequestRejectedException>(() => edits.Validate(8)).Error.Code);
    }

    [Fact]
    public void More_speed_ramps_than_the_graph_takes_are_refused()
    {
        var ramps = Enumerable.Range(0, EditList.MaxSpeedRamps + 1).Select(i => new SpeedRamp(i * 0.5, i * 0.5 + 0.25, 2)).ToList();

        Assert.Equal("EDIT.SPEED.TOO_MANY", Assert.Throws<RequestRejectedException>(() => new EditList(Speed: ramps).Validate(8)).Error.Code);
        Assert.Equal(EditList.MaxSpeedRamps, new EditList(Speed: ramps[..^1]).Validate(8).SpeedRamps.Count);
    }

    [Fact]
    public void Overlapping_ramps_a_too_short_loop_and_out_of_range_adjustments_are_refused()
    {
        Assert.Equal("EDIT.SPEED.OUT_OF_RANGE", Assert.Throws<RequestRejectedException>(() =>
            new EditList(Speed: [new SpeedRamp(1, 3, 2), new SpeedRamp(2, 4, 2)]).Validate(8)).Error.Code);
        Assert.Equal("EDIT.LOOP.TOO_SHORT", Assert.Throws<RequestRejectedException>(() =>
            new EditList(Trim: new TrimEdit(0, 1.5), Loop: true).Validate(8)).Error.Code);
        Assert.Equal("EDIT.GRADE.SATURATION", Assert.Throws<RequestRejectedException>(() =>
            new EditList(Grade: new GradeEdit(Saturation: 4)).Validate(8)).Error.Code);
        Assert.Equal("EDIT.GRADE.LUT", Assert.Throws<RequestRejectedException>(() =>
            new EditList(Grade: new GradeEdit(Lut: "/nowhere/look.cube")).Validate(8)).Error.Code);
    }

    [Fact]
    public void A_valid_list_passes_and_an_empty_one_is_empty()
    {
        var edits = new EditList(Trim: new TrimEdit(1, 7), Loop: true, Grade: new GradeEdit("warm", Brightness: 0.1),
            Speed: [new SpeedRamp(0, 1, 0.5), new SpeedRamp(4, 6, 2)]);

        Assert.Same(edits, edits.Validate(8));
        Assert.True(EditList.None.IsEmpty);
        Assert.False(edits.IsEmpty);
    }
}
