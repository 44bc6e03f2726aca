using SoraFunctions.Core.Ports;
using SoraFunctions.Media;
using SoraFunctions.Media.Quality;

namespace SoraFunctions.Local.Cli;

/// <summary>
/// The JSON <c>sora probe</c> prints. <c>av_offset_ms</c> is when an event is heard minus when it is seen: positive
/// means the audio is late; null when the clip has no events to line up.
/// </summary>
public sealed record ProbeReport(
    double DurationS,
    VideoStreamInfo? Video,
    AudioStreamInfo? Audio,
    LoudnessSummary? Loudness,
    IReadOnlyList<TimeSegment> BlackSegments,
    IReadOnlyList<TimeSegment> FrozenSegments,
    IReadOnlyList<TimeSegment> SilentSegments,
    double? AvOffsetMs,
    double? AvOffsetConfidence,
    bool Usable,
    IReadOnlyList<QualityIssue> Issues)
{
    public static ProbeReport From(ClipReport report) => new(
        report.DurationSeconds, report.Video, report.Audio, report.Loudness, report.BlackSegments, report.FrozenSegments,
        report.SilentSegments, report.AvOffset?.OffsetMs, report.AvOffset?.Confidence, report.IsUsable, report.Issues);
}
