using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>
/// Runs one episode of an orchestration: replays the recorded history through the orchestrator code, applies the
/// new messages, and returns what to record. The code runs on one thread with continuations executed inline, so
/// every await resumes deterministically in history order.
/// </summary>
internal sealed class ReplayOrchestrationContext : OrchestrationContext
{
    private static readonly Guid GuidNamespace = new("4f0e8a52-3c1d-5b7e-9a61-2d8c0f4b7e13");

    private readonly string instanceId;
    private readonly IOrchestrator? orchestrator;
    private readonly ILoggerFactory loggerFactory;

    private readonly SortedDictionary<int, ScheduledEvent> unrecordedActions = [];
    private readonly Dictionary<int, OpenTask> openTasks = [];
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> eventWaiters =
        new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaised> unconsumedEvents = [];
    private readonly List<HistoryEvent> recorded = [];

    private string name = "";
    private string? input;
    private DateTime currentUtcDateTime;
    private bool isReplaying;
    private int nextTaskId;
    private int guidCounter;
    private int orchestratorThreadId;
    private Task<object?>? orchestratorTask;
    private HistoryEvent? outcome;
    private object? customStatus;
    private (object? Input, bool PreserveEvents)? continueAsNew;

    private ReplayOrchestrationContext(string instanceId, IOrchestrator? orchestrator, ILoggerFactory loggerFactory)
    {
        this.instanceId = instanceId;
        this.orchestrator = orchestrator;
        this.loggerFactory = loggerFactory;
    }

    public override string Name => name;

    public override string InstanceId => instanceId;

    public override DateTime CurrentUtcDateTime => currentUtcDateTime;

    public override bool IsReplaying => isReplaying;

    protected override ILoggerFactory LoggerFactory => loggerFactory;

    /// <summary>Replays <paramref name="history"/>, then applies <paramref name="incoming"/>.</summary>
    public static EpisodeResult Execute(
        string instanceId,
        IOrchestrator? orchestrator,
        IReadOnlyList<HistoryEvent> history,
        IReadOnlyList<HistoryEvent> incoming,
        ILoggerFactory loggerFactory)
    {
        var context = new ReplayOrchestrationContext(instanceId, orchestrator, loggerFactory);

        // Queued continuations run inline on this thread (see SynchronousTaskScheduler), so the task below has
        // finished when StartNew returns.
        return Task.Factory.StartNew(
                () => context.Run(history, incoming),
                CancellationToken.None,
                TaskCreationOptions.None,
                SynchronousTaskScheduler.Instance)
            .GetAwaiter().GetResult();
    }

    private EpisodeResult Run(IReadOnlyList<HistoryEvent> history, IReadOnlyList<HistoryEvent> incoming)
    {
        orchestratorThreadId = Environment.CurrentManagedThreadId;
        if (incoming.OfType<ExecutionTerminated>().FirstOrDefault() is { } terminated)
        {
            // Termination wins over anything else that arrived; the code need not run again.
            recorded.Add(terminated);
            outcome = new ExecutionCompleted(OrchestrationRuntimeStatus.Terminated, terminated.Reason, null);
            incoming = [];
        }

        try
        {
            foreach (var historyEvent in history)
            {
                Apply(historyEvent, replaying: true);
            }

            foreach (var newEvent in incoming.TakeWhile(_ => outcome is null))
            {
                recorded.Add(newEvent);
                Apply(newEvent, replaying: false);
                RecordNewActions();
            }
        }
        catch (NonDeterministicOrchestrationException exception)
        {
            outcome = new ExecutionCompleted(
                OrchestrationRuntimeStatus.Failed, null, FailureDetails.FromException(exception));
        }

        if (outcome is null && continueAsNew is null && IsAwaitingSomethingElse)
        {
            outcome = new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, new FailureDetails(
                typeof(InvalidOperationException).FullName!,
                LeftThreadMessage + " It awaits a task that no history event can complete."));
        }

        if (outcome is not null)
        {
            recorded.Add(outcome);
        }

