using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Webhooks;

namespace SoraFunctions.Api;

/// <summary>
/// <c>/v1/webhook_endpoints</c>, as OpenAI's webhooks API has them: a member's endpoints (at most
/// <see cref="WebhookEndpoint.MaxPerMember"/>), each with a name, the event types it takes and its signing secret, shown
/// when it is made or rotated; changed, tested with a sample event, deleted; and, beyond OpenAI's, each endpoint's
/// deliveries with every try. Only its member sees an endpoint (404 for anyone else).
/// </summary>
public static class WebhooksApi
{
    public const int MaxDeliveriesListed = 100;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var endpoints = routes.MemberGroup("/v1/webhook_endpoints");
        endpoints.MapPost("/", CreateAsync).AcceptsJson<EndpointBody>().Produces<EndpointObject>(StatusCodes.Status201Created);
        endpoints.MapGet("/", ListAsync).Produces<EndpointPage>();
        endpoints.MapGet("/{id}", GetAsync).Produces<EndpointObject>();
        endpoints.MapPost("/{id}", UpdateAsync).AcceptsJson<EndpointBody>().Produces<EndpointObject>();
        endpoints.MapDelete("/{id}", DeleteAsync).Produces<DeletedObject>();
        endpoints.MapPost("/{id}/rotate_secret", RotateSecretAsync).AcceptsJson<RotateBody>().Produces<EndpointObject>();
        endpoints.MapPost("/{id}/test", TestAsync).AcceptsJson<TestBody>().Produces<TestResultObject>();
        endpoints.MapGet("/{id}/deliveries", DeliveriesAsync).Produces<ListObject<DeliveryObject>>();
        routes.MemberGroup("/v1/webhook_event_types").MapGet("/", EventTypes).Produces<ListObject<string>>();
        return routes;
    }

    public sealed record EndpointBody(string? Name, string? Url, IReadOnlyList<string>? EventTypes);

    public sealed record RotateBody([property: JsonPropertyName("keep_old_secret_active_for_24_hours")] bool? KeepOldSecretActiveFor24Hours);

    public sealed record TestBody(string? EventType);

    /// <summary><c>{"name", "url", "event_types"}</c>: 201 with the endpoint and its <c>signing_secret</c>, which is not shown again.</summary>
    public static async Task<IResult> CreateAsync(
        HttpRequest request, Caller caller, IWebhookStore webhooks, IOptions<WebhookOptions> options, TimeProvider time, CancellationToken cancellation)
    {
        var body = await AccountsApi.ReadAsync<EndpointBody>(request, cancellation);
        var endpoint = WebhookEndpoint.Register(caller.Member.Id, body.Name, body.Url, body.EventTypes, options.Value.AllowPrivateNetworks, time.GetUtcNow());
        await RefusePrivateAsync(endpoint, options, cancellation);
        if (!await webhooks.TryAddEndpointAsync(endpoint, cancellation))
        {
            throw new RequestRejectedException(new VideoError(WebhookCodes.TooMany, $"A member has at most {WebhookEndpoint.MaxPerMember} webhook endpoints."));
        }

        return TypedResults.Json(EndpointObject.From(endpoint) with { SigningSecret = endpoint.Secret }, VideoObject.Json, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The caller's endpoints, newest first, in pages of <c>limit</c> (20; at most the <see cref="WebhookEndpoint.MaxPerMember"/> they may have) after <c>after</c>.</summary>
    public static async Task<IResult> ListAsync(Caller caller, IWebhookStore webhooks, string? limit, string? after, CancellationToken cancellation)
    {
        var size = VideosApi.PageSize(limit);
        var newest = (await webhooks.ListEndpointsAsync(caller.Member.Id, cancellation)).Reverse().ToList();
        var rest = after is null ? newest : newest.SkipWhile(endpoint => endpoint.Id != after).Skip(1).ToList();
        var page = rest.Take(size).Select(EndpointObject.From).ToList();
        return TypedResults.Json(new EndpointPage(page, rest.Count > size), VideoObject.Json);
    }

    public static async Task<IResult> GetAsync(string id, Caller caller, IWebhookStore webhooks, CancellationToken cancellation) =>
        TypedResults.Json(EndpointObject.From(await OwnAsync(id, caller, webhooks, cancellation)), VideoObject.Json);

    /// <summary><c>{"name", "url", "event_types"}</c>, each optional: the endpoint as changed (<c>updated_at</c> moves only when something did).</summary>
    public static async Task<IResult> UpdateAsync(
        string id, HttpRequest request, Caller caller, IWebhookStore webhooks, IOptions<WebhookOptions> options, TimeProvider time, CancellationToken cancellation)
    {
        var body = request.ContentLength == 0 ? new EndpointBody(null, null, null) : await AccountsApi.ReadAsync<EndpointBody>(request, cancellation);
        var endpoint = await OwnAsync(id, caller, webhooks, cancellation);
        var changed = endpoint.Changed(body.Name, body.Url, body.EventTypes, options.Value.AllowPrivateNetworks, time.GetUtcNow());
        if (changed != endpoint)
        {
            await RefusePrivateAsync(changed, options, cancellation);
            await SaveAsync(changed, webhooks, cancellation);
        }

        return TypedResults.Json(EndpointObject.From(changed), VideoObject.Json);
    }

    /// <summary>
    /// A new signing secret, shown in the answer; <c>{"keep_old_secret_active_for_24_hours": true}</c> signs with the old
    /// one beside it for a day (Standard Webhooks' space-separated signatures), so a receiver switches without a gap.
    /// </summary>
    public static async Task<IResult> RotateSecretAsync(
        string id, HttpRequest request, Caller caller, IWebhookStore webhooks, TimeProvider time, CancellationToken cancellation)
    {
        var body = request.ContentLength == 0 ? new RotateBody(null) : await AccountsApi.ReadAsync<RotateBody>(request, cancellation);
        var rotated = (await OwnAsync(id, caller, webhooks, cancellation)).Rotated(body.KeepOldSecretActiveFor24Hours ?? false, time.GetUtcNow());
        await SaveAsync(rotated, webhooks, cancellation);
        return TypedResults.Json(EndpointObject.From(rotated) with { SigningSecret = rotated.Secret }, VideoObject.Json);
    }

    /// <summary>
    /// Sends a sample event of <c>event_type</c> to the endpoint now, signed as every delivery is, and answers what the
    /// endpoint answered (<c>status_code</c>; null with <c>error</c> when it gave no answer). Nothing is retried or kept.
    /// </summary>
    public static async Task<IResult> TestAsync(
        string id, HttpRequest request, Caller caller, IWebhookStore webhooks, WebhookSender sender, TimeProvider time, CancellationToken cancellation)
    {
        var body = await AccountsApi.ReadAsync<TestBody>(request, cancellation);
        var endpoint = await OwnAsync(id, caller, webhooks, cancellation);
        if (body.EventType is not { } type || !WebhookEndpoint.EventNames.Contains(type))
        {
            throw new RequestRejectedException(
                new VideoError(WebhookCodes.EventsInvalid, $"event_type is one of: {string.Join(", ", WebhookEndpoint.EventNames)}."), WebhookEndpoint.EventNames);
        }

        var now = time.GetUtcNow();
        var sample = $"test_{Guid.NewGuid():N}";
        var delivery = new WebhookDelivery(
            $"msg_{sample}", endpoint.Id, endpoint.MemberId, type, WebhookDispatcher.EventBody(sample, type, now, new { Id = sample }), now, DeliveryStatus.Pending, []);
        var attempt = await sender.SendAsync(endpoint, delivery, cancellation);
        return TypedResults.Json(new TestResultObject(endpoint.Id, type, attempt.StatusCode, attempt.Error), VideoObject.Json);
    }

    /// <summary>Deletes the endpoint: nothing more is sent to it, deliveries under way included.</summary>
    public static async Task<IResult> DeleteAsync(string id, Caller caller, IWebhookStore webhooks, CancellationToken cancellation) =>
        await webhooks.DeleteEndpointAsync(caller.Member.Id, id, cancellation)
            ? TypedResults.Json(new DeletedObject(id, "webhook_endpoint.deleted"), VideoObject.Json)
            : throw NotFound(id);

    /// <summary>The endpoint's latest deliveries, newest first, each with its tries.</summary>
    public static async Task<IResult> DeliveriesAsync(string id, Caller caller, IWebhookStore webhooks, CancellationToken cancellation)
    {
        await OwnAsync(id, caller, webhooks, cancellation);
        return TypedResults.Json(
            new ListObject<DeliveryObject>([.. (await webhooks.ListDeliveriesAsync(id, MaxDeliveriesListed, cancellation)).Select(DeliveryObject.From)]), VideoObject.Json);
    }

    /// <summary>The event types an endpoint may take.</summary>
    public static IResult EventTypes() => TypedResults.Json(new ListObject<string>(WebhookEndpoint.EventNames), VideoObject.Json);

    private static async Task<WebhookEndpoint> OwnAsync(string id, Caller caller, IWebhookStore webhooks, CancellationToken cancellation) =>
        await webhooks.GetEndpointAsync(id, cancellation) is { } endpoint && endpoint.MemberId == caller.Member.Id ? endpoint : throw NotFound(id);

    private static async Task SaveAsync(WebhookEndpoint endpoint, IWebhookStore webhooks, CancellationToken cancellation)
    {
        if (!await webhooks.SaveEndpointAsync(endpoint, cancellation))
        {
            throw NotFound(endpoint.Id); // deleted meanwhile
        }
    }

    /// <summary>A URL that only reaches this machine or a private network is refused when it is given, as its deliveries would be.</summary>
    private static async Task RefusePrivateAsync(WebhookEndpoint endpoint, IOptions<WebhookOptions> options, CancellationToken cancellation)
    {
        if (!options.Value.AllowPrivateNetworks && await PublicNetwork.RefusesAsync(new Uri(endpoint.Url), cancellation))
        {
            throw new RequestRejectedException(new VideoError(WebhookCodes.UrlInvalid, "url must reach a public network: its host is this machine or a private network."));
        }
    }

    private static RequestRejectedException NotFound(string id) => new(new VideoError(WebhookCodes.NotFound, $"You have no webhook endpoint '{id}'."));
}

/// <summary>An endpoint in OpenAI's shape; <c>signing_secret</c> only in the answer that made or rotated it.</summary>
public sealed record EndpointObject(string Id, string Name, string Url, IReadOnlyList<string> EventTypes, string SigningSecretHint, long CreatedAt, long UpdatedAt)
{
    [JsonPropertyOrder(-1)]
    public string Object => "webhook_endpoint";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SigningSecret { get; init; }

    public static EndpointObject From(WebhookEndpoint endpoint) => new(
        endpoint.Id, endpoint.Name, endpoint.Url, endpoint.Events, endpoint.SecretHint, endpoint.CreatedAt.ToUnixTimeSeconds(),
        (endpoint.UpdatedAt ?? endpoint.CreatedAt).ToUnixTimeSeconds());
}

/// <summary>What a test delivery got: the endpoint's status code, or why there was none.</summary>
public sealed record TestResultObject(string WebhookEndpointId, string EventType, int? StatusCode, string? Error)
{
    [JsonPropertyOrder(-1)]
    public string Object => "webhook_endpoint.test";

    public bool Success => true;
}

/// <summary>A page of endpoints, as OpenAI's cursor lists are: <c>data</c>, <c>has_more</c>, and the first and last ids.</summary>
public sealed record EndpointPage(IReadOnlyList<EndpointObject> Data, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";

    public string? FirstId => Data.Count > 0 ? Data[0].Id : null;

    public string? LastId => Data.Count > 0 ? Data[^1].Id : null;
}

public sealed record AttemptObject(long At, int? StatusCode, string? Error, double Milliseconds);

public sealed record DeliveryObject(string Id, string Type, string Status, long CreatedAt, IReadOnlyList<AttemptObject> Attempts)
{
    [JsonPropertyOrder(-1)]
    public string Object => "webhook_delivery";

    public static DeliveryObject From(WebhookDelivery delivery) => new(
        delivery.Id, delivery.Type, Moderation.Name(delivery.Status), delivery.CreatedAt.ToUnixTimeSeconds(),
        [.. delivery.Attempts.Select(attempt => new AttemptObject(attempt.At.ToUnixTimeSeconds(), attempt.StatusCode, attempt.Error, attempt.Milliseconds))]);
}
