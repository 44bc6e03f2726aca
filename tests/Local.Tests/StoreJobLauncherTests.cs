using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SoraFunctions.Azure.Storage;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Emulators;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// The cloud profile's jobs: a worker on this machine whose record is in the clip store (Azurite here), so another
/// instance (a second launcher over the same store) tells how it stands, and stops it.
/// </summary>
public sealed class StoreJobLauncherTests : IAsyncLifetime
{
    private Azurite azurite = null!;
    private BlobClipStore clips = null!;

    public async Task InitializeAsync()
    {
        azurite = await Azurite.StartBlobAsync();
        clips = new BlobClipStore(new BlobContainerClient(azurite.ConnectionString, "clips"));
    }

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    [Fact]
    public async Task A_job_renders_into_the_store_its_end_is_reported_at_once_and_read_by_another_instance()
    {
        var pipeline = new Pipeline();
        var launcher = Launcher(pipeline);
        var elsewhere = Launcher(new Pipeline());
        var job = new GenerationJob("video_a-render-1", "video_a", "A red kite over a green hill", 4, 640, 360, 5, "unused");

        await launcher.StartAsync(job);
        var running = await elsewhere.GetStatusAsync(job.JobId);
        await elsewhere.StartAsync(job); // started before: no second worker
        var completed = await pipeline.CompletedAsync();
        var read = await elsewhere.GetStatusAsync(job.JobId);

        Assert.Equal(JobState.Running, running.State);
        Assert.Equal((job.JobId, null), (completed.JobId, completed.Error));
        Assert.Equal(JobState.Succeeded, read.State);
        Assert.Equal(completed.Output!.Files, read.Output!.Files);
        foreach (var file in read.Output.Files)
        {
            Assert.NotNull(await clips.GetLengthAsync($"{StoredJob.Folder(job.JobId)}/{file}"));
        }

        Assert.NotNull(await clips.GetLengthAsync(StoredJob.Beat(job.JobId, 0)));
    }

    [Fact]
    public async Task A_stop_put_in_the_store_by_another_instance_ends_the_worker_within_a_beat_as_interrupted()
    {
        await using var model = await VllmLikeServer.StartAsync();
        var pipeline = new Pipeline();
        var settings = new Dictionary<string, string?>
        {
            ["Sora:Generator:Endpoint"] = new Uri(model.Address, "/v1").AbsoluteUri,
            ["Sora:Generator:Model"] = "ltx-2",
            ["Sora:Generator:PollInterval"] = "00:00:00.100",
        };
        var launcher = Launcher(pipeline, settings);
        var job = new GenerationJob("video_s-render-1", "video_s", "slow: a lake at dawn", 4, 640, 360, 3, "unused");

        await launcher.StartAsync(job);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!model.Looked.Contains(job.Prompt))
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker never asked the model server");
            await Task.Delay(100);
        }

        var stopping = DateTime.UtcNow;
        await Launcher(new Pipeline()).StopAsync(job.JobId);
        var completed = await pipeline.CompletedAsync();

        Assert.Equal(ErrorCodes.GenerationInterrupted, completed.Error?.Code);
        Assert.InRange(DateTime.UtcNow - stopping, TimeSpan.Zero, StoredJob.BeatInterval * 3);
        Assert.Contains(job.Prompt, model.Deleted); // it ended tidily
        Assert.Equal(JobState.Interrupted, (await launcher.GetStatusAsync(job.JobId)).State);
    }

    [Fact]
    public async Task A_worker_on_another_machine_runs_while_it_beats_and_is_interrupted_once_it_falls_silent()
    {
        var clock = new Clock(DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var launcher = Launcher(new Pipeline(), time: clock);
        await StoredJob.WriteAsync(clips, StoredJob.Launch("job_x"), new StoredJobLaunch(clock.Now, "another-host/4242/638000000000000000", "another-host/4241/638000000000000000"), default);
        async Task<JobState> AtAsync(TimeSpan elapsed)
        {
            clock.Now = DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture) + elapsed;
            return (await launcher.GetStatusAsync("job_x")).State;
        }

        var starting = await AtAsync(StoredJob.SilenceAllowed / 2);
        var silentFromTheStart = await AtAsync(StoredJob.SilenceAllowed + StoredJob.BeatInterval);
        for (var beat = 0; beat <= 4; beat++)
        {
            await StoredJob.WriteAsync(clips, StoredJob.Beat("job_x", beat), beat, default);
        }

        var beating = await AtAsync(StoredJob.SilenceAllowed + StoredJob.BeatInterval * 4);
        var silent = await AtAsync(StoredJob.SilenceAllowed + StoredJob.BeatInterval * 6);
        await StoredJob.WriteAsync(clips, StoredJob.Output("job_x"), new GenerationOutput("video.mp4", [], null, "procedural"), default);
        var ended = await AtAsync(StoredJob.SilenceAllowed + StoredJob.BeatInterval * 6);

        Assert.Equal(
            [JobState.Running, JobState.Interrupted, JobState.Running, JobState.Interrupted, JobState.Succeeded],
            new[] { starting, silentFromTheStart, beating, silent, ended });
        Assert.Equal(JobState.Missing, (await launcher.GetStatusAsync("job_never")).State);
    }

    private StoreJobLauncher Launcher(Pipeline pipeline, Dictionary<string, string?>? settings = null, TimeProvider? time = null) => new(
        pipeline,
        clips,
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sora:ClipStore:ConnectionString"] = azurite.ConnectionString })
            .AddInMemoryCollection(settings ?? [])
            .Build(),
        time ?? TimeProvider.System,
        NullLogger<StoreJobLauncher>.Instance);

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The pipeline as the launcher sees it: where a job's completion event is raised.</summary>
    private sealed class Pipeline : OrchestrationClient
    {
        private readonly BlockingCollection<GenerationCompleted> raised = [];

        public async Task<GenerationCompleted> CompletedAsync()
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            return await Task.Run(() => raised.Take(patience.Token));
        }

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
        {
            Assert.Equal(GenerateVideoOrchestration.GenerationCompletedEvent, eventName);
            raised.Add((GenerationCompleted)eventPayload!, cancellation);
            return Task.CompletedTask;
        }

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null, CancellationToken cancellation = default) => throw new NotSupportedException();
    }
}
