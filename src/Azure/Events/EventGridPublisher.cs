using Azure;
using Azure.Identity;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using SoraFunctions.Core.Ports;
using CloudEvent = SoraFunctions.Core.Events.CloudEvent;

namespace SoraFunctions.Azure.Events;

/// <summary>
/// Where events go on Azure (<c>Sora:Events</c>): an Event Grid topic endpoint, with its access key or, without one,
/// Microsoft Entra ID (the EventGrid Data Sender role). Not set: the in-process bus.
/// </summary>
public sealed class EventGridOptions
{
    public const string Section = "Sora:Events";

    public Uri? TopicEndpoint { get; set; }

    public string? Key { get; set; }

    public EventGridPublisherClient CreateClient(Uri endpoint) =>
        string.IsNullOrEmpty(Key)
            ? new EventGridPublisherClient(endpoint, new DefaultAzureCredential())
            : new EventGridPublisherClient(endpoint, new AzureKeyCredential(Key));
}

/// <summary>
/// Publishes to an Event Grid topic as CloudEvents 1.0 (structured JSON batches); the outbox relay calls it and marks
/// events delivered only after the topic accepted them, so delivery is at least once.
/// </summary>
public sealed class EventGridPublisher(EventGridPublisherClient client) : IEventPublisher
{
    /// <summary>Events per request, well under Event Grid's 1 MB batch limit for this service's small events.</summary>
    private const int BatchSize = 100;

    public async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        foreach (var batch in events.Chunk(BatchSize))
        {
            await client.SendEventsAsync(batch.Select(ToCloudEvent), cancellation);
        }
    }

    public static global::Azure.Messaging.CloudEvent ToCloudEvent(CloudEvent cloudEvent) =>
        new(cloudEvent.Source, cloudEvent.Type, cloudEvent.Data is { } data ? BinaryData.FromString(data.GetRawText()) : null,
            cloudEvent.DataContentType, CloudEventDataFormat.Json)
        {
            Id = cloudEvent.Id,
            Subject = cloudEvent.Subject,
            Time = cloudEvent.Time,
        };
}
