using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Azure.Jobs;
using SoraFunctions.Azure.Storage;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Generation;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Embedded;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Worker;

// Usage: SoraFunctions.Worker <job folder>
// Renders the job in the folder, writes its report, and raises the orchestration's completion event.
// As a container job (no arguments; SORA_JOB_SPEC set) its files come from and go to the clip store instead: a
// Container Apps execution, or a worker the cloud profile's launcher started.
// Ctrl-C or SIGTERM (a stopped job: the local launcher, Container Apps' stop) cancels the work, which then ends tidily.
var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
if (args.Length == 0 && Environment.GetEnvironmentVariable(ContainerAppsJobLauncher.JobSpecVariable) is { } containerSpec)
{
    var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
    var store = configuration.GetSection(BlobClipStoreOptions.Section).Get<BlobClipStoreOptions>()?.CreateContainerClient()
        ?? throw new InvalidOperationException("A container job needs Sora__ClipStore__ServiceUri (or a connection string).");
    var callback = Environment.GetEnvironmentVariable(ContainerAppsJobLauncher.CallbackVariable) is { Length: > 0 } url ? new Uri(url) : null;
    var job = JsonSerializer.Deserialize<GenerationJob>(containerSpec, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    try
    {
        var ended = await ContainerJob.RunAsync(job, Generators.From(configuration), new BlobClipStore(store), callback, stop.Token);
        return ended.Output is null ? 1 : 0;
    }
    catch (Exception exception) when (stop.IsCancellationRequested || exception is OperationCanceledException)
    {
        // Stopped (a signal, or the job's stop in the store), whatever the tools it ran said of it: no final word (the
        // launcher's status check says so).
        return JobFolder.StoppedExitCode;
    }
    finally
    {
        if (Environment.GetEnvironmentVariable(ContainerJob.DoneFileVariable) is { Length: > 0 } done)
        {
            File.WriteAllText(done, job.JobId);
        }
    }
}

if (args.Length != 1 || new JobFolder(args[0]).ReadSpec() is not { } spec)
{
    Console.Error.WriteLine("usage: SoraFunctions.Worker <job folder containing job.json>  (or SORA_JOB_SPEC as a container job)");
    return 2;
}

var folder = new JobFolder(args[0]);

try
{
    folder.WriteReport(new JobReport(JobState.Running, ProcessIdentity.OfThisProcess));
    GenerationCompleted completed;
    try
    {
        var rendering = System.Diagnostics.Stopwatch.StartNew();
        var output = await Generators.From(new ConfigurationBuilder().AddEnvironmentVariables().Build())(spec.Job, stop.Token);
        folder.WriteReport(new JobReport(JobState.Succeeded, ProcessIdentity.OfThisProcess, output, RenderSeconds: rendering.Elapsed.TotalSeconds));
        completed = new GenerationCompleted(spec.Job.JobId, output, null);
    }
    catch (Exception) when (stop.IsCancellationRequested)
    {
        // Stopped (Ctrl-C, SIGTERM), whatever the tools it ran said of it: no final word, so the job counts as interrupted
        // and the pipeline starts a fresh attempt when it next runs.
        return JobFolder.StoppedExitCode;
    }
    catch (Exception exception) when (exception is not (IOException or StorageFaultException))
    {
        folder.WriteReport(new JobReport(JobState.Failed, ProcessIdentity.OfThisProcess, Error: exception.Message));
        completed = new GenerationCompleted(spec.Job.JobId, null, Generators.ErrorOf(exception));
    }

    await using var services = new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
        .Configure<EmbeddedEngineOptions>(options => options.DatabasePath = spec.EngineDatabase)
        .AddEmbeddedOrchestrationClient()
        .BuildServiceProvider();
    await services.GetRequiredService<OrchestrationClient>()
        .RaiseEventAsync(spec.Job.VideoId, GenerateVideoOrchestration.GenerationCompletedEvent, completed);
    return completed.Output is null ? 1 : 0;
}
catch (Exception exception) when (exception is IOException or StorageFaultException)
{
    // The disk under the job folder or the engine failed (full, say): the job ends without a final word, so its
    // pipeline starts another attempt, or reads the report that was written, at its next look.
    await Console.Error.WriteLineAsync($"error: {ErrorCodes.StorageUnavailable}: job {spec.Job.JobId} could not record its end: {exception.Message}");
    return 1;
}
