using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>
/// One recorded fact of an orchestration. An instance's history is the list of these; replaying it through the
/// orchestrator code rebuilds the orchestrator's state. Messages waiting in an instance's inbox are the same events,
/// not yet recorded.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ExecutionStarted), nameof(ExecutionStarted))]
[JsonDerivedType(typeof(OrchestratorStarted), nameof(OrchestratorStarted))]
[JsonDerivedType(typeof(TaskScheduled), nameof(TaskScheduled))]
[JsonDerivedType(typeof(TaskCompleted), nameof(TaskCompleted))]
[JsonDerivedType(typeof(TaskFailed), nameof(TaskFailed))]
[JsonDerivedType(typeof(TimerCreated), nameof(TimerCreated))]
[JsonDerivedType(typeof(TimerFired), nameof(TimerFired))]
[JsonDerivedType(typeof(SubOrchestrationCreated), nameof(SubOrchestrationCreated))]
[JsonDerivedType(typeof(SubOrchestrationCompleted), nameof(SubOrchestrationCompleted))]
[JsonDerivedType(typeof(SubOrchestrationFailed), nameof(SubOrchestrationFailed))]
[JsonDerivedType(typeof(EventRaised), nameof(EventRaised))]
[JsonDerivedType(typeof(ExecutionTerminated), nameof(ExecutionTerminated))]
[JsonDerivedType(typeof(ExecutionCompleted), nameof(ExecutionCompleted))]
internal abstract record HistoryEvent
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static HistoryEvent FromJson(string json) =>
        JsonSerializer.Deserialize<HistoryEvent>(json, JsonOptions)
        ?? throw new InvalidDataException("An empty history event was stored.");
}

/// <summary>A step the orchestrator scheduled; <see cref="TaskId"/> is its position in the orchestrator's sequence.</summary>
internal abstract record ScheduledEvent(int TaskId) : HistoryEvent
{
    /// <summary>How the step reads in a non-determinism error, e.g. "activity 'Render'".</summary>
    public abstract string Describe();
}

/// <summary>The outcome of a scheduled step.</summary>
internal abstract record CompletionEvent(int TaskId) : HistoryEvent;

internal sealed record ExecutionStarted(
    string Name,
    string ExecutionId,
    string? Input,
    string? ParentInstanceId = null,
    string? ParentExecutionId = null,
    int? ParentTaskId = null) : HistoryEvent;

/// <summary>Marks the start of one run of the orchestrator code and fixes its clock.</summary>
internal sealed record OrchestratorStarted(DateTime Timestamp) : HistoryEvent;

internal sealed record TaskScheduled(int TaskId, string Name, string? Input) : ScheduledEvent(TaskId)
{
    public override string Describe() => $"activity '{Name}'";
}

internal sealed record TaskCompleted(int TaskId, string? Result) : CompletionEvent(TaskId);

internal sealed record TaskFailed(int TaskId, FailureDetails Failure) : CompletionEvent(TaskId);

internal sealed record TimerCreated(int TaskId, DateTime FireAt) : ScheduledEvent(TaskId)
{
    public override string Describe() => "a timer";
}

internal sealed record TimerFired(int TaskId) : CompletionEvent(TaskId);

internal sealed record SubOrchestrationCreated(int TaskId, string Name, string InstanceId, string? Input)
    : ScheduledEvent(TaskId)
{
    public override string Describe() => $"sub-orchestration '{Name}'";
}

internal sealed record SubOrchestrationCompleted(int TaskId, string? Result) : CompletionEvent(TaskId);

internal sealed record SubOrchestrationFailed(int TaskId, FailureDetails Failure) : CompletionEvent(TaskId);

internal sealed record EventRaised(string Name, string? Input) : HistoryEvent;

internal sealed record ExecutionTerminated(string? Reason) : HistoryEvent;

internal sealed record ExecutionCompleted(
    OrchestrationRuntimeStatus Status, string? Result, FailureDetails? Failure) : HistoryEvent;
