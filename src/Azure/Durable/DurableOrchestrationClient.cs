using System.Runtime.CompilerServices;
using SoraFunctions.Orchestrations;
using Sdk = Microsoft.DurableTask.Client;

namespace SoraFunctions.Azure.Durable;

/// <summary>Our orchestration client over Durable Functions' <c>DurableTaskClient</c>, member for member.</summary>
public sealed class DurableOrchestrationClient(Sdk.DurableTaskClient inner) : OrchestrationClient
{
    /// <summary>
    /// An id already in use is refused, as the embedded engine does (a retried create must not start a second run);
    /// Durable would otherwise replace a finished instance of that id.
    /// </summary>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (options?.InstanceId is { } id && await inner.GetInstanceAsync(id, cancellation) is not null)
        {
            throw new OrchestrationAlreadyExistsException(id);
        }

        return await inner.ScheduleNewOrchestrationInstanceAsync(
            orchestratorName, input, new Microsoft.DurableTask.StartOrchestrationOptions(options?.InstanceId, options?.StartAt), cancellation);
    }

    /// <summary>
    /// Durable returns an instance's custom status only with its inputs and outputs, while the port always returns it
    /// (a running video's progress): they are fetched, and dropped unless asked for.
    /// </summary>
    public override async Task<OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        await inner.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellation) is { } metadata ? From(metadata, getInputsAndOutputs) : null;

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        inner.TerminateInstanceAsync(instanceId, output, cancellation);

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        From(await inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellation), getInputsAndOutputs);

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) =>
        new((await inner.PurgeInstanceAsync(instanceId, cancellation: cancellation)).PurgedInstanceCount);

    public override async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(
        OrchestrationQuery? filter = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        filter ??= new OrchestrationQuery();
        var query = new Sdk.OrchestrationQuery
        {
            CreatedFrom = filter.CreatedFrom,
            CreatedTo = filter.CreatedTo,
            Statuses = filter.Statuses?.SelectMany(To).ToList(),
            InstanceIdPrefix = filter.InstanceIdPrefix,
            PageSize = filter.PageSize,
            FetchInputsAndOutputs = true, // for the custom status, as in GetInstanceAsync
        };
        await foreach (var metadata in inner.GetAllInstancesAsync(query).WithCancellation(cancellation))
        {
            yield return From(metadata, filter.FetchInputsAndOutputs);
        }
    }

    private static OrchestrationMetadata From(Sdk.OrchestrationMetadata metadata, bool withPayloads) => new(metadata.Name, metadata.InstanceId)
    {
        RuntimeStatus = metadata.RuntimeStatus switch
        {
            Sdk.OrchestrationRuntimeStatus.Pending => OrchestrationRuntimeStatus.Pending,
            Sdk.OrchestrationRuntimeStatus.Completed => OrchestrationRuntimeStatus.Completed,
            Sdk.OrchestrationRuntimeStatus.Failed => OrchestrationRuntimeStatus.Failed,
            Sdk.OrchestrationRuntimeStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
            _ => OrchestrationRuntimeStatus.Running, // running, suspended, continued as new
        },
        CreatedAt = metadata.CreatedAt,
        LastUpdatedAt = metadata.LastUpdatedAt,
        SerializedInput = withPayloads ? metadata.SerializedInput : null,
        SerializedOutput = withPayloads ? metadata.SerializedOutput : null,
        SerializedCustomStatus = metadata.SerializedCustomStatus,
        FailureDetails = metadata.FailureDetails is { } failure ? DurableTaskOptions.From(failure) : null,
    };

    private static IEnumerable<Sdk.OrchestrationRuntimeStatus> To(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => [Sdk.OrchestrationRuntimeStatus.Pending],
        OrchestrationRuntimeStatus.Running => [Sdk.OrchestrationRuntimeStatus.Running, Sdk.OrchestrationRuntimeStatus.Suspended],
        OrchestrationRuntimeStatus.Completed => [Sdk.OrchestrationRuntimeStatus.Completed],
        OrchestrationRuntimeStatus.Failed => [Sdk.OrchestrationRuntimeStatus.Failed],
        _ => [Sdk.OrchestrationRuntimeStatus.Terminated],
    };
}
