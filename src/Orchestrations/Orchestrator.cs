namespace SoraFunctions.Orchestrations;

/// <summary>An orchestrator the engines can run without knowing its input and output types.</summary>
public interface IOrchestrator
{
    Type InputType { get; }

    Task<object?> RunAsync(OrchestrationContext context, object? input);
}

/// <summary>
/// A deterministic workflow. Orchestrators are created per run with no services: anything that touches the
/// world belongs in an activity.
/// </summary>
public abstract class Orchestrator<TInput, TOutput> : IOrchestrator
{
    Type IOrchestrator.InputType => typeof(TInput);

    async Task<object?> IOrchestrator.RunAsync(OrchestrationContext context, object? input) =>
        await RunAsync(context, (TInput)input!);

    public abstract Task<TOutput> RunAsync(OrchestrationContext context, TInput input);
}
