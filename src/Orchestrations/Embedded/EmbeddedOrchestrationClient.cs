using Microsoft.Extensions.Options;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>The orchestration client over the embedded SQLite store; works from any process sharing the file.</summary>
internal sealed class EmbeddedOrchestrationClient(
    SqliteOrchestrationStore store, TimeProvider time, IOptions<EmbeddedEngineOptions> options) : OrchestrationClient
{
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId, nameof(options.InstanceId));
        await store.CreateInstanceAsync(
            instanceId, orchestratorName, PayloadSerializer.Serialize(input), options?.StartAt ?? time.GetUtcNow());
        return instanceId;
    }

    public override Task<OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Task.FromResult(store.GetInstance(instanceId, getInputsAndOutputs));

    public override Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        store.SendToLiveInstanceAsync(instanceId, new EventRaised(eventName, PayloadSerializer.Serialize(eventPayload)));

    public override Task TerminateInstanceAsync(
        string instanceId, object? output = null, CancellationToken cancellation = default) =>
        store.SendToLiveInstanceAsync(instanceId, new ExecutionTerminated(PayloadSerializer.Serialize(output)));

    /// <summary>The longest a wait goes between looks at an instance another process runs.</summary>
    private static readonly TimeSpan MaxWaitPoll = TimeSpan.FromSeconds(1);

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        for (var poll = options.Value.MaxPollInterval; ; poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, MaxWaitPoll.Ticks)))
        {
            var finished = store.NextFinish(instanceId);
            var instance = store.GetInstance(instanceId, getInputsAndOutputs)
                ?? throw new InvalidOperationException($"No orchestration instance has id '{instanceId}'.");
            if (instance.IsCompleted)
            {
                return instance;
            }

            // An engine in this process wakes the wait at once; the poll, slowing down to a second, catches engines in
            // other processes.
            await Task.WhenAny(finished, Task.Delay(poll, time, cancellation));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) =>
        new(await store.PurgeAsync(instanceId));

    public override IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(
        OrchestrationQuery? filter = null, CancellationToken cancellation = default) =>
        store.QueryAsync(filter ?? new OrchestrationQuery(), cancellation);
}
