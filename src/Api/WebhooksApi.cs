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
/// <c>/v1/webhooks</c>: a member's endpoints (at most <see cref="WebhookEndpoint.MaxPerMember"/>), each with the events
/// it takes and its signing secret, shown once; and each endpoint's deliveries with every try. Only its member sees an
/// endpoint (404 for anyone else).
/// </summary>
public static class WebhooksApi
{
    public const int MaxDeliveriesListed = 100;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MemberGroup("/v1/webhooks");
        webhooks.MapPost("/", RegisterAsync);
        webhooks.MapGet("/", ListAsync);
        webhooks.MapDelete("/{id}", DeleteAsync);
        webhooks.MapGet("/{id}/deliveries", DeliveriesAsync);
        return routes;
    }

    public sealed record RegisterBody(string? Url, IReadOnlyList<string>? Events);

    /// <summary><c>{"url", "events"}</c>: 201 with the endpoint and its <c>secret</c>, which is not shown again.</summary>
    public static async Task<IResult> RegisterAsync(
        HttpRequest request, Caller caller, IWebhookStore webhooks, IOptions<WebhookOptions> options, TimeProvider time, CancellationToken cancellation)
    {
        var body = await AccountsApi.ReadAsync<RegisterBody>(request, cancellation);
        var endpoint = WebhookEndpoint.Register(caller.Member.Id, body.Url, body.Events, options.Value.AllowPrivateNetworks, time.GetUtcNow());
        if (!options.Value.AllowPrivateNetworks && await PublicNetwork.RefusesAsync(new Uri(endpoint.Url), cancellation))
        {
            throw new RequestRejectedException(new VideoError(WebhookCodes.UrlInvalid, "url must reach a public network: its host is this machine or a private network."));
        }

        if (!await webhooks.TryAddEndpointAsync(endpoint, cancellation))
        {
            throw new RequestRejectedException(new VideoError(WebhookCodes.TooMany, $"A member has at most {WebhookEndpoint.MaxPerMember} webhook endpoints."));
        }

        return TypedResults.Json(EndpointObject.From(endpoint) with { Secret = endpoint.Secret }, VideoObject.Json, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> ListAsync(Caller caller, IWebhookStore webhooks, CancellationToken cancellation) =>
        TypedResults.Json(new ListObject<EndpointObject>([.. (await webhooks.ListEndpointsAsync(caller.Member.Id, cancellation)).Select(EndpointObject.From)]), VideoObject.Json);

    /// <summary>Deletes the endpoint: nothing more is sent to it, deliveries under way included.</summary>
    public static async Task<IResult> DeleteAsync(string id, Caller caller, IWebhookStore webhooks, CancellationToken cancellation) =>
        await webhooks.DeleteEndpointAsync(caller.Member.Id, id, cancellation)
            ? TypedResults.Json(new DeletedObject(id, "webhook_endpoint.deleted"), VideoObject.Json)
            : throw NotFound(id);

    /// <summary>The endpoint's latest deliveries, newest first, each with its tries.</summary>
    public static async Task<IResult> DeliveriesAsync(string id, Caller caller, IWebhookStore webhooks, CancellationToken cancellation)
    {
        if (await webhooks.GetEndpointAsync(id, cancellation) is not { } endpoint || endpoint.MemberId != caller.Member.Id)
        {
            throw NotFound(id);
        }

        return TypedResults.Json(
            new ListObject<DeliveryObject>([.. (await webhooks.ListDeliveriesAsync(id, MaxDeliveriesListed, cancellation)).Select(DeliveryObject.From)]), VideoObject.Json);
    }

    private static RequestRejectedException NotFound(string id) => new(new VideoError(WebhookCodes.NotFound, $"You have no webhook endpoint '{id}'."));
}

public sealed record EndpointObject(string Id, string Url, IReadOnlyList<string> Events, long CreatedAt)
{
    [JsonPropertyOrder(-1)]
    public string Object => "webhook_endpoint";

    /// <summary>The signing secret, answered once, when the endpoint is made.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    public static EndpointObject From(WebhookEndpoint endpoint) => new(endpoint.Id, endpoint.Url, endpoint.Events, endpoint.CreatedAt.ToUnixTimeSeconds());
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
