using System.Globalization;
using System.Text.RegularExpressions;
using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Audio;

namespace SoraFunctions.Media.Quality;

public sealed record TimeSegment(double Start, double End)
{
    public double Duration => Math.Round(End - Start, 3);
}

public sealed record LoudnessSummary(double IntegratedLufs, double TruePeakDbtp, double RangeLu, double SamplePeakDbfs);

/// <summary>
/// Everything <c>sora probe</c> reports about a clip. <see cref="AvOffsetMs"/> is when an event is heard minus when it
/// is seen (positive: the audio is late); null when not measured or when the clip has no events to line up.
/// </summary>
public sealed record ClipReport(
    double DurationSeconds,
    VideoStreamInfo? Video,
    AudioStreamInfo? Audio,
    LoudnessSummary? Loudness,
    IReadOnlyList<TimeSegment> BlackSegments,
    IReadOnlyList<TimeSegment> FrozenSegments,
    IReadOnlyList<TimeSegment> SilentSegments,
    double? AvOffsetMs,
    double? AvOffsetConfidence,
    IReadOnlyList<QualityIssue> Issues)
{
    public bool Usable => Issues.All(issue => issue.Severity != IssueSeverity.Defect);
}

/// <summary>
/// Inspects a clip in one decode (black, frozen and silent stretches, loudness, peaks) plus the A/V offset, and
/// judges it: all black, a missing stream or a duration off by more than a frame are defects; the rest are warnings.
/// </summary>
public static partial class ClipInspector
{
    private const double BlackShareForDefect = 0.95;

    /// <summary>Inspects a clip; the A/V offset is measured only when asked (it costs a second decode).</summary>
    public static async Task<ClipReport> InspectAsync(
        string path, double? expectedSeconds, CancellationToken cancellation, bool measureOffset = true)
    {
        var info = await MediaProbe.ProbeAsync(path, cancellation);
        var chains = new List<string>();
        if (info.Video is not null)
        {
            chains.Add("[0:v:0]blackdetect=d=0.1:pix_th=0.1,freezedetect=n=-60dB:d=0.5,nullsink");
        }

        if (info.Audio is not null)
        {
            chains.Add($"[0:a:0]silencedetect=n=-50dB:d=0.5,{LoudnessNormalizer.Measure},astats=measure_perchannel=none:measure_overall=Peak_level,anullsink");
        }

        var log = chains.Count == 0
            ? ""
            : await Ffmpeg.RunAsync(["-nostats", "-i", path, "-filter_complex", string.Join(';', chains), "-f", "null", "-"], cancellation);
        var black = Segments(BlackStart(), BlackEnd(), log, info.DurationSeconds);
        var frozen = Segments(FreezeStart(), FreezeEnd(), log, info.DurationSeconds);
        var silent = Segments(SilenceStart(), SilenceEnd(), log, info.DurationSeconds);
        var loudness = info.Audio is null ? null : ReadLoudness(log);
        var offset = !measureOffset || info.Video is null || info.Audio is null
            ? null
            : await AvOffset.MeasureAsync(path, info.Video.FramesPerSecond, cancellation);

        var issues = Judge(info, expectedSeconds, loudness, black, frozen, silent);
        return new ClipReport(
            info.DurationSeconds, info.Video, info.Audio, loudness, black, frozen, silent, offset?.OffsetMs, offset?.Confidence, issues);
    }

