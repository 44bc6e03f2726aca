using Microsoft.Extensions.Logging.Abstractions;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Orchestrations.Tests;

public sealed class OutboxRelayTests
{
    [Fact]
    public async Task Stopping_drains_every_outbox_once_and_a_failing_delivery_stays_pending_without_failing_the_stop()
    {
        var shared = new ListOutbox("a", "b");
        var own = new ListOutbox("c");
        var delivered = new List<string>();
        var working = new OutboxRelay([shared, own, shared], new Publisher(events => delivered.AddRange(events.Select(e => e.Id))), NullLogger<OutboxRelay>.Instance);

        await working.StopAsync(CancellationToken.None);

        Assert.Equal(["a", "b", "c"], delivered.Order());
        Assert.Empty(shared.Pending);

        var waiting = new ListOutbox("d");
        var failing = new OutboxRelay([waiting], new Publisher(_ => throw new IOException("a handler raced a dying job")), NullLogger<OutboxRelay>.Instance);
        await failing.StopAsync(CancellationToken.None);

        Assert.Equal(["d"], waiting.Pending);
    }

    private sealed class ListOutbox(params string[] ids) : IOutbox
    {
        public List<string> Pending { get; } = [.. ids];

        public Task<IReadOnlyList<PendingEvent>> PendingAsync(int limit, CancellationToken cancellation = default) =>
            Task.FromResult<IReadOnlyList<PendingEvent>>(
                [.. Pending.Take(limit).Select(id => new PendingEvent(id, new CloudEvent(id, EventTypes.Source, "Test.Ping", null, DateTimeOffset.UnixEpoch, null)))]);

        public Task MarkDeliveredAsync(IReadOnlyCollection<string> keys, CancellationToken cancellation = default)
        {
            Pending.RemoveAll(keys.Contains);
            return Task.CompletedTask;
        }
    }

    private sealed class Publisher(Action<IReadOnlyList<CloudEvent>> publish) : IEventPublisher
    {
        public Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
        {
            publish(events);
            return Task.CompletedTask;
        }
    }
}
