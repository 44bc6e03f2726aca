using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>
/// Runs orchestration episodes and activities from the store, each kind under its own concurrency limit. On start it
/// takes over the work of dead processes; on stop it lets in-flight work finish until the host's shutdown timeout,
/// then cancels activities and hands their leases back so the next run starts them at once.
/// </summary>
internal sealed partial class EmbeddedOrchestrationWorker(
    SqliteOrchestrationStore store,
    OrchestrationRegistry registry,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<EmbeddedEngineOptions> options,
    ILoggerFactory loggerFactory,
    ILogger<EmbeddedOrchestrationWorker> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryFailedEpisodeAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CancelledActivityGrace = TimeSpan.FromSeconds(5);

    /// <summary>The longest pause between attempts on a store that keeps failing: the engine recovers this soon after.</summary>
    private static readonly TimeSpan MaxFaultPause = TimeSpan.FromSeconds(1);

    private readonly EmbeddedEngineOptions settings = options.Value;
    private readonly string owner = LeaseOwner.ForThisProcess();
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationTokenSource activityShutdown = new();
    private readonly ConcurrentDictionary<string, Task> runningEpisodes = new();
    private readonly ConcurrentDictionary<long, Task> runningActivities = new();
    private Task[] loops = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var released = await store.ReleaseLeasesOfDeadOwnersAsync();
        LogStarted(owner, released);
        loops =
        [
            Task.Run(() => DispatchAsync(
                settings.MaxConcurrentOrchestrations,
                limit => store.LockInstancesAsync(owner, limit, settings.LeaseDuration),
                StartEpisode,
                IdleUntilNextMessage)),
            Task.Run(() => DispatchAsync(
                settings.MaxConcurrentActivities,
                limit => store.LockActivitiesAsync(owner, limit, settings.LeaseDuration),
                StartActivity,
                () => settings.MaxPollInterval)),
            Task.Run(KeepLeasesAsync),
        ];
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await Task.WhenAll(loops);
        var inFlight = runningEpisodes.Values.Concat(runningActivities.Values).ToArray();
        try
        {
            await Task.WhenAll(inFlight).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var unfinished = runningActivities.Keys.ToArray();
            await activityShutdown.CancelAsync();
            await Task.WhenAny(Task.WhenAll(inFlight), Task.Delay(CancelledActivityGrace, time));
            await store.ReleaseActivitiesAsync(owner, unfinished);
            LogReleasedAtShutdown(unfinished.Length);
        }
    }

    /// <summary>
    /// Leases work in batches as slots free up; an idle dispatcher sleeps until this process commits new work or the
    /// idle interval passes (work written by other processes, timers coming due). A lease that fails (a full disk) gives
    /// its slots back and is tried again after a pause that grows to <see cref="MaxFaultPause"/>.
    /// </summary>
    private async Task DispatchAsync<T>(
        int capacity, Func<int, Task<List<T>>> lease, Action<T, Action> start, Func<TimeSpan> idleInterval)
    {
        // Not disposed: work still running after the loop ends releases its slot.
        var slots = new SemaphoreSlim(capacity);
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stopping.Token);
                var free = 1;
                while (free < capacity && slots.Wait(0))
                {
                    free++;
                }

                var changed = store.NextChange;
                var leased = 0;
                List<T> batch;
                try
                {
                    batch = await lease(free);
                    leased = batch.Count;
                }
                finally
                {
                    if (free > leased)
                    {
                        slots.Release(free - leased);
                    }
                }

                foreach (var item in batch)
                {
                    start(item, () => slots.Release());
                }

                if (failures > 0)
                {
                    LogDispatchRecovered(failures);
                    failures = 0;
                }

                if (batch.Count == 0)
                {
                    await Task.WhenAny(changed, Task.Delay(idleInterval(), time, stopping.Token));
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                if (failures++ == 0)
                {
                    LogDispatchFailed(exception);
                }

                await PauseAfterFaultAsync(failures);
            }
        }
    }

    /// <summary>The pause before trying storage again after <paramref name="failures"/> failures in a row.</summary>
    private async Task PauseAfterFaultAsync(int failures)
    {
        var pause = TimeSpan.FromTicks(Math.Min(MaxFaultPause.Ticks, settings.MaxPollInterval.Ticks << Math.Min(failures - 1, 16)));
        try
        {
            await Task.Delay(pause, time, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the caller's loop ends.
        }
    }

    /// <summary>
    /// Records something the store must learn (an activity's result, a lease handed back), trying again while the
    /// storage fails, so a full disk delays the work instead of losing it; gives up only when the engine stops.
    /// </summary>
    private async Task<bool> RecordAsync(Func<Task> write)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                await write();
                return true;
            }
            catch (StorageFaultException) when (!stopping.IsCancellationRequested)
            {
                await PauseAfterFaultAsync(failures);
            }
            catch (StorageFaultException)
            {
                return false;
            }
        }
    }

    private TimeSpan IdleUntilNextMessage()
    {
        var untilDue = store.NextMessageDue() - time.GetUtcNow();
        return untilDue is { } wait && wait < settings.MaxPollInterval
            ? TimeSpan.FromTicks(Math.Max(wait.Ticks, TimeSpan.TicksPerMillisecond))
            : settings.MaxPollInterval;
    }

    private void StartEpisode(string instanceId, Action done) =>
        Track(runningEpisodes, instanceId, () => RunEpisodeAsync(instanceId), done);

    /// <summary>Runs work on the thread pool, listed in <paramref name="running"/> from before it starts until it ends.</summary>
    private static void Track<TKey>(ConcurrentDictionary<TKey, Task> running, TKey key, Func<Task> work, Action done)
        where TKey : notnull
    {
        var listed = new TaskCompletionSource();
        running[key] = Task.Run(async () =>
        {
            await listed.Task;
            try
            {
                await work();
            }
            finally
            {
                running.TryRemove(key, out _);
                done();
            }
        });
        listed.SetResult();
    }

    private async Task RunEpisodeAsync(string instanceId)
    {
        try
        {
            var work = store.LoadEpisode(instanceId);
            if (work is null)
            {
                return; // purged since it was leased
            }

            if (work.Status.IsTerminal())
            {
                await store.DiscardMessagesAsync(owner, work);
                return;
            }

            HistoryEvent[] incoming = [new OrchestratorStarted(time.GetUtcNow().UtcDateTime), .. work.CurrentMessages];
            var result = ReplayOrchestrationContext.Execute(
                instanceId, registry.CreateOrchestrator(work.Name), work.History, incoming, loggerFactory);
            await store.CommitEpisodeAsync(owner, work, result);
            if (result.Completion is { } completion)
            {
                LogInstanceFinished(instanceId, work.Name, completion.Status);
            }
        }
        catch (LeaseLostException exception)
        {
            LogLeaseLost(exception.Message);
        }
        catch (Exception exception)
        {
            LogEpisodeFailed(exception, instanceId);
            await RecordAsync(() => store.ReleaseInstanceAsync(owner, instanceId, RetryFailedEpisodeAfter));
        }
    }

    private void StartActivity(ActivityWorkItem item, Action done) =>
        Track(runningActivities, item.Id, () => RunActivityAsync(item), done);

    private async Task RunActivityAsync(ActivityWorkItem item)
    {
        CompletionEvent outcome;
        try
        {
            outcome = item.DeliveryCount > settings.MaxActivityDeliveries
                ? new TaskFailed(item.TaskId, new FailureDetails(
                    "ActivityAbandoned",
                    $"Activity '{item.Name}' was started {item.DeliveryCount - 1} times and its worker stopped each time."))
                : await InvokeActivityAsync(item);
        }
        catch (Exception) when (activityShutdown.IsCancellationRequested)
        {
            return; // interrupted by shutdown; its lease is handed back
        }

        try
        {
            if (!await RecordAsync(() => store.CompleteActivityAsync(item, outcome)))
            {
                LogActivityResultLost(item.Name, item.InstanceId);
            }
        }
        catch (Exception exception)
        {
            LogActivityResultFailed(exception, item.Name, item.InstanceId);
        }
    }

    private async Task<CompletionEvent> InvokeActivityAsync(ActivityWorkItem item)
    {
        if (registry.Activities.GetValueOrDefault(item.Name) is not { } activityType)
        {
            return new TaskFailed(item.TaskId,
                new FailureDetails("ActivityNotFound", $"No activity named '{item.Name}' is registered."));
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var activity = (IActivity)scope.ServiceProvider.GetRequiredService(activityType);
            var input = PayloadSerializer.Deserialize(item.Input, activity.InputType);
            var result = await activity.RunAsync(
                new TaskActivityContext(item.Name, item.InstanceId, activityShutdown.Token), input);
            return new TaskCompleted(item.TaskId, PayloadSerializer.Serialize(result));
        }
        catch (Exception exception) when (!activityShutdown.IsCancellationRequested)
        {
            return new TaskFailed(item.TaskId, FailureDetails.FromException(exception));
        }
    }

    /// <summary>Renews the leases of running activities and takes over work of processes that died meanwhile.</summary>
    private async Task KeepLeasesAsync()
    {
        var interval = settings.LeaseDuration / 3;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stopping.Token);
                await store.RenewActivityLeasesAsync(owner, runningActivities.Keys.ToArray(), settings.LeaseDuration);
                await store.ReleaseLeasesOfDeadOwnersAsync();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogDispatchFailed(exception);
            }
        }
    }

    public void Dispose()
    {
        stopping.Dispose();
        activityShutdown.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Orchestration engine {Owner} started; took over {Released} leases of stopped processes")]
    private partial void LogStarted(string owner, int released);

    [LoggerMessage(Level = LogLevel.Information, Message = "Orchestration {InstanceId} ({Name}) finished: {Status}")]
    private partial void LogInstanceFinished(string instanceId, string name, OrchestrationRuntimeStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reason}")]
    private partial void LogLeaseLost(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Episode of {InstanceId} failed; it will be retried")]
    private partial void LogEpisodeFailed(Exception exception, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Result of activity {Name} for {InstanceId} was not recorded before the engine stopped; it will run again")]
    private partial void LogActivityResultLost(string name, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Result of activity {Name} for {InstanceId} could not be recorded; it will run again")]
    private partial void LogActivityResultFailed(Exception exception, string name, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatching work failed; trying again until it succeeds")]
    private partial void LogDispatchFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatching work recovered after {Failures} failed attempts")]
    private partial void LogDispatchRecovered(int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached; handed back {Count} unfinished activities")]
    private partial void LogReleasedAtShutdown(int count);
}
