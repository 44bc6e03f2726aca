namespace SoraFunctions.Orchestrations;

/// <summary>
/// Starts, inspects and steers orchestration instances. Mirrors Durable Task's <c>DurableTaskClient</c>.
/// </summary>
public abstract class OrchestrationClient
{
    /// <summary>
    /// Schedules a new instance and returns its id. A caller-chosen id that already exists is refused with
    /// <see cref="OrchestrationAlreadyExistsException"/>, so a retried request never starts a second run.
    /// </summary>
    public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default);

    public abstract Task<OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    /// <summary>Delivers an event to a running instance; events for finished or unknown instances are dropped.</summary>
    public abstract Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);

    public abstract Task TerminateInstanceAsync(
        string instanceId, object? output = null, CancellationToken cancellation = default);

    public abstract Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    /// <summary>Deletes a finished instance and its history; a running instance is left alone.</summary>
    public abstract Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default);

    /// <summary>Instances matching the filter, newest first, fetched page by page.</summary>
    public abstract IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(
        OrchestrationQuery? filter = null, CancellationToken cancellation = default);
}

public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

public sealed record PurgeResult(int PurgedInstanceCount);

public enum OrchestrationRuntimeStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,
}

public sealed record OrchestrationQuery
{
    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    public string? InstanceIdPrefix { get; init; }

    public int PageSize { get; init; } = 100;

    public bool FetchInputsAndOutputs { get; init; }
}

public sealed record OrchestrationMetadata(string Name, string InstanceId)
{
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    public FailureDetails? FailureDetails { get; init; }

    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Running;

    public bool IsCompleted => RuntimeStatus.IsTerminal();

    public T? ReadInputAs<T>() => PayloadSerializer.Deserialize<T>(SerializedInput);

    public T? ReadOutputAs<T>() => PayloadSerializer.Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => PayloadSerializer.Deserialize<T>(SerializedCustomStatus);
}

public static class OrchestrationRuntimeStatusExtensions
{
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) => status is
        OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
