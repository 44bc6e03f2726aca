using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Tests;

public sealed class EditPromptTests
{
    [Fact]
    public void Words_that_name_the_toolkits_operations_become_them()
    {
        var read = EditPrompt.Read("Make it black and white and slow the middle down", 12);

        Assert.Empty(read.NeedsGeneration);
        Assert.Equal(new GradeEdit("noir"), read.Edits.Grade);
        Assert.Equal([new SpeedRamp(4, 8, 0.5)], read.Edits.SpeedRamps);
        Assert.Equal((null, false, false), (read.Edits.Trim, read.Edits.Loop, read.Edits.Stabilize));
    }

    [Theory]
    [InlineData("brighter", null, 0.15, null, null)]
    [InlineData("a bit darker", null, -0.075, null, null)]
    [InlineData("much more contrast", null, null, 1.6, null)]
    [InlineData("muted colours", null, null, null, 0.55)]
    [InlineData("give it a warm, vintage look", "film", null, null, null)]
    [InlineData("cooler", "cool", null, null, null)]
    [InlineData("make it vivid and slightly brighter", "vivid", 0.075, null, null)]
    public void Looks_become_a_grade(string prompt, string? preset, double? brightness, double? contrast, double? saturation)
    {
        var grade = EditPrompt.Read(prompt, 8).Edits.Grade!;

        Assert.Equal((preset, brightness, contrast, saturation), (grade.Preset, Round(grade.Brightness), Round(grade.Contrast), Round(grade.Saturation)));
    }

    [Theory]
    [InlineData("cut the first 2 seconds", 2, 8)]
    [InlineData("and cut the first second", 1, 8)]
    [InlineData("trim the last 1.5 s", 0, 6.5)]
    [InlineData("keep only the first three seconds", 0, 3)]
    [InlineData("keep the last 3 seconds", 5, 8)]
    [InlineData("shorten it to 5 seconds", 0, 5)]
    public void Cuts_become_a_trim(string prompt, double start, double end) =>
        Assert.Equal(new TrimEdit(start, end), EditPrompt.Read(prompt, 8).Edits.Trim);

    [Theory]
    [InlineData("slow motion", 0, 8, 0.5)]
    [InlineData("speed up the ending", 5.33, 8, 2)]
    [InlineData("slow down the first half", 0, 4, 0.5)]
    [InlineData("time-lapse the last 2 seconds", 6, 8, 4)]
    public void Pace_becomes_a_speed_ramp(string prompt, double start, double end, double factor) =>
        Assert.Equal([new SpeedRamp(start, end, factor)], EditPrompt.Read(prompt, 8).Edits.SpeedRamps);

    [Fact]
    public void A_ramp_falls_in_what_the_trim_keeps()
    {
        var edits = EditPrompt.Read("cut the first 2 seconds, then slow the middle", 8).Edits;

        Assert.Equal([new SpeedRamp(2, 4, 0.5)], edits.SpeedRamps);
        Assert.Same(edits, edits.Validate(8));
    }

    [Fact]
    public void Loop_and_stabilize_are_named_as_people_say_them()
    {
        var edits = EditPrompt.Read("steady the camera and make it loop", 8).Edits;

        Assert.True(edits.Stabilize);
        Assert.True(edits.Loop);
    }

    [Theory]
    [InlineData("make it night", "make it night")]
    [InlineData("add a dog running past", "add a dog running past")]
    [InlineData("black and white, with snow falling", "with snow falling")]
    [InlineData("turn the car into a horse", "turn the car into a horse")]
    [InlineData("a dragon", "a dragon")]
    public void What_only_generation_changes_is_told_apart(string prompt, string phrase) =>
        Assert.Equal([phrase], EditPrompt.Read(prompt, 8).NeedsGeneration);

    [Fact]
    public void Politeness_asks_for_nothing()
    {
        var read = EditPrompt.Read("please, make it a little brighter. thanks!", 8);

        Assert.Empty(read.NeedsGeneration);
        Assert.Equal(0.075, Round(read.Edits.Grade!.Brightness));
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;
}
