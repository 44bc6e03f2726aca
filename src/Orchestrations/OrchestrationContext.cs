using Microsoft.Extensions.Logging;

namespace SoraFunctions.Orchestrations;

/// <summary>
/// What an orchestrator may do. Mirrors Durable Task's <c>TaskOrchestrationContext</c> member for member, so the
/// Durable Functions adapter is one line per member and the embedded engine runs the same orchestrator code.
/// Orchestrator code must be deterministic: time, ids and waiting come from this context only.
/// </summary>
public abstract class OrchestrationContext
{
    public abstract string Name { get; }

    public abstract string InstanceId { get; }

    /// <summary>The orchestration's own clock: the same value at the same point of every replay.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator re-runs steps already recorded in its history.</summary>
    public abstract bool IsReplaying { get; }

    protected abstract ILoggerFactory LoggerFactory { get; }

    public abstract T? GetInput<T>();

    public abstract Task<T> CallActivityAsync<T>(string name, object? input = null, TaskOptions? options = null);

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>
    /// Completes with the payload of the next event of that name (case-insensitive). An event raised before the
    /// wait is kept and delivered when the wait begins.
    /// </summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for the event or a durable timer, whichever comes first; on timeout it throws
    /// <see cref="OperationCanceledException"/>.</summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using var timerCancellation = new CancellationTokenSource();
        using var eventCancellation = new CancellationTokenSource();
        var timeoutTask = CreateTimer(timeout, timerCancellation.Token);
        var eventTask = WaitForExternalEvent<T>(eventName, eventCancellation.Token);

        if (await Task.WhenAny(timeoutTask, eventTask) == eventTask)
        {
            timerCancellation.Cancel();
        }
        else
        {
            eventCancellation.Cancel();
        }

        return await eventTask;
    }

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(
        string orchestratorName, object? input = null, string? instanceId = null, TaskOptions? options = null);

    public Task CallSubOrchestratorAsync(
        string orchestratorName, object? input = null, string? instanceId = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, instanceId, options);

    /// <summary>Publishes a small, serializable progress value to callers of the client's get-instance.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>
    /// Restarts the orchestration with a new input and an empty history once the orchestrator returns, so an
    /// eternal loop keeps a bounded history. Events not yet consumed are carried over when asked.
    /// </summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A GUID that is the same on every replay of this point of the orchestration.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that stays silent while the orchestrator replays, so each line is written once.</summary>
    public ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(this, LoggerFactory.CreateLogger(categoryName));

    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);

    private sealed class ReplaySafeLogger(OrchestrationContext context, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
