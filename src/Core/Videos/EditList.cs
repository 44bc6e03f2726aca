using System.Globalization;

namespace SoraFunctions.Core.Videos;

/// <summary>Keep only <see cref="Start"/>–<see cref="End"/> seconds of the clip.</summary>
public sealed record TrimEdit(double Start, double End);

/// <summary>Play <see cref="Start"/>–<see cref="End"/> seconds (of the trimmed clip) at <see cref="Factor"/> speed.</summary>
public sealed record SpeedRamp(double Start, double End, double Factor);

/// <summary>A color grade: a preset or a .cube LUT, then brightness/contrast/saturation adjustments.</summary>
public sealed record GradeEdit(string? Preset = null, string? Lut = null, double? Brightness = null, double? Contrast = null, double? Saturation = null);

/// <summary>
/// The edits to apply to a clip, in this order: stabilize, trim, speed ramps, loop, grade. <see cref="Validate"/>
/// checks them against the clip's length and throws <see cref="RequestRejectedException"/> with an <c>EDIT.*</c> code.
/// </summary>
public sealed record EditList(
    TrimEdit? Trim = null,
    bool Loop = false,
    bool Stabilize = false,
    GradeEdit? Grade = null,
    IReadOnlyList<SpeedRamp>? Speed = null)
{
    public const double MinSpeed = 0.25;
    public const double MaxSpeed = 4;
    public const double MinLoopSeconds = 1;

    /// <summary>Each ramp is a segment of the one filter graph; more would cost more than any edit needs.</summary>
    public const int MaxSpeedRamps = 8;

    public static IReadOnlyList<string> GradePresets { get; } = ["natural", "warm", "cool", "noir", "vivid", "film"];

    public static EditList None { get; } = new();

    public IReadOnlyList<SpeedRamp> SpeedRamps => Speed ?? [];

    public bool IsEmpty => Trim is null && !Loop && !Stabilize && Grade is null && SpeedRamps.Count == 0;

    /// <summary>Checks every edit against a clip of <paramref name="seconds"/>; returns this list when valid.</summary>
    public EditList Validate(double seconds)
    {
        var length = seconds;
        if (Trim is { } trim)
        {
            if (trim.Start < 0 || trim.End <= trim.Start || trim.End > seconds)
            {
                throw Rejected("EDIT.TRIM.OUT_OF_RANGE",
                    $"Trim {Format(trim.Start)}:{Format(trim.End)} must satisfy 0 ≤ start < end ≤ {Format(seconds)} (the clip's length).");
            }

            length = trim.End - trim.Start;
        }

        if (SpeedRamps.Count > MaxSpeedRamps)
        {
            throw Rejected("EDIT.SPEED.TOO_MANY", $"{SpeedRamps.Count} speed ramps were asked for; at most {MaxSpeedRamps} are applied.");
        }

        var previousEnd = 0.0;
        foreach (var ramp in SpeedRamps.OrderBy(r => r.Start))
        {
            if (ramp.Start < previousEnd || ramp.End <= ramp.Start || ramp.End > length)
            {
                throw Rejected("EDIT.SPEED.OUT_OF_RANGE",
                    $"Speed ramps must lie within 0–{Format(length)} s of the trimmed clip without overlapping; {Format(ramp.Start)}:{Format(ramp.End)} does not.");
            }

            if (ramp.Factor is < MinSpeed or > MaxSpeed)
            {
                throw Rejected("EDIT.SPEED.FACTOR", $"Speed factor {Format(ramp.Factor)} must be between {MinSpeed} and {MaxSpeed}.");
            }

            previousEnd = ramp.End;
        }

        var edited = length - SpeedRamps.Sum(r => (r.End - r.Start) * (1 - 1 / r.Factor));
        if (Loop && edited < MinLoopSeconds * 2)
        {
            throw Rejected("EDIT.LOOP.TOO_SHORT", $"A loop needs at least {MinLoopSeconds * 2} s of clip; the edited clip has {Format(edited)} s.");
        }

        if (Grade is { } grade)
        {
            if (grade.Preset is { } preset && !GradePresets.Contains(preset))
            {
                throw new RequestRejectedException(
                    new VideoError("EDIT.GRADE.PRESET", $"Unknown grade preset '{preset}'. Allowed: {string.Join(", ", GradePresets)}."),
                    GradePresets);
            }

            if (grade.Lut is { } lut && (!lut.EndsWith(".cube", StringComparison.OrdinalIgnoreCase) || !File.Exists(lut)))
            {
                throw Rejected("EDIT.GRADE.LUT", $"The LUT must be an existing .cube file; '{lut}' is not.");
            }

            Range("EDIT.GRADE.BRIGHTNESS", "Brightness", grade.Brightness, -1, 1);
            Range("EDIT.GRADE.CONTRAST", "Contrast", grade.Contrast, 0, 3);
            Range("EDIT.GRADE.SATURATION", "Saturation", grade.Saturation, 0, 3);
        }

        return this;
    }

    /// <summary>Parses <c>START:END</c> (seconds), as the command line takes a trim.</summary>
    public static TrimEdit ParseTrim(string text) =>
        Numbers(text, 2, "EDIT.TRIM.SYNTAX", "START:END") is [var start, var end] ? new TrimEdit(start, end) : throw new InvalidOperationException();

    /// <summary>Parses <c>START:END:FACTOR</c>, as the command line takes a speed ramp.</summary>
    public static SpeedRamp ParseSpeed(string text) =>
        Numbers(text, 3, "EDIT.SPEED.SYNTAX", "START:END:FACTOR") is [var start, var end, var factor]
            ? new SpeedRamp(start, end, factor)
            : throw new InvalidOperationException();

    private static double[] Numbers(string text, int count, string code, string shape)
    {
        var parts = text.Split(':');
        var numbers = new double[parts.Length];
        if (parts.Length != count || parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])).Any(ok => !ok))
        {
            throw Rejected(code, $"'{text}' is not {shape} (seconds, e.g. {(count == 2 ? "1.5:6" : "2:4:0.5")}).");
        }

        return numbers;
    }

    private static void Range(string code, string name, double? value, double min, double max)
    {
        if (value is { } v && (v < min || v > max || double.IsNaN(v)))
        {
            throw Rejected(code, $"{name} {Format(v)} must be between {Format(min)} and {Format(max)}.");
        }
    }

    private static RequestRejectedException Rejected(string code, string message) => new(new VideoError(code, message));

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
