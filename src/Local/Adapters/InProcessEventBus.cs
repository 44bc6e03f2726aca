using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Local.Adapters;

/// <summary>Delivers events to every in-process handler.</summary>
public sealed class InProcessEventBus(IEnumerable<IEventHandler> handlers) : IEventPublisher
{
    public async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        foreach (var cloudEvent in events)
        {
            foreach (var handler in handlers)
            {
                await handler.HandleAsync(cloudEvent, cancellation);
            }
        }
    }
}

/// <summary>
/// Moves events from the outbox to the publisher: publish, then mark delivered, so a crash in between delivers again
/// (at least once). Stopping drains what is pending.
/// </summary>
public sealed partial class OutboxRelay(IOutbox outbox, IEventPublisher publisher, ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DeliverPendingAsync(stoppingToken) == 0)
                {
                    await Task.Delay(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogDeliveryFailed(exception);
                await Task.Delay(PollInterval * 5, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        while (await DeliverPendingAsync(cancellationToken) > 0)
        {
        }
    }

    private async Task<int> DeliverPendingAsync(CancellationToken cancellation)
    {
        var pending = await outbox.PendingAsync(100, cancellation);
        if (pending.Count == 0)
        {
            return 0;
        }

        await publisher.PublishAsync([.. pending.Select(p => p.Event)], cancellation);
        await outbox.MarkDeliveredAsync([.. pending.Select(p => p.Key)], cancellation);
        return pending.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering outbox events failed; they stay pending")]
    private partial void LogDeliveryFailed(Exception exception);
}

/// <summary>Appends every event, as one JSON line, to <c>events.jsonl</c> in the data folder: the local audit trail.</summary>
public sealed class EventLogHandler(DataFolder data) : IEventHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim gate = new(1, 1);

    public string Path => System.IO.Path.Combine(data.Root, "events.jsonl");

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        await gate.WaitAsync(cancellation);
        try
        {
            await File.AppendAllTextAsync(Path, JsonSerializer.Serialize(cloudEvent, Json) + "\n", cancellation);
        }
        finally
        {
            gate.Release();
        }
    }
}
