using System.Globalization;

namespace SoraFunctions.Media.Editing;

/// <summary>
/// One ffmpeg filter with its options, built only through the factory methods, which validate every value; its text is
/// what goes into a filter graph (e.g. <c>trim=start=1.5:end=6</c>).
/// </summary>
public sealed class Filter
{
    private readonly string text;

    private Filter(string name, params (string Key, string Value)[] options) =>
        text = options.Length == 0 ? name : $"{name}={string.Join(':', options.Select(o => $"{o.Key}={o.Value}"))}";

    public override string ToString() => text;

    public static Filter Trim(double start, double end) => new("trim", TimeRange(start, end));

    public static Filter ATrim(double start, double end) => new("atrim", TimeRange(start, end));

    /// <summary>Restarts timestamps at zero.</summary>
    public static Filter SetPts() => new("setpts", ("expr", "PTS-STARTPTS"));

    /// <summary>
    /// Retimes the frames of a trimmed stretch in one expression: each segment starts where the one before ended and
    /// plays at its own speed (frames keep their source timestamps until here).
    /// </summary>
    public static Filter Retime(IReadOnlyList<Segment> timeline)
    {
        var expression = "";
        var output = 0.0;
        foreach (var segment in timeline.Take(timeline.Count - 1))
        {
            expression += $"if(lt(T,{Number(segment.SourceEnd)}),{Playing(segment, output)},";
            output += segment.OutputSeconds;
        }

        expression += Playing(timeline[^1], output) + new string(')', timeline.Count - 1);
        return new("setpts", ("expr", $"'({expression})/TB'"));

        static string Playing(Segment segment, double from) =>
            $"{Number(from)}+(T-{Number(segment.SourceStart)})/{Number(Positive(segment.Speed, nameof(segment.Speed)))}";
    }

    public static Filter ASetPts() => new("asetpts", ("expr", "PTS-STARTPTS"));

    /// <summary>Pads the sound with silence without end (cut it after with <see cref="ATrim"/>).</summary>
    public static Filter APad() => new("apad");

    /// <summary>Pitch-preserving tempo change; atempo takes 0.5–2 per instance, so larger changes are chained.</summary>
    public static IReadOnlyList<Filter> ATempo(double factor)
    {
        Positive(factor, nameof(factor));
        var chain = new List<Filter>();
        for (var rest = factor; Math.Abs(rest - 1) > 1e-9;)
        {
            var step = Math.Clamp(rest, 0.5, 2);
            chain.Add(new Filter("atempo", ("tempo", Number(step))));
            rest /= step;
        }

        return chain;
    }

    public static Filter Fps(double framesPerSecond) => new("fps", ("fps", Number(Positive(framesPerSecond, nameof(framesPerSecond)))));

    public static Filter Format(string pixelFormat) =>
        pixelFormat is "yuv420p" or "yuva420p" or "gray" ? new("format", ("pix_fmts", pixelFormat)) : throw new ArgumentOutOfRangeException(nameof(pixelFormat));

    public static Filter Split(int outputs) => new("split", ("outputs", Count(outputs)));

    public static Filter ASplit(int outputs) => new("asplit", ("outputs", Count(outputs)));

    public static Filter Concat(int segments, bool video) =>
        new("concat", ("n", Count(segments)), ("v", video ? "1" : "0"), ("a", video ? "0" : "1"));

    /// <summary>Fades the picture's alpha from opaque to clear over <paramref name="duration"/>, from its start.</summary>
    public static Filter FadeOutAlpha(double duration) =>
        new("fade", ("t", "out"), ("st", "0"), ("d", Number(Positive(duration, nameof(duration)))), ("alpha", "1"));

    /// <summary>Lays the second input over the first by its alpha, in 4:2:0 (the format the rest of a graph keeps).</summary>
    public static Filter Overlay() => new("overlay", ("format", "yuv420"));

    public static Filter ACrossFade(double duration) => new("acrossfade", ("d", Number(Positive(duration, nameof(duration)))));

    public static Filter Eq(double? brightness = null, double? contrast = null, double? saturation = null)
    {
        var options = new List<(string, string)>();
        if (brightness is { } b)
        {
            options.Add(("brightness", Number(InRange(b, -1, 1, nameof(brightness)))));
        }

        if (contrast is { } c)
        {
            options.Add(("contrast", Number(InRange(c, 0, 3, nameof(contrast)))));
        }

        if (saturation is { } s)
        {
            options.Add(("saturation", Number(InRange(s, 0, 3, nameof(saturation)))));
        }

        return options.Count > 0 ? new Filter("eq", [.. options]) : throw new ArgumentException("eq needs at least one adjustment.");
    }

    /// <summary>
    /// Shifts the picture's color toward blue (<paramref name="blue"/> &gt; 0) or yellow, and red
    /// (<paramref name="red"/> &gt; 0) or cyan, by moving the chroma planes (±64 steps); cheap, since it stays in YUV.
    /// </summary>
    public static Filter ShiftChroma(int blue, int red) =>
        new("lutyuv", ("u", $"val{Signed(InRange(blue, -64, 64, nameof(blue)))}"), ("v", $"val{Signed(InRange(red, -64, 64, nameof(red)))}"));

