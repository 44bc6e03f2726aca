using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Orchestrations.Pipeline;

/// <summary>
/// Moves events from every outbox (one per store that keeps its own) to the publisher: publish, then mark delivered, so
/// a crash in between delivers again (at least once). Stopping drains what is pending.
/// </summary>
public sealed partial class OutboxRelay(IEnumerable<IOutbox> registered, IEventPublisher publisher, ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>Each once: stores that share one database (SQLite) share its one outbox.</summary>
    private readonly IReadOnlyList<IOutbox> outboxes = [.. registered.Distinct()];

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

    /// <summary>
    /// Drains what is pending before the process stops; a delivery that fails now (a handler racing a dying job, a
    /// publisher that is down) stays pending for the next start rather than failing the stop.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            while (await DeliverPendingAsync(cancellationToken) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDeliveryFailed(exception);
        }
    }

    private async Task<int> DeliverPendingAsync(CancellationToken cancellation)
    {
        var delivered = 0;
        foreach (var outbox in outboxes)
        {
            var pending = await outbox.PendingAsync(100, cancellation);
            if (pending.Count > 0)
            {
                await publisher.PublishAsync([.. pending.Select(p => p.Event)], cancellation);
                await outbox.MarkDeliveredAsync([.. pending.Select(p => p.Key)], cancellation);
                delivered += pending.Count;
            }
        }

        return delivered;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering outbox events failed; they stay pending")]
    private partial void LogDeliveryFailed(Exception exception);
}
