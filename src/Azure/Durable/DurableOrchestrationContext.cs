using Microsoft.Extensions.Logging;
using SoraFunctions.Orchestrations;
using Sdk = Microsoft.DurableTask;

namespace SoraFunctions.Azure.Durable;

/// <summary>
/// Our orchestration context over Durable Functions' <c>TaskOrchestrationContext</c>: member for member, translating
/// task options and task failures, so the embedded engine and Durable Functions run the same orchestrator code.
/// </summary>
public sealed class DurableOrchestrationContext(Sdk.TaskOrchestrationContext inner, ILoggerFactory loggerFactory)
    : OrchestrationContext
{
    public override string Name => inner.Name.Name;

    public override string InstanceId => inner.InstanceId;

    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public override bool IsReplaying => inner.IsReplaying;

    protected override ILoggerFactory LoggerFactory => loggerFactory;

    public override T? GetInput<T>() where T : default => inner.GetInput<T>();

    public override Task<T> CallActivityAsync<T>(string name, object? input = null, TaskOptions? options = null) =>
        Translate(() => inner.CallActivityAsync<T>(name, input, DurableTaskOptions.From(options)));

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => DurableTimers.UntilAsync(inner, fireAt, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(
        string orchestratorName, object? input = null, string? instanceId = null, TaskOptions? options = null) =>
        Translate(() => inner.CallSubOrchestratorAsync<TResult>(
            orchestratorName, input, new Sdk.SubOrchestrationOptions(DurableTaskOptions.From(options) ?? new Sdk.TaskOptions(), instanceId)));

    public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override Guid NewGuid() => inner.NewGuid();

    /// <summary>Durable's task failure becomes ours, which the orchestrators catch.</summary>
    private static async Task<T> Translate<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Sdk.TaskFailedException failure)
        {
            throw new TaskFailedException(failure.TaskName, failure.TaskId, DurableTaskOptions.From(failure.FailureDetails));
        }
    }
}

/// <summary>Our task options and failure details in Durable's terms, and back.</summary>
internal static class DurableTaskOptions
{
    /// <summary>
    /// A retry handler that applies our policy: its attempts, its filter, and its backoff as a durable timer, so Durable
    /// retries exactly as the embedded engine does.
    /// </summary>
    public static Sdk.TaskOptions? From(TaskOptions? options) =>
        options?.Retry is not { } retry
            ? null
            : Sdk.TaskOptions.FromRetryHandler(async context =>
            {
                if (context.LastAttemptNumber >= retry.MaxNumberOfAttempts || !retry.Handle(From(context.LastFailure)))
                {
                    return false;
                }

                var orchestration = context.OrchestrationContext;
                await DurableTimers.UntilAsync(orchestration, orchestration.CurrentUtcDateTime + retry.DelayAfterAttempt(context.LastAttemptNumber), context.CancellationToken);
                return true;
            });

    public static FailureDetails From(Sdk.TaskFailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is { } inner ? From(inner) : null);
}

/// <summary>Durable timers that never fire before their time.</summary>
internal static class DurableTimers
{
    /// <summary>
    /// Waits until the orchestration's clock reaches <paramref name="fireAt"/>. Azure Storage delays a timer's message
    /// by whole seconds (its visibility timeout), so a timer can fire up to a second early there; one that did is set
    /// again for the rest — deterministically, as the replay sees the same clock.
    /// </summary>
    public static async Task UntilAsync(Sdk.TaskOrchestrationContext context, DateTime fireAt, CancellationToken cancellation)
    {
        do
        {
            await context.CreateTimer(fireAt, cancellation);
        }
        while (context.CurrentUtcDateTime < fireAt && !cancellation.IsCancellationRequested);
    }
}
