using System.Runtime.CompilerServices;
using DurableTask.AzureStorage;
using DurableTask.Core.History;
using SoraFunctions.Orchestrations;
using Dtf = DurableTask.Core;

namespace SoraFunctions.Azure.Durable;

/// <summary>
/// Our orchestration client over Durable Task's Azure Storage backend, member for member: instances started as the
/// SDK's clients start them (an <c>ExecutionStarted</c> message on the instance's control queue), payloads in
/// <see cref="PayloadSerializer"/>'s JSON, which the workers' data converter reads.
/// </summary>
public sealed class DurableStorageClient(AzureStorageOrchestrationService service) : OrchestrationClient
{
    /// <summary>An instance of any status refuses a second of its id, as the embedded engine does (a retried create must not start a second run).</summary>
    private static readonly Dtf.OrchestrationStatus[] AnyStatus = Enum.GetValues<Dtf.OrchestrationStatus>();

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instance = new Dtf.OrchestrationInstance { InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"), ExecutionId = Guid.NewGuid().ToString("N") };
        var started = new ExecutionStartedEvent(-1, PayloadSerializer.Serialize(input))
        {
            Name = orchestratorName,
            Version = "",
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
        };
        try
        {
            await service.CreateTaskOrchestrationAsync(new Dtf.TaskMessage { OrchestrationInstance = instance, Event = started }, AnyStatus);
        }
        catch (Dtf.Exceptions.OrchestrationAlreadyExistsException)
        {
            throw new OrchestrationAlreadyExistsException(instance.InstanceId);
        }

        return instance.InstanceId;
    }

    public override async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        (await service.GetOrchestrationStateAsync(instanceId, allExecutions: false)).FirstOrDefault() is { } state ? From(state, getInputsAndOutputs) : null;

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        service.SendTaskOrchestrationMessageAsync(new Dtf.TaskMessage
        {
            OrchestrationInstance = new Dtf.OrchestrationInstance { InstanceId = instanceId },
            Event = new EventRaisedEvent(-1, PayloadSerializer.Serialize(eventPayload)) { Name = eventName },
        });

    public override Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        service.ForceTerminateTaskOrchestrationAsync(instanceId, PayloadSerializer.Serialize(output));

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation) is { IsCompleted: true } finished)
            {
                return finished;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation);
        }
    }

    /// <summary>Purges a finished instance's state; a running one is left alone (0), as on the other engines.</summary>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) =>
        await GetInstanceAsync(instanceId, cancellation: cancellation) is { IsCompleted: true }
            ? new((await ((Dtf.IOrchestrationServicePurgeClient)service).PurgeInstanceStateAsync(instanceId)).DeletedInstanceCount)
            : new(0);

    public override async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(
        OrchestrationQuery? filter = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        filter ??= new OrchestrationQuery();
        var query = new Dtf.Query.OrchestrationQuery
        {
            CreatedTimeFrom = filter.CreatedFrom?.UtcDateTime,
            CreatedTimeTo = filter.CreatedTo?.UtcDateTime,
            RuntimeStatus = filter.Statuses?.SelectMany(To).ToList(),
            InstanceIdPrefix = filter.InstanceIdPrefix,
            PageSize = filter.PageSize,
            FetchInputsAndOutputs = filter.FetchInputsAndOutputs,
        };
        do
        {
            var page = await ((Dtf.Query.IOrchestrationServiceQueryClient)service).GetOrchestrationWithQueryAsync(query, cancellation);
            foreach (var state in page.OrchestrationState)
            {
                yield return From(state, filter.FetchInputsAndOutputs);
            }

            query.ContinuationToken = page.ContinuationToken;
        }
        while (query.ContinuationToken is not null);
    }

    private static OrchestrationMetadata From(Dtf.OrchestrationState state, bool withPayloads) => new(state.Name, state.OrchestrationInstance.InstanceId)
    {
        RuntimeStatus = state.OrchestrationStatus switch
        {
            Dtf.OrchestrationStatus.Pending => OrchestrationRuntimeStatus.Pending,
            Dtf.OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
            Dtf.OrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
            Dtf.OrchestrationStatus.Terminated or Dtf.OrchestrationStatus.Canceled => OrchestrationRuntimeStatus.Terminated,
            _ => OrchestrationRuntimeStatus.Running, // running, suspended, continued as new
        },
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
        SerializedInput = withPayloads ? state.Input : null,
        SerializedOutput = withPayloads ? state.Output : null,
        SerializedCustomStatus = state.Status,
        FailureDetails = state.FailureDetails is { } failure ? From(failure)
            : state.OrchestrationStatus == Dtf.OrchestrationStatus.Failed ? FromOutput(state.Output) : null,
    };

    /// <summary>
    /// A failed instance's details as the Azure Storage backend keeps them: its output is the failure's
    /// <c>"{type}: {message}"</c> (the tracking table has no column for the details themselves).
    /// </summary>
    private static FailureDetails? FromOutput(string? output) =>
        output?.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon && !output[..colon].Contains(' ', StringComparison.Ordinal)
            ? new FailureDetails(output[..colon], output[(colon + 2)..], null, null)
            : output is null ? null : new FailureDetails("Exception", output, null, null);

    private static FailureDetails From(Dtf.FailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is { } inner ? From(inner) : null);

    private static IEnumerable<Dtf.OrchestrationStatus> To(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => [Dtf.OrchestrationStatus.Pending],
        OrchestrationRuntimeStatus.Running => [Dtf.OrchestrationStatus.Running, Dtf.OrchestrationStatus.Suspended, Dtf.OrchestrationStatus.ContinuedAsNew],
        OrchestrationRuntimeStatus.Completed => [Dtf.OrchestrationStatus.Completed],
        OrchestrationRuntimeStatus.Failed => [Dtf.OrchestrationStatus.Failed],
        _ => [Dtf.OrchestrationStatus.Terminated, Dtf.OrchestrationStatus.Canceled],
    };
}
