using System.CommandLine;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Local.Cli;

/// <summary>The editing options <c>generate</c> and <c>edit</c> share, and the <see cref="EditList"/> they make.</summary>
public sealed class EditOptions
{
    private readonly Option<string?> trim = new("--trim") { Description = "Keep START:END seconds (frame-accurate)." };
    private readonly Option<bool> loop = new("--loop") { Description = "Close the clip into a seamless loop." };
    private readonly Option<bool> stabilize = new("--stabilize") { Description = "Stabilize a shaking camera (its motion measured on small gray frames, then a smoothed moving crop)." };
    private readonly Option<string?> grade = new("--grade") { Description = $"Grade preset: {string.Join(", ", EditList.GradePresets)}." };
    private readonly Option<string?> lut = new("--lut") { Description = "Grade with a .cube LUT file." };
    private readonly Option<double?> brightness = new("--brightness") { Description = "-1 to 1." };
    private readonly Option<double?> contrast = new("--contrast") { Description = "0 to 3 (1 keeps it)." };
    private readonly Option<double?> saturation = new("--saturation") { Description = "0 to 3 (1 keeps it)." };
    private readonly Option<string[]> speed = new("--speed")
    {
        Description = "Play START:END (seconds of the trimmed clip) at FACTOR speed; repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { trim, loop, stabilize, grade, lut, brightness, contrast, saturation, speed })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The edits asked for; throws <see cref="RequestRejectedException"/> for a malformed value.</summary>
    public EditList Read(ParseResult parse)
    {
        var (preset, cube) = (parse.GetValue(grade), parse.GetValue(lut));
        var (b, c, s) = (parse.GetValue(brightness), parse.GetValue(contrast), parse.GetValue(saturation));
        return new EditList(
            parse.GetValue(trim) is { } range ? EditList.ParseTrim(range) : null,
            parse.GetValue(loop),
            parse.GetValue(stabilize),
            preset is null && cube is null && b is null && c is null && s is null
                ? null
                : new GradeEdit(preset, cube is null ? null : Path.GetFullPath(cube), b, c, s),
            [.. (parse.GetValue(speed) ?? []).Select(EditList.ParseSpeed)]);
    }
}
