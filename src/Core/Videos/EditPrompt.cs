using System.Globalization;
using System.Text.RegularExpressions;

namespace SoraFunctions.Core.Videos;

/// <summary>
/// What a prompt asks of a video that exists, read as an editor reads a note: the editing toolkit's operations where its
/// words say such a thing ("black and white", "brighter", "slow the middle down", "cut the first 2 seconds", "loop it",
/// "steady the camera"), and the phrases that ask for what only generation can change (time of day, weather, a new
/// subject). Each phrase between "and", commas and full stops is read on its own; one that names an operation is that
/// operation, one that names none but has words of its own needs the scene generated again.
/// </summary>
public sealed partial record EditPrompt(EditList Edits, IReadOnlyList<string> NeedsGeneration)
{
    /// <summary>How much "brighter", "more contrast" or "more saturated" changes, and how much "much" or "a bit" scale it.</summary>
    private const double Step = 0.15;

    /// <summary>Reads <paramref name="prompt"/> for a clip of <paramref name="seconds"/>; the edits are not yet validated.</summary>
    public static EditPrompt Read(string prompt, double seconds)
    {
        var edits = EditList.None;
        var speeds = new List<(string Phrase, double Factor)>();
        var needsGeneration = new List<string>();
        foreach (var phrase in Phrases().Split(prompt.ToLowerInvariant()).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            if (Generative().IsMatch(phrase))
            {
                needsGeneration.Add(phrase);
                continue;
            }

            var understood = false;
            if (GradePreset(phrase) is { } preset)
            {
                edits = edits with { Grade = (edits.Grade ?? new GradeEdit()) with { Preset = preset } };
                understood = true;
            }

            var scale = Much().IsMatch(phrase) ? 2 : Little().IsMatch(phrase) ? 0.5 : 1;
            if (Brighter().IsMatch(phrase) || Darker().IsMatch(phrase))
            {
                edits = edits with { Grade = (edits.Grade ?? new GradeEdit()) with { Brightness = (Brighter().IsMatch(phrase) ? 1 : -1) * Step * scale } };
                understood = true;
            }

            if (MoreContrast().IsMatch(phrase) || LessContrast().IsMatch(phrase))
            {
                edits = edits with { Grade = (edits.Grade ?? new GradeEdit()) with { Contrast = 1 + (MoreContrast().IsMatch(phrase) ? 2 : -1) * Step * scale } };
                understood = true;
            }

            if (LessSaturated().IsMatch(phrase) || MoreSaturated().IsMatch(phrase))
            {
                edits = edits with { Grade = (edits.Grade ?? new GradeEdit()) with { Saturation = LessSaturated().IsMatch(phrase) ? 1 - 3 * Step * scale : 1 + 3 * Step * scale } };
                understood = true;
            }

            if (SpeedFactor(phrase) is { } factor)
            {
                speeds.Add((phrase, factor));
                understood = true;
            }

            if (Trim(phrase, seconds) is { } trim)
            {
                edits = edits with { Trim = trim };
                understood = true;
            }

            if (Loop().IsMatch(phrase))
            {
                edits = edits with { Loop = true };
                understood = true;
            }

            if (Stabilize().IsMatch(phrase))
            {
                edits = edits with { Stabilize = true };
                understood = true;
            }

            if (!understood && Filler().Replace(phrase, " ").Any(char.IsLetterOrDigit))
            {
                needsGeneration.Add(phrase);
            }
        }

        // A ramp's times are the trimmed clip's: where "the middle" is depends on what the trim keeps.
        var length = edits.Trim is { } kept ? kept.End - kept.Start : seconds;
        var ramps = speeds.Select(speed => Where(speed.Phrase, length) is var (start, end) ? new SpeedRamp(start, end, speed.Factor) : null)
            .OfType<SpeedRamp>().GroupBy(ramp => ramp.Start).Select(same => same.Last()).OrderBy(ramp => ramp.Start).ToList();
        return new EditPrompt(ramps.Count == 0 ? edits : edits with { Speed = ramps }, needsGeneration);
    }

    private static string? GradePreset(string phrase) =>
        Monochrome().IsMatch(phrase) ? "noir"
        : Warm().IsMatch(phrase) ? "warm"
        : Cool().IsMatch(phrase) ? "cool"
        : Vivid().IsMatch(phrase) ? "vivid"
        : Film().IsMatch(phrase) ? "film"
        : Natural().IsMatch(phrase) ? "natural"
        : null;

