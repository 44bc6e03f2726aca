using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Azure.Events;
using SoraFunctions.Core.Events;
using SoraFunctions.Api;
using SoraFunctions.Core.Social;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Orchestrations.Webhooks;

namespace SoraFunctions.Functions;

/// <summary>
/// The service's events, as Event Grid's subscription delivers them to the events queue (infra/bicep/modules/fanout.bicep),
/// the queue the local cloud profile drains too: each message one CloudEvent, on one instance, handed to every handler.
/// A message that fails (a handler's fault, or no event at all) is left to the host, which delivers it again and after
/// five deliveries sets it aside in <c>sora-events-poison</c>.
/// </summary>
public sealed class EventFunctions(IServiceProvider services, IEnumerable<IEventHandler> handlers)
{
    [Function("Events")]
    public async Task Events([QueueTrigger(EventQueueOptions.DefaultQueueName)] string message, [DurableClient] DurableTaskClient client, CancellationToken cancellation)
    {
        var cloudEvent = EventQueuePublisher.Read(message);

        foreach (var handler in handlers.Concat(DurableHandlers(client)))
        {
            await handler.HandleAsync(cloudEvent, cancellation);
        }
    }

    /// <summary>
    /// The handlers that need this invocation's Durable client: the takedowns (they terminate pipelines), the generation
    /// queue's (it wakes the clips given a slot) and the webhook dispatcher (it starts deliveries).
    /// </summary>
    private IEnumerable<IEventHandler> DurableHandlers(DurableTaskClient client) =>
    [
        ActivatorUtilities.CreateInstance<VideoRemovalHandler>(services, new DurableOrchestrationClient(client)),
        ActivatorUtilities.CreateInstance<GenerationQueueHandler>(services, new DurableOrchestrationClient(client)),
        ActivatorUtilities.CreateInstance<WebhookDispatcher>(services, new DurableOrchestrationClient(client)),
        ActivatorUtilities.CreateInstance<MemberDeletionHandler>(services, ApiFunctions.Videos(services, client), ApiFunctions.Cameos(services, client)),
        ActivatorUtilities.CreateInstance<CameoDeletionHandler>(services, ApiFunctions.Videos(services, client)),
    ];
}
