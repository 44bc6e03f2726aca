using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Local.Cli;
using SoraFunctions.Worker;

namespace SoraFunctions.Local.Tests;

public sealed class LocalJobLauncherTests : DataFolderTest
{
    [Fact]
    public async Task A_stopped_job_ends_and_is_reported_interrupted_and_unknown_jobs_are_missing()
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        var launcher = host.Services.GetRequiredService<IJobLauncher>();
        var folder = host.Services.GetRequiredService<DataFolder>().JobFolder("job-stop");
        await launcher.StartAsync(new GenerationJob("job-stop", "video_none", "a long slow pan over mountains", 20, 720, 1280, 3, folder));
        await WaitUntilAsync(() => new JobFolder(folder).ReadReport() is { State: JobState.Running }, "the worker is running");
        var worker = new JobFolder(folder).ReadReport()!.Process;

        Assert.Equal(JobState.Running, (await launcher.GetStatusAsync("job-stop")).State);
        await launcher.StopAsync("job-stop");

        Assert.Null(ProcessIdentity.FindRunning(worker));
        await WaitUntilAsync(() => launcher.GetStatusAsync("job-stop").Result.State == JobState.Interrupted, "the stop is reported");
        Assert.Equal(JobState.Missing, (await launcher.GetStatusAsync("job-never")).State);
    }

    [Fact]
    public async Task Starting_a_job_twice_runs_one_worker()
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        var launcher = host.Services.GetRequiredService<IJobLauncher>();
        var folder = host.Services.GetRequiredService<DataFolder>().JobFolder("job-twice");
        var job = new GenerationJob("job-twice", "video_none", "a cat naps in a sunny room", 4, 720, 1280, 3, folder);

        await launcher.StartAsync(job);
        var first = new JobFolder(folder).ReadLaunch();
        await launcher.StartAsync(job);

        Assert.Equal(first, new JobFolder(folder).ReadLaunch());
        await WaitUntilAsync(() => launcher.GetStatusAsync("job-twice").Result.State == JobState.Succeeded, "the job finished");
        Assert.NotNull((await launcher.GetStatusAsync("job-twice")).Output);
        // After its report the worker still tells the pipeline (writing to the data folder) before it exits.
        await WaitUntilAsync(() => ProcessIdentity.IsGoneFromThisHost(first!.Worker), "the worker exited");
    }
}
