using System.Diagnostics.Metrics;

namespace SoraFunctions.Core.Hosting;

/// <summary>The service's metrics (meter <c>SoraFunctions</c>), for OpenTelemetry exporters and benchmarks.</summary>
public static class SoraMetrics
{
    public const string MeterName = "SoraFunctions";
    public const string MediaToolDuration = "sora.media.tool.duration";
    public const string JobRenderDuration = "sora.job.render.duration";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Wall time of each media tool run (ffmpeg, ffprobe, espeak-ng), tagged with the tool.</summary>
    public static Histogram<double> MediaToolSeconds { get; } =
        Meter.CreateHistogram<double>(MediaToolDuration, "s", "Wall time of one media tool run.");

    /// <summary>Time a generation job spent rendering (its process start-up and reporting excluded).</summary>
    public static Histogram<double> JobRenderSeconds { get; } =
        Meter.CreateHistogram<double>(JobRenderDuration, "s", "Rendering time of one generation job.");
}
