using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using CloudEvent = SoraFunctions.Core.Events.CloudEvent;

namespace SoraFunctions.Azure.Events;

/// <summary>
/// The Storage queue events travel through between instances (section <see cref="Section"/>): every instance drains it
/// and each event is handled by one of them. On Azure, Event Grid's subscription delivers to it (a Storage queue is one
/// of its event handlers); where there is no Event Grid (the cloud profile on emulators), the outbox relay puts events
/// there itself, in the same CloudEvents JSON.
/// </summary>
public sealed class EventQueueOptions
{
    public const string Section = "Sora:EventQueue";

    /// <summary>The Storage account's connection string; none means events stay in the process (or go to Event Grid).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The queue infra/bicep makes, which the Functions app's Events trigger drains.</summary>
    public const string DefaultQueueName = "sora-events";

    public string QueueName { get; set; } = DefaultQueueName;

    /// <summary>How long an event taken by an instance stays hidden from the others: how soon another handles one whose instance died.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deliveries before an event that keeps failing is set aside in <c>{queue}-poison</c>, as the Functions host does.</summary>
    public int MaxDeliveries { get; set; } = 5;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);

    public QueueClient CreateClient(string? suffix = null) => new(
        ConnectionString ?? throw new InvalidOperationException($"{Section}:ConnectionString is required."), QueueName + suffix);
}

/// <summary>Puts events on the queue, one message each, as Event Grid delivers them there: CloudEvents JSON, base64 (what the Functions host's queue trigger reads).</summary>
public sealed class EventQueuePublisher(QueueClient queue) : IEventPublisher
{
    private bool created;

    public async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        if (!created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellation);
            created = true;
        }

        foreach (var cloudEvent in events)
        {
            await queue.SendMessageAsync(Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(EventGridPublisher.ToCloudEvent(cloudEvent))), cancellation);
        }
    }

    /// <summary>
    /// The event a message carries: CloudEvents JSON, base64-encoded or as it is, its data fitting its type (else
    /// <see cref="FormatException"/>).
    /// </summary>
    public static CloudEvent Read(string message)
    {
        var text = message.TrimStart();
        var json = text.StartsWith('{') ? text : Encoding.UTF8.GetString(Convert.FromBase64String(text));
        using var document = JsonDocument.Parse(json);
        var cloudEvent = CloudEvents.Parse(document.RootElement);
        return EventData.Misfit(cloudEvent) is { } misfit ? throw new FormatException(misfit) : cloudEvent;
    }
}

/// <summary>
/// Drains the event queue into this instance's handlers, beside every other instance draining it: a message taken is
/// hidden from the others for <see cref="EventQueueOptions.VisibilityTimeout"/> and deleted once every handler has
/// run, so an instance that dies mid-way leaves it to another (at least once: the handlers tolerate a repeat). A
/// message that is not an event, or that failed <see cref="EventQueueOptions.MaxDeliveries"/> times, is set aside in
/// the poison queue.
/// </summary>
public sealed partial class EventQueueReceiver(EventQueueOptions options, IEnumerable<IEventHandler> handlers, ILogger<EventQueueReceiver> logger)
    : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestIdlePoll = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<IEventHandler> handlers = [.. handlers];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = options.CreateClient();
        var poison = options.CreateClient("-poison");
        var idle = IdlePoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    QueueMessage[] messages = (await queue.ReceiveMessagesAsync(16, options.VisibilityTimeout, stoppingToken)).Value;
                    foreach (var message in messages)
                    {
                        await HandleAsync(queue, poison, message, stoppingToken);
                    }

                    idle = messages.Length > 0 ? IdlePoll : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, LongestIdlePoll.Ticks));
                    if (messages.Length == 0)
                    {
                        await Task.Delay(idle, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogReceiveFailed(exception);
                await Task.Delay(LongestIdlePoll, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken cancellation)
    {
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = EventQueuePublisher.Read(message.MessageText);
        }
        catch (Exception malformed) when (malformed is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            LogSetAside(message.MessageId, malformed.Message);
            await SetAsideAsync(queue, poison, message, cancellation);
            return;
        }

        if (message.DequeueCount > options.MaxDeliveries)
        {
            LogSetAside(message.MessageId, $"{cloudEvent.Type} {cloudEvent.Id} failed {message.DequeueCount - 1} deliveries");
            await SetAsideAsync(queue, poison, message, cancellation);
            return;
        }

        try
        {
            foreach (var handler in handlers)
            {
                await handler.HandleAsync(cloudEvent, cancellation);
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Left on the queue: it shows again after its visibility timeout, here or on another instance.
            LogHandlingFailed(failure, cloudEvent.Type, cloudEvent.Id, message.DequeueCount);
            return;
        }

        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellation);
    }

    private static async Task SetAsideAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken cancellation)
    {
        await poison.SendMessageAsync(message.MessageText, cancellation);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellation);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving events from the queue failed; trying again shortly")]
    private partial void LogReceiveFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling {Type} {Id} failed (delivery {Delivery}); it is delivered again")]
    private partial void LogHandlingFailed(Exception exception, string type, string id, long delivery);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} was set aside in the poison queue: {Reason}")]
    private partial void LogSetAside(string messageId, string reason);
}
