namespace SoraFunctions.Orchestrations;

/// <summary>Where an activity runs. <see cref="CancellationToken"/> fires when the engine shuts down.</summary>
public sealed record TaskActivityContext(string Name, string InstanceId, CancellationToken CancellationToken);

/// <summary>An activity the engines can run without knowing its input and output types.</summary>
public interface IActivity
{
    Type InputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>
/// One step of work with side effects, resolved from dependency injection. Runs at least once: a crash may run it
/// again, so it must be idempotent.
/// </summary>
public abstract class Activity<TInput, TOutput> : IActivity
{
    Type IActivity.InputType => typeof(TInput);

    async Task<object?> IActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, (TInput)input!);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);
}
