using System.Diagnostics.Metrics;
using SoraFunctions.Core.Hosting;

namespace SoraFunctions.Local.Cli;

/// <summary>Adds up, while it lives, the rendering and media-tool time recorded on the SoraFunctions meter.</summary>
public sealed class MediaTime : IDisposable
{
    private readonly MeterListener listener = new();
    private double render;
    private double tools;

    public MediaTime()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SoraMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, seconds, _, _) =>
        {
            if (instrument == SoraMetrics.JobRenderSeconds)
            {
                Interlocked.Exchange(ref render, render + seconds);
            }
            else if (instrument == SoraMetrics.MediaToolSeconds)
            {
                Interlocked.Exchange(ref tools, tools + seconds);
            }
        });
        listener.Start();
    }

    public double RenderSeconds => Volatile.Read(ref render);

    public double ToolSeconds => Volatile.Read(ref tools);

    public void Dispose() => listener.Dispose();
}
