using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Social;

/// <summary>
/// Where a member wants to hear of events, as the Standard Webhooks spec has it: a URL, the event names it takes, and
/// the signing secret (<c>whsec_</c> and 24 random bytes in base64) that signs each delivery. The secret is kept as it
/// is (signing needs it) and shown to its member once, when the endpoint is made.
/// </summary>
public sealed record WebhookEndpoint(string Id, string MemberId, string Url, IReadOnlyList<string> Events, string Secret, DateTimeOffset CreatedAt)
{
    public const int MaxPerMember = 10;
    public const int MaxUrlLength = 2048;

    /// <summary>The event names an endpoint may ask for.</summary>
    public static IReadOnlyList<string> EventNames { get; } =
        ["video.completed", "video.failed", "video.liked", "comment.added", "member.followed", "video.remixed", "cameo.used"];

    /// <summary>A new endpoint; throws <see cref="RequestRejectedException"/> for a URL that is not absolute http(s) or events it doesn't know.</summary>
    public static WebhookEndpoint Register(string memberId, string? url, IReadOnlyList<string>? events, bool allowPlainHttp, DateTimeOffset at)
    {
        if (url is null || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (allowPlainHttp && uri.Scheme == Uri.UriSchemeHttp)) || uri.UserInfo.Length > 0)
        {
            throw Rejected(WebhookCodes.UrlInvalid, allowPlainHttp
                ? "url must be an absolute http or https URL without credentials."
                : "url must be an absolute https URL without credentials.");
        }

        if (events is not { Count: > 0 } || events.Any(name => !EventNames.Contains(name)))
        {
            throw new RequestRejectedException(
                new VideoError(WebhookCodes.EventsInvalid, $"events lists at least one of: {string.Join(", ", EventNames)}."), EventNames);
        }

        return new WebhookEndpoint(
            $"whep_{Guid.NewGuid():N}", memberId, uri.AbsoluteUri, [.. events.Distinct()], $"whsec_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))}", at);
    }

    /// <summary>
    /// The Standard Webhooks signature of a delivery: <c>v1,</c> and the base64 HMAC-SHA256, keyed with the secret's
    /// bytes (base64 after <c>whsec_</c>), of <c>{id}.{unix seconds}.{body}</c>.
    /// </summary>
    public string Sign(string messageId, DateTimeOffset timestamp, string body)
    {
        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToUnixTimeSeconds()}.{body}");
        return $"v1,{Convert.ToBase64String(HMACSHA256.HashData(key, signed))}";
    }

    private static RequestRejectedException Rejected(string code, string message) => new(new VideoError(code, message));
}

[JsonConverter(typeof(JsonStringEnumConverter<DeliveryStatus>))]
public enum DeliveryStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending,
    [JsonStringEnumMemberName("delivered")]
    Delivered,
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>One try at delivering: when, what the endpoint answered (its status, or why there was none), how long it took.</summary>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, string? Error, double Milliseconds);

/// <summary>
/// One event for one endpoint: its id (the <c>webhook-id</c>, the same for every try, so a receiver can drop a
/// repeat), its name, the JSON body sent, and each try so far. Its id comes from the event and the endpoint, so an event
/// delivered twice to this service makes one delivery.
/// </summary>
public sealed record WebhookDelivery(
    string Id, string EndpointId, string MemberId, string Type, string Body, DateTimeOffset CreatedAt, DeliveryStatus Status, IReadOnlyList<WebhookAttempt> Attempts)
{
    public static string IdFor(string eventId, string endpointId) =>
        $"msg_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId}|{endpointId}")))[..32]}";

    /// <summary>The delivery with one more try recorded, delivered when it succeeded, failed when it was the last.</summary>
    public WebhookDelivery With(WebhookAttempt attempt, bool last) => this with
    {
        Attempts = [.. Attempts, attempt],
        Status = attempt.StatusCode is >= 200 and < 300 ? DeliveryStatus.Delivered : last ? DeliveryStatus.Failed : DeliveryStatus.Pending,
    };
}

/// <summary>Members' webhook endpoints and their deliveries.</summary>
public interface IWebhookStore
{
    /// <summary>Adds the endpoint unless its member has <see cref="WebhookEndpoint.MaxPerMember"/> already (false then).</summary>
    Task<bool> TryAddEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellation = default);

    /// <summary>The member's endpoints, oldest first.</summary>
    Task<IReadOnlyList<WebhookEndpoint>> ListEndpointsAsync(string memberId, CancellationToken cancellation = default);

    Task<WebhookEndpoint?> GetEndpointAsync(string endpointId, CancellationToken cancellation = default);

    /// <summary>Deletes the member's endpoint (its deliveries stop); false when they have no such endpoint.</summary>
    Task<bool> DeleteEndpointAsync(string memberId, string endpointId, CancellationToken cancellation = default);

    /// <summary>Adds the delivery; false when one with its id exists (a redelivered event).</summary>
    Task<bool> TryAddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellation = default);

    Task<WebhookDelivery?> GetDeliveryAsync(string deliveryId, CancellationToken cancellation = default);

    Task SaveDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellation = default);

    /// <summary>The endpoint's deliveries, newest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string endpointId, int limit, CancellationToken cancellation = default);
}

public static class WebhookCodes
{
    public const string UrlInvalid = "WEBHOOK.URL_INVALID";
    public const string EventsInvalid = "WEBHOOK.EVENTS_INVALID";
    public const string TooMany = "WEBHOOK.TOO_MANY";
    public const string NotFound = "WEBHOOK.NOT_FOUND";
}