    private static double? SpeedFactor(string phrase) =>
        QuarterSpeed().IsMatch(phrase) ? EditList.MinSpeed
        : Slower().IsMatch(phrase) ? 0.5
        : TimeLapse().IsMatch(phrase) ? EditList.MaxSpeed
        : Faster().IsMatch(phrase) ? 2
        : null;

    /// <summary>The stretch of a clip of <paramref name="length"/> seconds a phrase points at: its start, middle or end, the first or last N seconds, or all of it.</summary>
    private static (double Start, double End) Where(string phrase, double length)
    {
        if (FirstOrLast().Match(phrase) is { Success: true } counted && Number(counted.Groups["n"].Value) is { } n && n < length)
        {
            return counted.Groups["which"].Value == "first" ? (0, n) : (Round(length - n), length);
        }

        return Middle().IsMatch(phrase) ? (Round(length / 3), Round(length * 2 / 3))
            : Beginning().IsMatch(phrase) ? (0, Round(length / (Half().IsMatch(phrase) ? 2 : 3)))
            : Ending().IsMatch(phrase) ? (Round(length - length / (Half().IsMatch(phrase) ? 2 : 3)), length)
            : (0, length);
    }

    /// <summary>"cut the first 2 seconds", "trim the last 1.5 s", "keep only the first 3 seconds", "shorten it to 5 seconds".</summary>
    private static TrimEdit? Trim(string phrase, double seconds)
    {
        if (ShortenTo().Match(phrase) is { Success: true } shorten && Number(shorten.Groups["n"].Value) is { } target)
        {
            return new TrimEdit(0, target);
        }

        if (TrimVerb().IsMatch(phrase) && FirstOrLast().Match(phrase) is { Success: true } counted && Number(counted.Groups["n"].Value) is { } n)
        {
            var first = counted.Groups["which"].Value == "first";
            return Keep().IsMatch(phrase)
                ? first ? new TrimEdit(0, n) : new TrimEdit(Round(seconds - n), seconds)
                : first ? new TrimEdit(n, seconds) : new TrimEdit(0, Round(seconds - n));
        }

        return null;
    }

    /// <summary>A count of seconds as written: a number, a number word, or none ("the first second").</summary>
    private static double? Number(string text) =>
        text.Length == 0 ? 1
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n
        : Array.IndexOf(NumberWords, text) is var index and > 0 ? index
        : null;

    private static readonly string[] NumberWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    private static double Round(double seconds) => Math.Round(seconds, 2);

    [GeneratedRegex(@"\s*(?:,|;|\.(?!\d)|\band then\b|\bthen\b|\band\b(?!\s+white\b))\s*")]
    private static partial Regex Phrases();

    /// <summary>What only a new generation changes: a subject added or replaced, the time of day, the weather, the season.</summary>
    [GeneratedRegex(@"^(?:add|put|place|insert|replace|swap|show|include)\b|^(?:remove|delete) the (?!first|last)|\b(?:into|instead)\b|\b(?:night|nighttime|midnight|daytime|noon|midday|morning|evening|sunset|sunrise|dawn|dusk|golden hour|rain\w*|snow\w*|fog\w*|mist\w*|storm\w*|sunny|cloudy|overcast|winter|summer|autumn|spring)\b")]
    private static partial Regex Generative();

    [GeneratedRegex(@"\b(?:black\s*(?:&|and)?\s*white|b\s*&\s*w|b/w|monochrome|gr[ae]yscale|noir|colou?rless)\b|^white$")]
    private static partial Regex Monochrome();

    [GeneratedRegex(@"\b(?:warm(?:er)?|golden tones?)\b")]
    private static partial Regex Warm();

    [GeneratedRegex(@"\b(?:cool(?:er)?|cold(?:er)?|blue(?:r)? tint)\b")]
    private static partial Regex Cool();

    [GeneratedRegex(@"\b(?:vivid|vibrant|punchy|more colou?rful)\b")]
    private static partial Regex Vivid();

    [GeneratedRegex(@"\b(?:film(?:ic)?|cinematic|vintage|retro)\b")]
    private static partial Regex Film();

