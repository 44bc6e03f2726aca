using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Orchestrations.Cameos;

namespace SoraFunctions.Orchestrations.Pipeline;

/// <summary>
/// On start, starts the pipeline of every unfinished video that has none, and the verification of every cameo left
/// verifying without one (a process stopped, or its storage failed, between recording and starting); the engine
/// resumes the others by itself. Tried again while it fails, so a server started on a full disk catches up once there
/// is room.
/// </summary>
public sealed partial class PipelineResumer(VideoService videos, CameoService cameos, ILogger<PipelineResumer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var unfinished = await videos.ResumeAsync(stoppingToken);
                var verifying = await cameos.ResumeAsync(stoppingToken);
                LogResumed(unfinished.Count, verifying.Count);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogResumeFailed(exception);
                await Task.Delay(RetryInterval, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Videos} unfinished videos have their pipelines, {Cameos} cameos their verifications")]
    private partial void LogResumed(int videos, int cameos);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming unfinished videos failed; trying again")]
    private partial void LogResumeFailed(Exception exception);
}
