using System.Diagnostics;
using System.Diagnostics.Metrics;
using SoraFunctions.Core.Hosting;

namespace SoraFunctions.Local.Cli;

/// <summary>
/// While it lives, collects the rendering and media-tool runs recorded on the SoraFunctions meter as time intervals
/// (each ends when it is recorded), so time spent in media can be told apart from the rest even when runs overlap.
/// </summary>
public sealed class MediaTime : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<(double Start, double End)> intervals = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private double render;
    private double tools;

    public MediaTime()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SoraMetrics.MeterName
                && instrument.Name is SoraMetrics.JobRenderDuration or SoraMetrics.MediaToolDuration)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, seconds, _, _) =>
        {
            lock (intervals)
            {
                var now = clock.Elapsed.TotalSeconds;
                intervals.Add((now - seconds, now));
                if (instrument.Name == SoraMetrics.JobRenderDuration)
                {
                    render += seconds;
                }
                else
                {
                    tools += seconds;
                }
            }
        });
        listener.Start();
    }

    public double RenderSeconds
    {
        get
        {
            lock (intervals)
            {
                return render;
            }
        }
    }

    public double ToolSeconds
    {
        get
        {
            lock (intervals)
            {
                return tools;
            }
        }
    }

    /// <summary>Wall time during which rendering or a media tool ran (overlaps counted once).</summary>
    public double Seconds
    {
        get
        {
            lock (intervals)
            {
                var (total, reach) = (0.0, double.MinValue);
                foreach (var (start, end) in intervals.OrderBy(i => i.Start))
                {
                    if (end > reach)
                    {
                        total += end - Math.Max(start, reach);
                        reach = end;
                    }
                }

                return total;
            }
        }
    }

    public void Dispose() => listener.Dispose();
}