    [GeneratedRegex(@"\b(?:natural|neutral) (?:colou?rs?|look|grade)\b")]
    private static partial Regex Natural();

    [GeneratedRegex(@"\b(?:bright(?:er|en)?|lighter|lighten)\b")]
    private static partial Regex Brighter();

    [GeneratedRegex(@"\b(?:dark(?:er|en)|dimmer|dim (?:it|the))\b")]
    private static partial Regex Darker();

    [GeneratedRegex(@"\b(?:more|higher|increase(?: the)?|boost(?: the)?) contrast\b|\bcontrastier\b")]
    private static partial Regex MoreContrast();

    [GeneratedRegex(@"\b(?:less|lower|reduce(?: the)?|soften(?: the)?) contrast\b|\bflatter\b")]
    private static partial Regex LessContrast();

    [GeneratedRegex(@"\b(?:desaturated?|muted|washed[- ]out|less (?:colou?r|saturat\w*))\b")]
    private static partial Regex LessSaturated();

    [GeneratedRegex(@"\b(?:more saturat\w*|saturate|more colou?r)\b")]
    private static partial Regex MoreSaturated();

    [GeneratedRegex(@"\b(?:slow(?:er|ed)?|slow[- ]?mo(?:tion)?|half[- ]speed)\b")]
    private static partial Regex Slower();

    [GeneratedRegex(@"\bquarter[- ]speed\b")]
    private static partial Regex QuarterSpeed();

    [GeneratedRegex(@"\b(?:speed(?:ed)? (?:\w+ )?up|fast(?:er)?|quick(?:er|en)?|double[- ]speed|twice as fast|2x)\b")]
    private static partial Regex Faster();

    [GeneratedRegex(@"\b(?:time[- ]?lapse|4x)\b")]
    private static partial Regex TimeLapse();

    [GeneratedRegex(@"\b(?:middle|center|centre)\b")]
    private static partial Regex Middle();

    [GeneratedRegex(@"\b(?:start|beginning|opening|first (?:half|part|third))\b")]
    private static partial Regex Beginning();

    [GeneratedRegex(@"\b(?:end|ending|finish|last (?:half|part|third))\b")]
    private static partial Regex Ending();

    [GeneratedRegex(@"\bhalf\b")]
    private static partial Regex Half();

    [GeneratedRegex(@"\b(?<which>first|last) (?:(?<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) ?(?:s|secs?|seconds?)|(?<n>)(?:second|sec))\b")]
    private static partial Regex FirstOrLast();

    [GeneratedRegex(@"\b(?:shorten|cut|trim) (?:it |the \w+ )?(?:down )?to (?:the first )?(?<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) ?(?:s|secs?|seconds?)\b")]
    private static partial Regex ShortenTo();

    [GeneratedRegex(@"\b(?:cut|trim|remove|drop|lose|keep|chop)\b")]
    private static partial Regex TrimVerb();

    [GeneratedRegex(@"\b(?:keep|only)\b")]
    private static partial Regex Keep();

    [GeneratedRegex(@"\b(?:loop(?:s|ed|ing|able)?|boomerang)\b")]
    private static partial Regex Loop();

    [GeneratedRegex(@"\b(?:stabili[sz](?:e|ed|ation)|steady|steadier|less shaky|(?:remove|reduce|fix) (?:the )?(?:camera )?shak(?:e|iness)|smooth(?:er)? (?:out )?(?:the )?camera)\b")]
    private static partial Regex Stabilize();

    [GeneratedRegex(@"\b(?:much|a lot|way|very|really|lots)\b")]
    private static partial Regex Much();

    [GeneratedRegex(@"\b(?:a (?:little )?bit|a little|slightly|a touch|subtly|somewhat)\b")]
    private static partial Regex Little();

    /// <summary>Words that ask for nothing by themselves: what is left of a phrase without them is what it asks for.</summary>
    [GeneratedRegex(@"\b(?:please|thanks|thank|make|it|its|it's|this|that|the|a|an|video|clip|footage|shot|whole|entire|all|look|looks|feel|more|less|bit|little|slightly|very|much|so|too|just|also|some|can|could|would|you|i|we|want|like|to|of|down|up|now|over|with|then|and|again|version|one)\b|[^\p{L}\p{N}]+")]
    private static partial Regex Filler();
}