    public static Filter Desaturate() => new("hue", ("s", "0"));

    /// <summary>Temporal film grain of the given strength (0–100).</summary>
    public static Filter Grain(int strength) => new("noise", ("alls", Count(InRange(strength, 0, 100, nameof(strength)))), ("allf", "t"));

    public static Filter Lut3d(string cubeFile) => new("lut3d", ("file", Path(cubeFile)));

    /// <summary>The name of the crop that <see cref="Stabilization.Commands"/> moves from frame to frame.</summary>
    public const string StabilizeCropName = "crop@stabilize";

    /// <summary>The stabilizing crop, starting at the first frame's offset; exact, so odd offsets don't round.</summary>
    public static Filter StabilizeCrop(Stabilization stabilization) =>
        new(StabilizeCropName,
            ("w", Count(stabilization.CropWidth)), ("h", Count(stabilization.CropHeight)),
            ("x", Number(NonNegative(stabilization.Offsets[0].X, "x"))),
            ("y", Number(NonNegative(stabilization.Offsets[0].Y, "y"))), ("exact", "1"));

    /// <summary>Sends the timed commands in <paramref name="commandsFile"/> to the filters after it.</summary>
    public static Filter SendCmd(string commandsFile) => new("sendcmd", ("filename", Path(commandsFile)));

    /// <summary>Resizes with zimg, which slices each frame over threads (swscale's scale runs on the graph's one).</summary>
    public static Filter Scale(int width, int height) => new("zscale", ("w", Count(width)), ("h", Count(height)), ("filter", "bilinear"));

    /// <summary>
    /// Shrinks the picture so its shorter side is at most <paramref name="shortSide"/> pixels (even sizes), keeping the
    /// aspect; it needs no probe, since the expression reads the input's size (<see cref="ShrunkSize"/> computes the same).
    /// </summary>
    public static Filter ShrinkShortSide(int shortSide)
    {
        var side = Count(shortSide);
        return new("scale",
            ("w", $"'if(lt(iw,ih),min(iw,{side}),2*trunc(iw*min(ih,{side})/ih/2))'"),
            ("h", $"'if(lt(iw,ih),2*trunc(ih*min(iw,{side})/iw/2),min(ih,{side}))'"),
            ("flags", "fast_bilinear"));
    }

    /// <summary>The size <see cref="ShrinkShortSide"/> gives a <paramref name="width"/>x<paramref name="height"/> picture.</summary>
    public static (int Width, int Height) ShrunkSize(int width, int height, int shortSide) =>
        width < height
            ? (Math.Min(width, shortSide), 2 * (int)(height * (double)Math.Min(width, shortSide) / width / 2))
            : (2 * (int)(width * (double)Math.Min(height, shortSide) / height / 2), Math.Min(height, shortSide));

    public static Filter ScaleWidth(int width) => new("scale", ("w", Count(width)), ("h", "-2"));

    /// <summary>Keeps only the frames whose index is in <paramref name="frames"/>.</summary>
    public static Filter SelectFrames(IEnumerable<int> frames) =>
        new("select", ("expr", $"'{string.Join('+', frames.Select(f => $"eq(n\\,{(int)NonNegative(f, nameof(frames))})"))}'"));

    public static Filter Tile(int columns, int rows) => new("tile", ("layout", $"{Count(columns)}x{Count(rows)}"));

    /// <summary>A small label in the bottom-right corner, on a translucent box, scaled to the frame's height.</summary>
    public static Filter Label(string text, string fontFile) =>
        text.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '.' or '@' or '_')
            ? new("drawtext",
                ("fontfile", Path(fontFile)), ("text", $"'{text}'"), ("fontcolor", "white@0.8"), ("fontsize", "h/34"),
                ("box", "1"), ("boxcolor", "black@0.35"), ("boxborderw", "10"), ("x", "w-tw-h/30"), ("y", "h-th-h/30"))
            : throw new ArgumentException($"Unsupported characters in label '{text}'.", nameof(text));

    public static Filter AResample(int sampleRate) => new("aresample", ("sample_rate", Count(sampleRate)));

    private static (string, string)[] TimeRange(double start, double end) =>
        end > NonNegative(start, nameof(start))
            ? [("start", Number(start)), ("end", Number(end))]
            : throw new ArgumentOutOfRangeException(nameof(end), end, $"The end must come after the start ({start}).");

    /// <summary>A file path as a quoted option value; characters that would break the graph's quoting are refused.</summary>
    private static string Path(string path) =>
        path.IndexOfAny(['\'', '\\', '\n', '\r']) < 0 ? $"'{path}'" : throw new ArgumentException($"Unsupported characters in path '{path}'.", nameof(path));

    private static string Signed(int value) => value < 0 ? value.ToString(CultureInfo.InvariantCulture) : $"+{value.ToString(CultureInfo.InvariantCulture)}";

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Count(int value) => value > 0 ? value.ToString(CultureInfo.InvariantCulture) : throw new ArgumentOutOfRangeException(nameof(value));

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Must be positive.");

    private static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Must not be negative.");

    private static T InRange<T>(T value, T min, T max, string name) where T : IComparable<T> =>
        value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"Must be between {min} and {max}.");
}
