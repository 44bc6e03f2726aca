using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoraFunctions.EngineHost;
using SoraFunctions.Orchestrations.Embedded;
using SoraFunctions.Orchestrations.Scenarios;

namespace SoraFunctions.Orchestrations.Tests.Embedded;

public sealed class EmbeddedEngineTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly Probe probe = new();

    public void Dispose() => folder.Dispose();

    private Task<TestEngine> StartAsync(
        Action<EmbeddedEngineOptions>? configure = null,
        TimeSpan? shutdownTimeout = null,
        ILoggerProvider? logs = null,
        Action<OrchestrationRegistry>? register = null) =>
        TestEngine.StartAsync(
            folder.Database,
            register ?? (registry => registry
                .AddOrchestrator<ChainOrchestration>()
                .AddOrchestrator<ReplayOrchestration>()
                .AddOrchestrator<FanOutOrchestration>()
                .AddOrchestrator<ParentOrchestration>()
                .AddOrchestrator<FailingChildParentOrchestration>()
                .AddOrchestrator<ThrowingOrchestration>()
                .AddOrchestrator<RetryOrchestration>()
                .AddOrchestrator<EventAfterWorkOrchestration>()
                .AddOrchestrator<TimerThenEventOrchestration>()
                .AddOrchestrator<WaitWithTimeoutOrchestration>()
                .AddOrchestrator<CounterOrchestration>()
                .AddOrchestrator<WaitForeverOrchestration>()
                .AddOrchestrator<HoldManyOrchestration>()
                .AddOrchestrator<LeavesThreadOrchestration>()
                .AddActivity<AddOneActivity>()
                .AddActivity<EchoGuidActivity>()
                .AddActivity<FlakyActivity>()
                .AddActivity<HoldActivity>()),
            services => services.AddSingleton(probe),
            configure,
            shutdownTimeout,
            logs);

    [Fact]
    public async Task Replay_rebuilds_the_same_state_and_the_replay_safe_logger_writes_each_line_once()
    {
        var logs = new ListLoggerProvider();
        await using var engine = await StartAsync(logs: logs);
        ReplayOrchestration.Runs = 0;

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplayOrchestration), "x");
        await engine.WaitUntilAsync(async () =>
            engine.Store.ReadHistory(id).OfType<TaskCompleted>().Any());
        await engine.Client.RaiseEventAsync(id, "go", "now");
        var result = await engine.WaitAsync(id);

        var report = result.ReadOutputAs<ReplayReport>()!;
        Assert.Equal(report.FirstGuid, report.EchoedGuid);
        Assert.NotEqual(report.FirstGuid, report.SecondGuid);
        Assert.True(report.Runs >= 3, $"the code ran {report.Runs} times; each episode replays it");
        Assert.Equal(["first guid " + report.FirstGuid, "echoed", "got go"], logs.Messages);
    }

    [Fact]
    public async Task Sub_orchestration_output_returns_to_the_parent()
    {
        await using var engine = await StartAsync();

        var result = await engine.RunAsync(nameof(ParentOrchestration), 1, "parent");

        Assert.Equal(40, result.ReadOutputAs<int>());
        var child = await engine.Client.GetInstanceAsync("parent:0000");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child?.RuntimeStatus);
    }

    [Fact]
    public async Task Retries_wait_the_policy_intervals_on_durable_timers()
    {
        await using var engine = await StartAsync();

        var result = await engine.RunAsync(nameof(RetryOrchestration), new RetryInput(3, 3), "retry-ok");

        Assert.Equal("ok after 3", result.ReadOutputAs<string>());
        var history = engine.Store.ReadHistory("retry-ok");
        var delays = history
            .Select((e, i) => (e, i))
            .Where(x => x.e is TimerCreated)
            .Select(x => ((TimerCreated)x.e).FireAt - StartOfEpisode(history, x.i))
            .ToList();
        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)], delays);
        Assert.Equal(3, history.OfType<TaskScheduled>().Count());
    }

    [Fact]
    public async Task Event_raised_before_the_wait_is_delivered()
    {
        await using var engine = await StartAsync();

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(EventAfterWorkOrchestration), 1);
        await engine.Client.RaiseEventAsync(id, "approval", "approved early");
        var result = await engine.WaitAsync(id);

        Assert.Equal("approved early", result.ReadOutputAs<string>());
        var history = engine.Store.ReadHistory(id);
        Assert.True(
            history.FindIndex(e => e is EventRaised) < history.FindIndex(e => e is TaskCompleted),
            "the event was recorded before the activity finished, i.e. before the wait began");
    }

    [Fact]
    public async Task Timers_and_events_survive_a_restart()
    {
        string id;
        await using (var engine = await StartAsync())
        {
            id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerThenEventOrchestration), 1500);
            await engine.WaitUntilAsync(async () => engine.Store.ReadHistory(id).OfType<TimerCreated>().Any());
        }

        // The engine is down: the timer comes due and an event arrives meanwhile.
        await Task.Delay(1600);
        await using (var clientOnly = StartClientOnly())
        {
            await clientOnly.GetRequiredService<OrchestrationClient>().RaiseEventAsync(id, "resume", "resumed");
        }

        await using var restarted = await StartAsync();
        var result = await restarted.WaitAsync(id);

        Assert.Equal("resumed after True", result.ReadOutputAs<string>());
        Assert.Equal("timer fired", result.ReadCustomStatusAs<string>());
    }

    [Fact]
    public async Task Continue_as_new_keeps_the_history_bounded()
    {
        await using var engine = await StartAsync();

        var result = await engine.RunAsync(nameof(CounterOrchestration), 0, "counter");

        Assert.Equal(40, result.ReadOutputAs<int>());
        Assert.Equal(40, probe.Calls.Count);
        Assert.InRange(engine.Store.ReadHistory("counter").Count, 1, 4);
    }

    [Fact]
    public async Task Purge_removes_a_finished_instance_but_not_a_running_one()
    {
        await using var engine = await StartAsync();
        await engine.RunAsync(nameof(ChainOrchestration), 1, "done");
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(WaitForeverOrchestration), "x", new StartOrchestrationOptions("running"));

        Assert.Equal(1, (await engine.Client.PurgeInstanceAsync("done")).PurgedInstanceCount);
        Assert.Equal(0, (await engine.Client.PurgeInstanceAsync("running")).PurgedInstanceCount);

        Assert.Null(await engine.Client.GetInstanceAsync("done"));
        Assert.Empty(engine.Store.ReadHistory("done"));
        Assert.NotNull(await engine.Client.GetInstanceAsync("running"));
    }

    [Fact]
    public async Task Changed_code_fails_the_instance_with_a_non_determinism_error_naming_the_step()
    {
        string id;
        await using (var v1 = await StartAsync(register: registry => registry
            .AddOrchestrator("Workflow", () => new VersionOneOrchestration())
            .AddActivity<AddOneActivity>()))
        {
            id = await v1.Client.ScheduleNewOrchestrationInstanceAsync("Workflow", 1);
            await v1.WaitUntilAsync(async () => v1.Store.ReadHistory(id).OfType<TaskCompleted>().Any());
        }

        await using var v2 = await StartAsync(register: registry => registry
            .AddOrchestrator("Workflow", () => new VersionTwoOrchestration())
            .AddActivity<AddOneActivity>()
            .AddActivity<EchoGuidActivity>());
        await v2.Client.RaiseEventAsync(id, "continue");
        var result = await v2.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.FailureDetails?.ErrorType);
        Assert.Equal(
            "Non-deterministic orchestration 'Workflow': history step #0 is activity 'AddOneActivity', " +
            "but the orchestrator code now schedules activity 'EchoGuidActivity'.",
            result.FailureDetails?.ErrorMessage);
    }

    [Fact]
    public async Task Orchestrator_code_that_leaves_the_orchestration_thread_fails_clearly()
    {
        await using var engine = await StartAsync();

        var result = await engine.RunAsync(nameof(LeavesThreadOrchestration), 1);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("left the orchestration thread", result.FailureDetails?.ErrorMessage);
    }

    [Fact]
    public async Task Activity_concurrency_never_exceeds_the_limit()
    {
        await using var engine = await StartAsync(options => options.MaxConcurrentActivities = 3);
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HoldManyOrchestration), 10);
        await engine.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref probe.Running) == 3));
        await Task.Delay(200);

        probe.Release.SetResult();
        var result = await engine.WaitAsync(id);

        Assert.Equal(10, result.ReadOutputAs<int>());
        Assert.Equal(3, probe.MaxRunning);
    }

    [Fact]
    public async Task A_storage_fault_stops_nothing_for_good_and_the_engine_recovers_once_it_clears()
    {
        await using var engine = await StartAsync(options =>
            (options.MaxConcurrentActivities, options.MaxConcurrentOrchestrations, options.BusyTimeout) = (2, 2, TimeSpan.FromSeconds(1)));
        var inFlight = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HoldManyOrchestration), 2);
        await engine.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref probe.Running) == 2));

        // Another process takes the database's write lock and keeps it: every write of the engine fails meanwhile.
        using (var holder = SqlSession.Open(SqlSession.ConnectionStringFor(folder.Database)))
        {
            holder.Execute("BEGIN IMMEDIATE");
            await Assert.ThrowsAsync<Core.Ports.StorageFaultException>(() =>
                engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChainOrchestration), 1, new StartOrchestrationOptions("refused")));
            probe.Release.SetResult(); // the held activities finish while their results cannot be recorded
            await Task.Delay(TimeSpan.FromSeconds(3)); // every lease and commit the dispatchers try meanwhile fails
            Assert.NotNull(engine.Services.GetRequiredService<StorageHealth>().FaultLastingAtLeast(TimeSpan.FromSeconds(1)));
            holder.Execute("ROLLBACK");
        }

        var recovered = Stopwatch.StartNew();
        var after = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChainOrchestration), i, new StartOrchestrationOptions($"after-{i}"))));
        var results = await Task.WhenAll([.. after.Select(engine.WaitAsync), engine.WaitAsync(inFlight)]);

        Assert.All(results, result => Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus));
        Assert.Equal(2, results[^1].ReadOutputAs<int>());
        Assert.True(recovered.Elapsed < TimeSpan.FromSeconds(10), $"recovered in {recovered.Elapsed}");
        Assert.Null(await engine.Client.GetInstanceAsync("refused"));
        Assert.Null(engine.Services.GetRequiredService<StorageHealth>().FaultLastingAtLeast(TimeSpan.Zero));
    }

    [Fact]
    public async Task Graceful_shutdown_hands_unfinished_activities_back_for_the_next_run()
    {
        string id;
        await using (var engine = await StartAsync(shutdownTimeout: TimeSpan.FromMilliseconds(300)))
        {
            id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HoldManyOrchestration), 2);
            await engine.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref probe.Running) == 2));
        }

        Assert.Equal(0, Volatile.Read(ref probe.Running));
        probe.Release.SetResult();
        var restartedAt = Stopwatch.StartNew();
        await using var restarted = await StartAsync();
        var result = await restarted.WaitAsync(id);

        Assert.Equal(2, result.ReadOutputAs<int>());
        Assert.True(restartedAt.Elapsed < TimeSpan.FromSeconds(10), "released leases are taken at once, not after expiry");
    }

    [Fact]
    public async Task A_lease_held_by_a_worker_on_another_host_is_taken_over_once_it_expires()
    {
        await using (var foreign = StartClientOnly())
        {
            await foreign.GetRequiredService<OrchestrationClient>().ScheduleNewOrchestrationInstanceAsync(
                nameof(ChainOrchestration), 1, new StartOrchestrationOptions("leased"));
            var leased = await foreign.GetRequiredService<SqliteOrchestrationStore>()
                .LockInstancesAsync("elsewhere/1/1/x", 10, TimeSpan.FromSeconds(1));
            Assert.Equal(["leased"], leased);
        }

        var leasedAt = Stopwatch.StartNew();
        await using var engine = await StartAsync();
        var result = await engine.WaitAsync("leased");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.True(leasedAt.Elapsed >= TimeSpan.FromSeconds(0.9), $"taken over after {leasedAt.Elapsed}, before expiry");
    }

    [Fact]
    public async Task A_killed_worker_process_is_resumed_and_its_side_effect_is_applied_once()
    {
        var database = folder.Database;
        using var first = StartEngineHost(database, "ledger-1", schedule: true);
        var ledger = new Ledger(folder.Path);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        // Killed once the side effect is written whole (a file that merely exists may not hold its line yet, and a
        // first attempt that left no line would make the second one the hanging one).
        while (!File.Exists(ledger.EntriesPath) || !File.ReadAllLines(ledger.EntriesPath).Contains("entry-1"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the activity never applied its entry");
            await Task.Delay(20);
        }

        first.Kill(); // SIGKILL: no shutdown, the lease stays held by a dead process
        await first.WaitForExitAsync();

        using var second = StartEngineHost(database, "ledger-1", schedule: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await second.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(["entry-1", "entry-1"], File.ReadAllLines(ledger.AttemptsPath));
        Assert.Equal(["entry-1"], File.ReadAllLines(ledger.EntriesPath));
    }

    [Fact]
    public async Task Query_filters_by_status_creation_time_and_id_prefix()
    {
        await using var engine = await StartAsync();
        await engine.RunAsync(nameof(ChainOrchestration), 1, "video-a");
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(5);
        await engine.RunAsync(nameof(ChainOrchestration), 1, "video-b");
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(WaitForeverOrchestration), "x", new StartOrchestrationOptions("video-c"));
        await Task.Delay(5); // created in another millisecond: within one, ties go by id
        await engine.RunAsync(nameof(ChainOrchestration), 1, "other-d");

        var completedVideos = await engine.Client.GetAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = "video-",
            Statuses = [OrchestrationRuntimeStatus.Completed],
            PageSize = 1,
        }).Select(i => i.InstanceId).ToListAsync();
        var recent = await engine.Client.GetAllInstancesAsync(new OrchestrationQuery { CreatedFrom = between })
            .Select(i => i.InstanceId).ToListAsync();

        Assert.Equal(["video-b", "video-a"], completedVideos);
        Assert.Equal(["other-d", "video-c", "video-b"], recent);
    }

    [Fact]
    public async Task Unknown_orchestrator_fails_the_instance()
    {
        await using var engine = await StartAsync();

        var result = await engine.RunAsync("NoSuchOrchestration");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("OrchestratorNotFound", result.FailureDetails?.ErrorType);
    }

    private ServiceProvider StartClientOnly()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.Configure<EmbeddedEngineOptions>(options => options.DatabasePath = folder.Database);
        services.AddEmbeddedOrchestrationClient();
        return services.BuildServiceProvider();
    }

    private Process StartEngineHost(string database, string instanceId, bool schedule)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "SoraFunctions.EngineHost.dll");
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { host, database, folder.Path, instanceId } };
        if (schedule)
        {
            start.ArgumentList.Add("--schedule");
        }

        return Process.Start(start)!;
    }

    private static DateTime StartOfEpisode(List<HistoryEvent> history, int index) =>
        history.Take(index).OfType<OrchestratorStarted>().Last().Timestamp;

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) =>
            categoryName == typeof(ReplayOrchestration).FullName ? new ListLogger(Messages) : NullLoggerInstance;

        public void Dispose()
        {
        }

        private static readonly ILogger NullLoggerInstance = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        private sealed class ListLogger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter) => messages.Enqueue(formatter(state, exception));
        }
    }
}
