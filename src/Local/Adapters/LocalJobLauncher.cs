using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Generation;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Worker;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// Runs generation jobs as child processes of the worker, one folder per job. The folder is the job's record (see
/// <see cref="JobFolder"/>), so any process can tell a job's state, including a worker that died without a word.
/// While this process lives it also watches its workers and reports a crash at once. A worker renders with the generator
/// this process is configured with (<c>Sora:Generator</c>, from any configuration source), handed over in its
/// environment, never written to the job's folder (it may hold a key).
/// </summary>
public sealed partial class LocalJobLauncher(
    OrchestrationClient orchestrations, DataFolder data, IConfiguration configuration, ILogger<LocalJobLauncher> logger) : IJobLauncher
{
    private static readonly string WorkerAssembly = Path.Combine(AppContext.BaseDirectory, "SoraFunctions.Worker.dll");

    public Task StartAsync(GenerationJob job, CancellationToken cancellation = default)
    {
        var folder = new JobFolder(job.OutputFolder);
        if (folder.ReadReport() is not null
            || (folder.ReadLaunch() is { } launched && !ProcessIdentity.IsGoneFromThisHost(launched.Worker)))
        {
            return Task.CompletedTask; // started before: a repeated start must not run a second worker
        }

        folder.WriteSpec(new LocalJobSpec(job, data.EngineDatabase));
        var process = StartWorker(configuration, [GeneratorOptions.Section], new Dictionary<string, string>(), folder.Path);
        folder.WriteLaunch(new JobLaunch(ProcessIdentity.Describe(process), ProcessIdentity.OfThisProcess));
        LogStarted(job.JobId, process.Id);
        _ = WatchAsync(process, job, folder);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts the worker with <paramref name="arguments"/>, the configuration <paramref name="sections"/> it needs in its
    /// environment (never written to a file: they may hold keys) and <paramref name="variables"/>.
    /// </summary>
    internal static Process StartWorker(
        IConfiguration configuration, IEnumerable<string> sections, IReadOnlyDictionary<string, string> variables, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { WorkerAssembly }, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var section in sections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable(makePathsRelative: true))
            {
                if (value is not null)
                {
                    start.Environment[$"{section}:{key}".Replace(":", "__", StringComparison.Ordinal)] = value;
                }
            }
        }

        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The worker process could not be started.");
    }

    public Task<JobStatus> GetStatusAsync(string jobId, CancellationToken cancellation = default) =>
        Task.FromResult(StatusOf(new JobFolder(data.JobFolder(jobId))));

    private static JobStatus StatusOf(JobFolder folder)
    {
        var report = folder.ReadReport();
        var launch = folder.ReadLaunch();
        var worker = report?.Process ?? launch?.Worker;
        return report switch
        {
            { State: not JobState.Running } => new JobStatus(report.State, report.Output, report.Error),
            _ when worker is null => new JobStatus(JobState.Missing, Error: "The job was never started."),
            _ when ProcessIdentity.IsGoneFromThisHost(worker) => WorkerGone(launch),
            _ => new JobStatus(JobState.Running),
        };
    }

    /// <summary>
    /// A worker gone without a final word: interrupted when the process that started it is gone too (a killed process
    /// group, a stopped machine), else crashed.
    /// </summary>
    private static JobStatus WorkerGone(JobLaunch? launch) =>
        launch is null || ProcessIdentity.IsGoneFromThisHost(launch.Launcher)
            ? new JobStatus(JobState.Interrupted, Error: "The generation worker stopped along with the process that started it.")
            : new JobStatus(JobState.Crashed, Error: "The generation worker stopped without finishing.");

    /// <summary>How long a stopped worker has to end tidily (its tools stopped, a model server's video deleted) before it is killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    /// <summary>Stops the worker as Container Apps stops an execution: SIGTERM, then after <see cref="StopGrace"/> a kill of its whole tree.</summary>
    public async Task StopAsync(string jobId, CancellationToken cancellation = default)
    {
        var folder = new JobFolder(data.JobFolder(jobId));
        var report = folder.ReadReport();
        if (report is not null && report.State != JobState.Running)
        {
            return;
        }

        if ((report?.Process ?? folder.ReadLaunch()?.Worker) is { } identity && ProcessIdentity.FindRunning(identity) is { } process)
        {
            using (process)
            {
                using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await terminate.WaitForExitAsync(cancellation);
                }

                using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                grace.CancelAfter(StopGrace);
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(cancellation);
                }
            }
        }
    }

    /// <summary>
    /// A worker that exits without a final report crashed, or was stopped: say so now rather than at the next status
    /// check.
    /// </summary>
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

            LogCrashed(job.JobId, process.ExitCode);
            await ReportEndAsync(job, folder, ExitedWithoutOutput(process.ExitCode));
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

    /// <summary>How a worker that exited without a final word ended: stopped (resumable), or crashed.</summary>
    internal static JobStatus ExitedWithoutOutput(int exitCode) => exitCode == JobFolder.StoppedExitCode
        ? new JobStatus(JobState.Interrupted, Error: "The generation worker was stopped before it finished.")
        : new JobStatus(JobState.Crashed, Error: $"The generation worker exited with code {exitCode} before finishing.");

    /// <summary>
    /// Reports every job whose worker is gone without a final word along with the process that started it (a killed
    /// process group), so its pipeline starts a fresh attempt as soon as the engine runs again instead of at the job's
    /// next status check. A worker that died under a live launcher is that launcher's to report.
    /// </summary>
    public async Task<int> ReportAbandonedJobsAsync()
    {
        var abandoned = 0;
        foreach (var path in Directory.Exists(data.Jobs) ? Directory.GetDirectories(data.Jobs) : [])
        {
            var folder = new JobFolder(path);
            if (folder.ReadSpec() is { } spec
                && folder.ReadReport() is null or { State: JobState.Running }
                && StatusOf(folder) is { State: JobState.Interrupted } interrupted)
            {
                await ReportEndAsync(spec.Job, folder, interrupted);
                abandoned++;
            }
        }

        return abandoned;
    }

    /// <summary>Records how a job ended without output, and tells its pipeline.</summary>
    private async Task ReportEndAsync(GenerationJob job, JobFolder folder, JobStatus ended)
    {
        if (Directory.Exists(folder.Path))
        {
            folder.WriteReport(new JobReport(ended.State, ProcessIdentity.OfThisProcess, Error: ended.Error));
        }

        await orchestrations.RaiseEventAsync(
            job.VideoId, GenerateVideoOrchestration.GenerationCompletedEvent, new GenerationCompleted(job.JobId, null, ended.ToError()));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started job {JobId} as process {ProcessId}")]
    private partial void LogStarted(string jobId, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}'s worker exited with code {ExitCode} before finishing")]
    private partial void LogCrashed(string jobId, int exitCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Watching job {JobId} failed; its status is still found by polling")]
    private partial void LogWatchFailed(Exception exception, string jobId);
}

/// <summary>When pipelines start running in this process, reports the jobs a killed process left behind.</summary>
public sealed class AbandonedJobReporter(LocalJobLauncher launcher) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => launcher.ReportAbandonedJobsAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
