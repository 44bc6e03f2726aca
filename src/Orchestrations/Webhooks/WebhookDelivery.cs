using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Orchestrations.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Sora:Webhooks";

    /// <summary>
    /// The waits before each try after the first, as Standard Webhooks suggests: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
    /// 10 h — eight tries over a little more than a day.
    /// </summary>
    public List<TimeSpan> Retries { get; set; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>How long one try waits for the endpoint's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether endpoints may be on this machine or a private network (and plain http): off, so that a member's URL
    /// can't reach what only this service should (loopback, private, link-local and unique-local addresses are refused
    /// when the connection is made, whatever the name resolved to). On for a service and its receivers on one network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}

/// <summary>
/// Turns the events a member would want to hear of into deliveries to each of their endpoints that asked for them,
/// and starts a <see cref="DeliverWebhookOrchestration"/> for each (its instance id is the delivery's id, so a
/// redelivered event starts nothing new).
/// </summary>
public sealed class WebhookDispatcher(
    IWebhookStore webhooks, IVideoStore videos, IMemberStore members, IRelationStore relations, OrchestrationClient orchestrations,
    IOptions<WebhookOptions> options)
    : IEventHandler
{
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        if (await MessageOfAsync(cloudEvent, cancellation) is not var (memberId, name, data) || await members.GetAsync(memberId, cancellation) is not { IsActive: true }
            || (ActorOf(cloudEvent) is { } actor && actor != memberId && (await relations.BetweenAsync(memberId, actor, cancellation)).Hidden))
        {
            return;
        }

        var body = EventBody(CloudEvents.NewsIdOf(cloudEvent), name, cloudEvent.Time, data);
        foreach (var endpoint in await webhooks.ListEndpointsAsync(memberId, cancellation))
        {
            if (!endpoint.Events.Contains(name))
            {
                continue;
            }

            var delivery = new WebhookDelivery(
                WebhookDelivery.IdFor(CloudEvents.NewsIdOf(cloudEvent), endpoint.Id), endpoint.Id, memberId, name, body, cloudEvent.Time, DeliveryStatus.Pending, []);
            await webhooks.TryAddDeliveryAsync(delivery, cancellation);
            try
            {
                await orchestrations.ScheduleNewOrchestrationInstanceAsync(
                    nameof(DeliverWebhookOrchestration), new DeliverWebhookInput(delivery.Id, options.Value.Retries), new StartOrchestrationOptions(delivery.Id), cancellation);
            }
            catch (OrchestrationAlreadyExistsException)
            {
                // Started when this event came the first time.
            }
        }
    }

    /// <summary>
    /// A delivery's body, in OpenAI's event shape: <c>{"id": "evt_…", "object": "event", "created_at", "type", "data"}</c>,
    /// the data's <c>id</c> naming what the event is about; the event's id is the same for every endpoint and every try.
    /// </summary>
    public static string EventBody(string newsId, string type, DateTimeOffset at, object data) => JsonSerializer.Serialize(
        new
        {
            id = $"evt_{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(newsId)))[..32]}",
            @object = "event",
            created_at = at.ToUnixTimeSeconds(),
            type,
            data,
        },
        BodyJson);

    /// <summary>The member whose doing the event tells of (a liker, a commenter, a follower, a remixer), if any: nothing of theirs reaches someone hidden from them by a block.</summary>
    private static string? ActorOf(CloudEvent cloudEvent) => cloudEvent.Type switch
    {
        EventTypes.VideoLiked or EventTypes.CommentAdded => Data<EngagementData>(cloudEvent)?.MemberId,
        EventTypes.MemberFollowed => Data<RelationData>(cloudEvent)?.From,
        EventTypes.VideoPosted => Data<VideoPostedData>(cloudEvent)?.OwnerId,
        _ => null,
    };

    /// <summary>Who hears of the event, as which webhook event, with what data; null for events no webhook carries.</summary>
    private async Task<(string MemberId, string Name, object Data)?> MessageOfAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        switch (cloudEvent.Type)
        {
            case EventTypes.VideoPublished when Data<VideoPublishedData>(cloudEvent) is { } published:
                return await VideoMessageAsync(published.VideoId, "video.completed", cancellation);
            case EventTypes.VideoFailed or EventTypes.VideoCancelled when Data<VideoEndedData>(cloudEvent) is { } ended:
                return await VideoMessageAsync(ended.VideoId, "video.failed", cancellation);
            case EventTypes.VideoLiked when Data<EngagementData>(cloudEvent) is { } like && like.MemberId != like.OwnerId:
                return (like.OwnerId, "video.liked", new { Id = like.VideoId, Member = await UsernameAsync(like.MemberId, cancellation) });
            case EventTypes.CommentAdded when Data<EngagementData>(cloudEvent) is { } comment && comment.MemberId != comment.OwnerId:
                return (comment.OwnerId, "comment.added", new { Id = comment.CommentId, VideoId = comment.VideoId, Member = await UsernameAsync(comment.MemberId, cancellation) });
            case EventTypes.MemberFollowed when Data<RelationData>(cloudEvent) is { } follow:
                // What a follow is about is the new follower.
                var follower = await UsernameAsync(follow.From, cancellation);
                return (follow.To, "member.followed", new { Id = follower, Member = follower });
            case EventTypes.VideoPosted when Data<VideoPostedData>(cloudEvent) is { RemixedAuthorId: { } author, RemixedVideoId: { } remixed } remix && author != remix.OwnerId:
                return (author, "video.remixed", new { Id = remix.VideoId, RemixedVideoId = remixed, Member = await UsernameAsync(remix.OwnerId, cancellation) });
            case EventTypes.CameoUsed when Data<CameoEventData>(cloudEvent) is { VideoId: { } videoId } cameo:
                return (cameo.OwnerId, "cameo.used", new { Id = videoId, CameoId = cameo.CameoId });
            default:
                return null;
        }
    }

    private async Task<(string, string, object)?> VideoMessageAsync(string videoId, string name, CancellationToken cancellation) =>
        await videos.GetAsync(videoId, cancellation) is { } video
            ? (video.OwnerId, name, new
            {
                Id = video.Id,
                Status = video.Status.ToString().ToLowerInvariant(),
                Error = video.Error is { } error ? new { error.Code, error.Message } : null,
            })
            : null;

    private async Task<string?> UsernameAsync(string memberId, CancellationToken cancellation) =>
        (await members.GetAsync(memberId, cancellation))?.Username;

    private static T? Data<T>(CloudEvent cloudEvent) => cloudEvent.Data is { } data ? data.Deserialize<T>(EventJson) : default;
}