    private static List<QualityIssue> Judge(
        MediaInfo info, double? expectedSeconds, LoudnessSummary? loudness,
        List<TimeSegment> black, List<TimeSegment> frozen, List<TimeSegment> silent)
    {
        var issues = new List<QualityIssue>();
        void Add(string code, IssueSeverity severity, FormattableString message) =>
            issues.Add(new QualityIssue(code, severity, message.ToString(CultureInfo.InvariantCulture)));

        var frame = info.Video is { FramesPerSecond: > 0 } video ? 1 / video.FramesPerSecond : 1 / 24.0;
        if (info.Video is null)
        {
            Add("QC.NO_VIDEO", IssueSeverity.Defect, $"The clip has no video stream.");
        }

        if (info.Audio is null)
        {
            Add("QC.NO_AUDIO", IssueSeverity.Defect, $"The clip has no audio stream.");
        }

        if (expectedSeconds is { } expected && Math.Abs(info.DurationSeconds - expected) > frame)
        {
            Add("QC.DURATION_MISMATCH", IssueSeverity.Defect,
                $"The clip lasts {info.DurationSeconds:0.###} s; {expected:0.###} s were asked for.");
        }

        if (info.Video is { } v && info.Audio is { } a && Math.Abs(v.DurationSeconds - a.DurationSeconds) > frame)
        {
            Add("QC.STREAM_MISMATCH", IssueSeverity.Defect,
                $"The video stream lasts {v.DurationSeconds:0.###} s and the audio {a.DurationSeconds:0.###} s.");
        }

        var blackSeconds = black.Sum(s => s.Duration);
        if (info.DurationSeconds > 0 && blackSeconds >= info.DurationSeconds * BlackShareForDefect)
        {
            Add("QC.ALL_BLACK", IssueSeverity.Defect, $"The picture is black for {blackSeconds:0.##} of {info.DurationSeconds:0.##} s.");
        }
        else if (black.Count > 0)
        {
            Add("QC.BLACK", IssueSeverity.Warning, $"{black.Count} black stretch(es), {blackSeconds:0.##} s in all.");
        }

        if (frozen.Count > 0)
        {
            Add("QC.FROZEN", IssueSeverity.Warning, $"{frozen.Count} frozen stretch(es), {frozen.Sum(s => s.Duration):0.##} s in all.");
        }

        if (silent.Count > 0)
        {
            Add("QC.SILENCE", IssueSeverity.Warning, $"{silent.Count} silent stretch(es), {silent.Sum(s => s.Duration):0.##} s in all.");
        }

        if (loudness is not null)
        {
            if (loudness.SamplePeakDbfs >= -0.1)
            {
                Add("QC.CLIPPING", IssueSeverity.Warning, $"Samples reach {loudness.SamplePeakDbfs:0.##} dBFS: the audio clips.");
            }

            if (Math.Abs(loudness.IntegratedLufs - LoudnessNormalizer.TargetLufs) > LoudnessNormalizer.Tolerance)
            {
                Add("QC.LOUDNESS", IssueSeverity.Warning,
                    $"Integrated loudness is {loudness.IntegratedLufs:0.#} LUFS; the target is {LoudnessNormalizer.TargetLufs} ± {LoudnessNormalizer.Tolerance} LUFS.");
            }

            if (loudness.TruePeakDbtp > LoudnessNormalizer.MaxTruePeak)
            {
                Add("QC.TRUE_PEAK", IssueSeverity.Warning,
                    $"The true peak is {loudness.TruePeakDbtp:0.#} dBTP; at most {LoudnessNormalizer.MaxTruePeak} dBTP is allowed.");
            }
        }

        return issues;
    }

    /// <summary>Pairs start and end marks; a stretch still open at the end of the log closes at the end of the clip.</summary>
    private static List<TimeSegment> Segments(Regex start, Regex end, string log, double duration)
    {
        var marks = start.Matches(log).Select(m => (At: Ffmpeg.LogNumber(m.Groups[1].Value), IsStart: true))
            .Concat(end.Matches(log).Select(m => (At: Ffmpeg.LogNumber(m.Groups[1].Value), IsStart: false)))
            .OrderBy(m => m.At).ThenBy(m => m.IsStart)
            .ToList();
        var segments = new List<TimeSegment>();
        double? open = null;
        foreach (var (at, isStart) in marks)
        {
            if (isStart)
            {
                open ??= at;
            }
            else if (open is { } from)
            {
                segments.Add(new TimeSegment(Math.Round(from, 3), Math.Round(Math.Min(at, duration), 3)));
                open = null;
            }
        }

        if (open is { } unclosed && duration > unclosed)
        {
            segments.Add(new TimeSegment(Math.Round(unclosed, 3), Math.Round(duration, 3)));
        }

        return segments;
    }

    private static LoudnessSummary? ReadLoudness(string log) =>
        LoudnessNormalizer.ReadSummary(log) is { } summary
            ? new LoudnessSummary(
                summary.IntegratedLufs, summary.TruePeakDbtp, summary.RangeLu, Ffmpeg.LogNumber(SamplePeak().Match(log).Groups[1].Value))
            : null;

    [GeneratedRegex(@"black_start:\s*([-\d.]+)")]
    private static partial Regex BlackStart();

    [GeneratedRegex(@"black_end:\s*([-\d.]+)")]
    private static partial Regex BlackEnd();

    [GeneratedRegex(@"freeze_start:\s*([-\d.]+)")]
    private static partial Regex FreezeStart();

    [GeneratedRegex(@"freeze_end:\s*([-\d.]+)")]
    private static partial Regex FreezeEnd();

    [GeneratedRegex(@"silence_start:\s*([-\d.]+)")]
    private static partial Regex SilenceStart();

    [GeneratedRegex(@"silence_end:\s*([-\d.]+)")]
    private static partial Regex SilenceEnd();

    [GeneratedRegex(@"Peak level dB:\s*([-\d.]+|-inf)", RegexOptions.RightToLeft)]
    private static partial Regex SamplePeak();
}
