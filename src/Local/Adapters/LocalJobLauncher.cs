using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Worker;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// Runs generation jobs as child processes of the worker, one folder per job. The folder is the job's record (see
/// <see cref="JobFolder"/>), so any process can tell a job's state, including a worker that died without a word.
/// While this process lives it also watches its workers and reports a crash at once.
/// </summary>
public sealed partial class LocalJobLauncher(
    OrchestrationClient orchestrations, DataFolder data, ILogger<LocalJobLauncher> logger) : IJobLauncher
{
    private static readonly string WorkerAssembly = Path.Combine(AppContext.BaseDirectory, "SoraFunctions.Worker.dll");

    public Task StartAsync(GenerationJob job, CancellationToken cancellation = default)
    {
        var folder = new JobFolder(job.OutputFolder);
        if (folder.ReadReport() is not null
            || (folder.ReadLaunch() is { } launched && !ProcessIdentity.IsGoneFromThisHost(launched)))
        {
            return Task.CompletedTask; // started before: a repeated start must not run a second worker
        }

        folder.WriteSpec(new LocalJobSpec(job, data.EngineDatabase));
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { WorkerAssembly, folder.Path }, UseShellExecute = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker process could not be started.");
        folder.WriteLaunch(ProcessIdentity.Describe(process));
        LogStarted(job.JobId, process.Id);
        _ = WatchAsync(process, job, folder);
        return Task.CompletedTask;
    }

    public Task<JobStatus> GetStatusAsync(string jobId, CancellationToken cancellation = default)
    {
        var folder = new JobFolder(data.JobFolder(jobId));
        var report = folder.ReadReport();
        var process = report?.Process ?? folder.ReadLaunch();
        var status = report switch
        {
            { State: JobState.Succeeded or JobState.Failed or JobState.Crashed } => new JobStatus(report.State, report.Output, report.Error),
            _ when process is null => new JobStatus(JobState.Missing, Error: $"Job {jobId} was never started."),
            _ when ProcessIdentity.IsGoneFromThisHost(process) => new JobStatus(
                JobState.Crashed, Error: "The generation worker stopped without finishing."),
            _ => new JobStatus(JobState.Running),
        };
        return Task.FromResult(status);
    }

    public Task StopAsync(string jobId, CancellationToken cancellation = default)
    {
        var folder = new JobFolder(data.JobFolder(jobId));
        var report = folder.ReadReport();
        if (report is not null && report.State != JobState.Running)
        {
            return Task.CompletedTask;
        }

        if ((report?.Process ?? folder.ReadLaunch()) is { } identity && ProcessIdentity.FindRunning(identity) is { } process)
        {
            using (process)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A worker that exits without a final report crashed: say so now rather than at the next status check.</summary>
    private async Task WatchAsync(Process process, GenerationJob job, JobFolder folder)
    {
        try
        {
            await process.WaitForExitAsync();
            if (folder.ReadReport() is { State: JobState.Succeeded or JobState.Failed } report)
            {
                SoraMetrics.JobRenderSeconds.Record(report.RenderSeconds);
                return;
            }

            var error = $"The generation worker exited with code {process.ExitCode} before finishing.";
            if (Directory.Exists(folder.Path))
            {
                folder.WriteReport(new JobReport(JobState.Crashed, ProcessIdentity.OfThisProcess, Error: error));
            }

            LogCrashed(job.JobId, process.ExitCode);
            await orchestrations.RaiseEventAsync(
                job.VideoId,
                GenerateVideoOrchestration.GenerationCompletedEvent,
                new GenerationCompleted(job.JobId, null, new VideoError(ErrorCodes.GenerationWorkerCrashed, error)));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Started job {JobId} as process {ProcessId}")]
    private partial void LogStarted(string jobId, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}'s worker exited with code {ExitCode} before finishing")]
    private partial void LogCrashed(string jobId, int exitCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Watching job {JobId} failed; its status is still found by polling")]
    private partial void LogWatchFailed(Exception exception, string jobId);
}