public sealed record DeliverWebhookInput(string DeliveryId, IReadOnlyList<TimeSpan> Retries);

public sealed record SendWebhookInput(string DeliveryId, bool Last);

/// <summary>
/// One delivery, tried until the endpoint takes it (a 2xx) or the last retry has failed, with durable timers between
/// the tries, so the schedule survives restarts; each try is recorded on the delivery.
/// </summary>
public sealed class DeliverWebhookOrchestration : Orchestrator<DeliverWebhookInput, DeliveryStatus>
{
    public override async Task<DeliveryStatus> RunAsync(OrchestrationContext context, DeliverWebhookInput input)
    {
        for (var attempt = 0; ; attempt++)
        {
            var last = attempt == input.Retries.Count;
            var status = await context.CallActivityAsync<DeliveryStatus>(nameof(SendWebhookActivity), new SendWebhookInput(input.DeliveryId, last));
            if (status != DeliveryStatus.Pending)
            {
                return status;
            }

            await context.CreateTimer(input.Retries[attempt], CancellationToken.None);
        }
    }
}

/// <summary>
/// One try: posts the delivery's body to its endpoint, signed as Standard Webhooks specifies (<c>webhook-id</c>,
/// <c>webhook-timestamp</c>, <c>webhook-signature</c>), and records what came back. A deleted endpoint ends the delivery.
/// </summary>
public sealed class SendWebhookActivity(IWebhookStore webhooks, WebhookSender sender, TimeProvider time) : Activity<SendWebhookInput, DeliveryStatus>
{
    public override async Task<DeliveryStatus> RunAsync(TaskActivityContext context, SendWebhookInput input)
    {
        var delivery = await webhooks.GetDeliveryAsync(input.DeliveryId, context.CancellationToken)
            ?? throw new InvalidOperationException($"Delivery {input.DeliveryId} has no record.");
        if (delivery.Status != DeliveryStatus.Pending)
        {
            return delivery.Status; // recorded by a try whose answer was lost
        }

        var endpoint = await webhooks.GetEndpointAsync(delivery.EndpointId, context.CancellationToken);
        var attempt = endpoint is null
            ? new WebhookAttempt(time.GetUtcNow(), null, "The endpoint was deleted.", 0)
            : await sender.SendAsync(endpoint, delivery, context.CancellationToken);
        var tried = delivery.With(attempt, input.Last || endpoint is null);
        await webhooks.SaveDeliveryAsync(tried, context.CancellationToken);
        return tried.Status;
    }
}

/// <summary>Posts signed deliveries, refusing (unless allowed) to connect to this machine or a private network.</summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient http;
    private readonly TimeProvider time;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider time)
    {
        this.time = time;
        var allowPrivate = options.Value.AllowPrivateNetworks;
        http = new HttpClient(PublicNetwork.Handler(options.Value.AllowPrivateNetworks))
        { Timeout = options.Value.Timeout };
    }

    public async Task<WebhookAttempt> SendAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken cancellation)
    {
        var at = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", delivery.Id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", endpoint.Sign(delivery.Id, at, delivery.Body));
        try
        {
            // Only the status matters: the answer's body is never read (disposing the response drops it, however large).
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            return new WebhookAttempt(at, (int)response.StatusCode, null, Math.Round(clock.Elapsed.TotalMilliseconds, 1));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return new WebhookAttempt(at, null, WhatHappened(exception), Math.Round(clock.Elapsed.TotalMilliseconds, 1));
        }
    }

    /// <summary>Why a try got no answer, as its endpoint's owner reads it in the delivery log: what happened, not the internals.</summary>
    private string WhatHappened(Exception exception) => exception switch
    {
        TaskCanceledException => $"No answer within {http.Timeout.TotalSeconds:0} seconds.",
        HttpRequestException { InnerException: PrivateNetworkException } => "Refused: the endpoint's address is not on a public network.",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "The endpoint's host name did not resolve.",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "The endpoint refused the connection, or could not be reached.",
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "The secure connection failed (the endpoint's certificate or TLS).",
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse } => "The endpoint's answer was not valid HTTP.",
        _ => "The delivery did not reach the endpoint.",
    };

    public void Dispose() => http.Dispose();
}

public static class WebhookServiceCollectionExtensions
{
    /// <summary>Webhook deliveries (their orchestration, activity and sender) with the options in <c>Sora:Webhooks</c>; the host registers the store and the dispatcher.</summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddOrchestrations(registry => registry.AddOrchestrator<DeliverWebhookOrchestration>().AddActivity<SendWebhookActivity>());
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebhookSender>();
        return services;
    }
}
