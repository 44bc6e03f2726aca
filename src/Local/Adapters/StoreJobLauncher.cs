using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SoraFunctions.Azure.Jobs;
using SoraFunctions.Azure.Storage;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Generation;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// The cloud profile's generation jobs, where a pipeline's next step may run in another instance on another machine:
/// a worker process on this machine in its container mode, whose files and record are in the clip store
/// (<see cref="StoredJob"/>), so any instance can tell how the job stands (its end, else its beats or, on this machine,
/// its process) and stop it. While this process lives it watches its workers and reports each end to the job's
/// pipeline at once; the end of a job whose launcher died is found by the pipeline's next check.
/// </summary>
public sealed partial class StoreJobLauncher(
    OrchestrationClient orchestrations, IClipStore clips, IConfiguration configuration, TimeProvider time, ILogger<StoreJobLauncher> logger) : IJobLauncher
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task StartAsync(GenerationJob job, CancellationToken cancellation = default)
    {
        if (await clips.GetLengthAsync(StoredJob.Launch(job.JobId), cancellation) is not null)
        {
            return; // started before, here or by another instance: a repeated start must not run a second worker
        }

        var remote = await StoredJob.PlaceAsync(clips, job, cancellation);
        var started = time.GetUtcNow();
        var process = LocalJobLauncher.StartWorker(
            configuration,
            [GeneratorOptions.Section, BlobClipStoreOptions.Section],
            new Dictionary<string, string> { [ContainerAppsJobLauncher.JobSpecVariable] = JsonSerializer.Serialize(remote, Json) });
        await StoredJob.WriteAsync(clips, StoredJob.Launch(job.JobId), new StoredJobLaunch(started, ProcessIdentity.Describe(process), ProcessIdentity.OfThisProcess), cancellation);
        LogStarted(job.JobId, process.Id);
        _ = WatchAsync(process, job, started);
    }

    public async Task<JobStatus> GetStatusAsync(string jobId, CancellationToken cancellation = default)
    {
        if (await StoredJob.ReadEndAsync(clips, jobId, cancellation) is { } ended)
        {
            return ended;
        }

        if (await StoredJob.ReadAsync<StoredJobLaunch>(clips, StoredJob.Launch(jobId), cancellation) is not { } launch)
        {
            return new JobStatus(JobState.Missing, Error: "The job was never started.");
        }

        var alive = ProcessIdentity.IsOfThisHost(launch.Worker)
            ? !ProcessIdentity.IsGoneFromThisHost(launch.Worker)
            : await BeatsAsync(jobId, launch, cancellation);
        if (alive)
        {
            return new JobStatus(JobState.Running);
        }

        // It may have said how it ended just before it went.
        return await StoredJob.ReadEndAsync(clips, jobId, cancellation)
            ?? new JobStatus(JobState.Interrupted, Error: "The generation worker stopped without finishing.");
    }

    /// <summary>The job stops at its next beat, wherever it runs.</summary>
    public async Task StopAsync(string jobId, CancellationToken cancellation = default)
    {
        if (await StoredJob.ReadEndAsync(clips, jobId, cancellation) is null
            && await clips.GetLengthAsync(StoredJob.Launch(jobId), cancellation) is not null)
        {
            await StoredJob.WriteAsync(clips, StoredJob.Stop(jobId), time.GetUtcNow(), cancellation);
        }
    }

    /// <summary>
    /// A worker on another machine is alive while it beats: the beat due <see cref="StoredJob.SilenceAllowed"/> ago (or
    /// the one after it, should one have been refused) is there. Its first beats are not asked for.
    /// </summary>
    private async Task<bool> BeatsAsync(string jobId, StoredJobLaunch launch, CancellationToken cancellation)
    {
        var elapsed = time.GetUtcNow() - launch.StartedAt;
        if (elapsed < StoredJob.SilenceAllowed)
        {
            return true;
        }

        var due = (long)((elapsed - StoredJob.SilenceAllowed) / StoredJob.BeatInterval);
        return await clips.GetLengthAsync(StoredJob.Beat(jobId, due), cancellation) is not null
            || await clips.GetLengthAsync(StoredJob.Beat(jobId, due + 1), cancellation) is not null;
    }

    /// <summary>Tells the job's pipeline how it ended as soon as its worker exits, rather than at the next status check.</summary>
    private async Task WatchAsync(Process process, GenerationJob job, DateTimeOffset started)
    {
        try
        {
            await process.WaitForExitAsync();
            GenerationCompleted completed;
            if (await StoredJob.ReadAsync<GenerationOutput>(clips, StoredJob.Output(job.JobId), default) is { } output)
            {
                SoraMetrics.JobRenderSeconds.Record((time.GetUtcNow() - started).TotalSeconds);
                completed = new GenerationCompleted(job.JobId, output, null);
            }
            else if (await StoredJob.ReadAsync<VideoError>(clips, StoredJob.Failure(job.JobId), default) is { } failure)
            {
                completed = new GenerationCompleted(job.JobId, null, failure);
            }
            else
            {
                LogCrashed(job.JobId, process.ExitCode);
                completed = new GenerationCompleted(job.JobId, null, LocalJobLauncher.ExitedWithoutOutput(process.ExitCode).ToError());
            }

            await orchestrations.RaiseEventAsync(job.VideoId, GenerateVideoOrchestration.GenerationCompletedEvent, completed);
        }
        catch (Exception exception)
        {
            LogWatchFailed(exception, job.JobId);
        }
        finally
        {
            process.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started job {JobId} as process {ProcessId}, its record in the clip store")]
    private partial void LogStarted(string jobId, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}'s worker exited with code {ExitCode} before finishing")]
    private partial void LogCrashed(string jobId, int exitCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Watching job {JobId} failed; its status is still found by polling")]
    private partial void LogWatchFailed(Exception exception, string jobId);
}
