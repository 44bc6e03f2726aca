namespace SoraFunctions.Orchestrations;

/// <summary>What went wrong in an activity or orchestration, kept in history with the original exception type.</summary>
public sealed record FailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    FailureDetails? InnerFailure = null)
{
    public static FailureDetails FromException(Exception exception) => new(
        exception.GetType().FullName ?? exception.GetType().Name,
        exception.Message,
        exception.StackTrace,
        exception.InnerException is { } inner ? FromException(inner) : null);

    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}

/// <summary>Thrown into an orchestrator when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException(string taskName, int taskId, FailureDetails failureDetails)
    : Exception($"Task '{taskName}' (#{taskId}) failed: {failureDetails.ErrorType}: {failureDetails.ErrorMessage}")
{
    public string TaskName { get; } = taskName;

    public int TaskId { get; } = taskId;

    public FailureDetails FailureDetails { get; } = failureDetails;
}

/// <summary>The orchestrator code no longer produces the steps its recorded history says it took.</summary>
public sealed class NonDeterministicOrchestrationException(string message) : Exception(message);

/// <summary>An instance with that id already exists; a retried start must not begin a second run.</summary>
public sealed class OrchestrationAlreadyExistsException(string instanceId)
    : Exception($"An orchestration instance with id '{instanceId}' already exists.")
{
    public string InstanceId { get; } = instanceId;
}
