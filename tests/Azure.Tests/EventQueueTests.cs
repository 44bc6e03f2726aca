using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using SoraFunctions.Azure.Events;
using SoraFunctions.Core.Events;
using SoraFunctions.Emulators;

namespace SoraFunctions.Azure.Tests;

/// <summary>Events between instances through a Storage queue (Azurite): each handled once, by one of the instances draining it, failures again, poison set aside.</summary>
public sealed class EventQueueTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private Azurite storage = null!;

    public async Task InitializeAsync() => storage = await Azurite.StartStorageAsync();

    public async Task DisposeAsync() => await storage.DisposeAsync();

    [Fact]
    public async Task Each_event_published_is_handled_once_by_one_of_the_instances_draining_the_queue()
    {
        var options = Options();
        var handled = new ConcurrentBag<(string Instance, string Id)>();
        var events = Enumerable.Range(0, 30).Select(i => CloudEvents.Create("Test.Counted", $"tests/{i}", new { i }, At)).ToList();

        await using (await RunAsync(options, new Recorder("first", handled)))
        await using (await RunAsync(options, new Recorder("second", handled)))
        {
            await new EventQueuePublisher(options.CreateClient()).PublishAsync(events);
            await UntilAsync(() => handled.Count >= events.Count);
            await Task.Delay(500); // a duplicate would show by now
        }

        Assert.Equal(events.Select(e => e.Id).Order(), handled.Select(h => h.Id).Order());
        Assert.Equal(0, (await options.CreateClient().GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_failed_event_is_delivered_again_and_one_that_is_no_event_or_keeps_failing_is_set_aside()
    {
        var options = Options();
        options.VisibilityTimeout = TimeSpan.FromSeconds(1);
        options.MaxDeliveries = 3;
        var attempts = new ConcurrentDictionary<string, int>();
        var flaky = CloudEvents.Create("Test.FailsOnce", "tests/flaky", new { }, At);
        var doomed = CloudEvents.Create("Test.FailsAlways", "tests/doomed", new { }, At);
        var queue = options.CreateClient();
        await queue.CreateIfNotExistsAsync();
        // As Event Grid may write it: the CloudEvents JSON as it is, not base64.
        var raw = CloudEvents.Create("Test.Raw", "tests/raw", new { }, At);
        await queue.SendMessageAsync(JsonSerializer.Serialize(EventGridPublisher.ToCloudEvent(raw)));
        await queue.SendMessageAsync("not an event");

        await using (await RunAsync(options, new Failing(attempts)))
        {
            await new EventQueuePublisher(queue).PublishAsync([flaky, doomed]);
            await UntilAsync(async () => attempts.GetValueOrDefault(flaky.Id) >= 2 && attempts.ContainsKey(raw.Id)
                && (await options.CreateClient("-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount == 2);
        }

        var poisoned = (await options.CreateClient("-poison").ReceiveMessagesAsync(10)).Value.Select(m => m.MessageText).ToList();
        Assert.Equal(2, attempts[flaky.Id]);
        Assert.Equal(3, attempts[doomed.Id]);
        Assert.Equal(1, attempts[raw.Id]);
        Assert.Contains("not an event", poisoned);
        Assert.Contains(poisoned, text => text != "not an event" && EventQueuePublisher.Read(text).Id == doomed.Id);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private EventQueueOptions Options() => new() { ConnectionString = storage.ConnectionString, QueueName = $"events{Guid.NewGuid():N}"[..20] };

    private static async Task<IAsyncDisposable> RunAsync(EventQueueOptions options, IEventHandler handler)
    {
        var receiver = new EventQueueReceiver(options, [handler], NullLogger<EventQueueReceiver>.Instance);
        await receiver.StartAsync(CancellationToken.None);
        return new Stopping(receiver);
    }

    private static Task UntilAsync(Func<bool> condition) => UntilAsync(() => Task.FromResult(condition()));

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the queue was not drained in time");
            await Task.Delay(100);
        }
    }

    private sealed class Stopping(EventQueueReceiver receiver) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await receiver.StopAsync(CancellationToken.None);
            receiver.Dispose();
        }
    }

    private sealed class Recorder(string instance, ConcurrentBag<(string, string)> handled) : IEventHandler
    {
        public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
        {
            handled.Add((instance, cloudEvent.Id));
            return Task.CompletedTask;
        }
    }

    private sealed class Failing(ConcurrentDictionary<string, int> attempts) : IEventHandler
    {
        public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
        {
            var attempt = attempts.AddOrUpdate(cloudEvent.Id, 1, (_, n) => n + 1);
            return cloudEvent.Type == "Test.FailsAlways" || (cloudEvent.Type == "Test.FailsOnce" && attempt == 1)
                ? throw new InvalidOperationException($"attempt {attempt} fails")
                : Task.CompletedTask;
        }
    }
}