        return new EpisodeResult(
            recorded,
            PayloadSerializer.Serialize(customStatus),
            HasStarted: orchestratorTask is not null,
            ContinuedAsNew: outcome is null && orchestratorTask is { IsCompletedSuccessfully: true }
                && continueAsNew is { } next
                ? new ContinuedAsNew(
                    PayloadSerializer.Serialize(next.Input), next.PreserveEvents ? unconsumedEvents : [])
                : null);
    }

    private void Apply(HistoryEvent historyEvent, bool replaying)
    {
        isReplaying = replaying;
        switch (historyEvent)
        {
            case OrchestratorStarted started:
                currentUtcDateTime = started.Timestamp;
                break;
            case ExecutionStarted started:
                Start(started);
                break;
            case ScheduledEvent scheduled:
                MatchRecordedAction(scheduled);
                break;
            case CompletionEvent completion:
                Complete(completion);
                break;
            case EventRaised raised:
                Deliver(raised);
                break;
        }

        if (outcome is null && orchestratorTask is { IsCompleted: true } finished)
        {
            if (!finished.IsCompletedSuccessfully)
            {
                outcome = new ExecutionCompleted(
                    OrchestrationRuntimeStatus.Failed, null, FailureDetails.FromException(ExceptionOf(finished)));
            }
            else if (continueAsNew is null)
            {
                outcome = new ExecutionCompleted(
                    OrchestrationRuntimeStatus.Completed, PayloadSerializer.Serialize(finished.Result), null);
            }
        }
    }

    private void Start(ExecutionStarted started)
    {
        name = started.Name;
        input = started.Input;
        if (orchestrator is null)
        {
            outcome = new ExecutionCompleted(
                OrchestrationRuntimeStatus.Failed,
                null,
                new FailureDetails("OrchestratorNotFound", $"No orchestrator named '{started.Name}' is registered."));
            return;
        }

        try
        {
            orchestratorTask = orchestrator.RunAsync(this, PayloadSerializer.Deserialize(input, orchestrator.InputType));
        }
        catch (Exception exception)
        {
            orchestratorTask = Task.FromException<object?>(exception);
        }
    }

    /// <summary>A recorded scheduling must be exactly what the code scheduled at that position.</summary>
    private void MatchRecordedAction(ScheduledEvent recordedAction)
    {
        if (!unrecordedActions.Remove(recordedAction.TaskId, out var codeAction))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{name}': history step #{recordedAction.TaskId} is " +
                $"{recordedAction.Describe()}, but the orchestrator code no longer schedules a step #{recordedAction.TaskId}.");
        }

        if (codeAction.GetType() != recordedAction.GetType() || codeAction.Describe() != recordedAction.Describe())
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{name}': history step #{recordedAction.TaskId} is " +
                $"{recordedAction.Describe()}, but the orchestrator code now schedules {codeAction.Describe()}.");
        }
    }

    private void RecordNewActions()
    {
        recorded.AddRange(unrecordedActions.Values);
        unrecordedActions.Clear();
    }

    private void Complete(CompletionEvent completion)
    {
        if (!openTasks.Remove(completion.TaskId, out var open))
        {
            return; // a cancelled timer firing, or an outcome delivered twice
        }

        switch (completion)
        {
            case TaskCompleted completed:
                open.Completion.TrySetResult(completed.Result);
                break;
            case SubOrchestrationCompleted completed:
                open.Completion.TrySetResult(completed.Result);
                break;
            case TimerFired:
                open.Completion.TrySetResult(null);
                break;
            case TaskFailed failed:
                open.Completion.TrySetException(new TaskFailedException(open.TaskName, failed.TaskId, failed.Failure));
                break;
            case SubOrchestrationFailed failed:
                open.Completion.TrySetException(new TaskFailedException(open.TaskName, failed.TaskId, failed.Failure));
                break;
        }
    }

    private void Deliver(EventRaised raised)
    {
        if (eventWaiters.TryGetValue(raised.Name, out var waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            first.Value.TrySetResult(raised.Input);
        }
        else
        {
            unconsumedEvents.Add(raised);
        }
    }

    public override T? GetInput<T>() where T : default => PayloadSerializer.Deserialize<T>(input);

    public override async Task<T> CallActivityAsync<T>(string name, object? input = null, TaskOptions? options = null)
    {
        var serializedInput = PayloadSerializer.Serialize(input);
        var result = await WithRetry(
            options?.Retry, () => Schedule(new TaskScheduled(NextTaskId(), name, serializedInput), name));
        return PayloadSerializer.Deserialize<T>(result)!;
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(
        string orchestratorName, object? input = null, string? instanceId = null, TaskOptions? options = null)
    {
        var serializedInput = PayloadSerializer.Serialize(input);
        var result = await WithRetry(options?.Retry, () =>
        {
            var taskId = NextTaskId();
            var childId = instanceId ?? $"{InstanceId}:{taskId:D4}";
            return Schedule(new SubOrchestrationCreated(taskId, orchestratorName, childId, serializedInput), orchestratorName);
        });
        return PayloadSerializer.Deserialize<TResult>(result)!;
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var taskId = NextTaskId();
        var timer = Schedule(new TimerCreated(taskId, fireAt), "timer");
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (openTasks.Remove(taskId, out var open))
                {
                    open.Completion.TrySetCanceled(cancellationToken);
                }
            });
        }

        return timer;
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        EnsureOrchestratorThread();
        var buffered = unconsumedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            var payload = unconsumedEvents[buffered].Input;
            unconsumedEvents.RemoveAt(buffered);
            return PayloadSerializer.Deserialize<T>(payload)!;
        }

        var waiter = new TaskCompletionSource<string?>();
        if (!eventWaiters.TryGetValue(eventName, out var waiters))
        {
            eventWaiters[eventName] = waiters = new LinkedList<TaskCompletionSource<string?>>();
        }

        var node = waiters.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    waiters.Remove(node);
                    waiter.TrySetCanceled(cancellationToken);
                }
            });
        }

        return PayloadSerializer.Deserialize<T>(await waiter.Task)!;
    }

    public override void SetCustomStatus(object? customStatus)
    {
        EnsureOrchestratorThread();
        this.customStatus = customStatus;
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        EnsureOrchestratorThread();
        continueAsNew = (newInput, preserveUnprocessedEvents);
    }

    public override Guid NewGuid()
    {
        EnsureOrchestratorThread();
        var name = $"{InstanceId}_{CurrentUtcDateTime:o}_{guidCounter++}";
        Span<byte> buffer = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        GuidNamespace.TryWriteBytes(buffer, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, buffer[16..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(buffer[..length], hash);

        // RFC 9562 name-based UUID, version 5.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    private async Task<string?> WithRetry(RetryPolicy? policy, Func<Task<string?>> attempt)
    {
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException failure) when (
                policy is not null && attemptNumber < policy.MaxNumberOfAttempts && policy.Handle(failure.FailureDetails))
            {
                await CreateTimer(CurrentUtcDateTime.Add(policy.DelayAfterAttempt(attemptNumber)), CancellationToken.None);
            }
        }
    }

    private Task<string?> Schedule(ScheduledEvent action, string taskName)
    {
        var completion = new TaskCompletionSource<string?>();
        unrecordedActions.Add(action.TaskId, action);
        openTasks.Add(action.TaskId, new OpenTask(taskName, completion));
        return completion.Task;
    }

    private int NextTaskId()
    {
        EnsureOrchestratorThread();
        return nextTaskId++;
    }

    private const string LeftThreadMessage =
        "Orchestrator code left the orchestration thread (Task.Run, Task.Delay, I/O or ConfigureAwait(false)); " +
        "use the context's activities, timers and events instead.";

    /// <summary>The code is still running but waits on nothing this context can complete.</summary>
    private bool IsAwaitingSomethingElse =>
        orchestratorTask is { IsCompleted: false } && openTasks.Count == 0
        && eventWaiters.Values.All(waiters => waiters.Count == 0);

    private void EnsureOrchestratorThread()
    {
        if (Environment.CurrentManagedThreadId != orchestratorThreadId)
        {
            throw new InvalidOperationException(LeftThreadMessage);
        }
    }

    private static Exception ExceptionOf(Task failedOrCancelled)
    {
        try
        {
            failedOrCancelled.GetAwaiter().GetResult();
            throw new InvalidOperationException("The task did not fail.");
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private sealed record OpenTask(string TaskName, TaskCompletionSource<string?> Completion);
}

/// <summary>What one episode produced: events to append, the custom status, and whether it continues as new.</summary>
internal sealed record EpisodeResult(
    IReadOnlyList<HistoryEvent> Recorded,
    string? CustomStatus,
    bool HasStarted,
    ContinuedAsNew? ContinuedAsNew)
{
    public ExecutionCompleted? Completion => Recorded.Count > 0 ? Recorded[^1] as ExecutionCompleted : null;
}

internal sealed record ContinuedAsNew(string? Input, IReadOnlyList<EventRaised> CarriedEvents);

/// <summary>Runs every queued task inline, so orchestrator continuations never leave the episode's thread.</summary>
internal sealed class SynchronousTaskScheduler : TaskScheduler
{
    public static SynchronousTaskScheduler Instance { get; } = new();

    protected override void QueueTask(Task task) => TryExecuteTask(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);

    protected override IEnumerable<Task>? GetScheduledTasks() => [];
}
