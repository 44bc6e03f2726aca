using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Social;

/// <summary>
/// Where a member wants to hear of events, as the Standard Webhooks spec has it: a name, a URL, the event types it takes,
/// and the signing secret (<c>whsec_</c> and 24 random bytes in base64) that signs each delivery. The secret is kept as
/// it is (signing needs it) and shown to its member once, when the endpoint is made or its secret rotated; a secret
/// rotated out may keep signing beside the new one for a day (<see cref="PreviousSecretUntil"/>), so receivers can
/// switch without losing a delivery.
/// </summary>
public sealed record WebhookEndpoint(
    string Id, string MemberId, string Url, IReadOnlyList<string> Events, string Secret, DateTimeOffset CreatedAt,
    string Name = "", DateTimeOffset? UpdatedAt = null, string? PreviousSecret = null, DateTimeOffset? PreviousSecretUntil = null)
{
    public const int MaxPerMember = 10;
    public const int MaxUrlLength = 2048;
    public const int MaxNameLength = 100;

    /// <summary>How long a rotated-out secret keeps signing when its member asks to keep it.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    /// <summary>The event types an endpoint may ask for.</summary>
    public static IReadOnlyList<string> EventNames { get; } =
        ["video.completed", "video.failed", "video.liked", "comment.added", "member.followed", "video.remixed", "cameo.used"];

    /// <summary>
    /// A new endpoint (named after its URL's host unless <paramref name="name"/> is given); throws
    /// <see cref="RequestRejectedException"/> for a URL that is not absolute http(s), a name too long, or events it doesn't know.
    /// </summary>
    public static WebhookEndpoint Register(string memberId, string? name, string? url, IReadOnlyList<string>? events, bool allowPlainHttp, DateTimeOffset at)
    {
        var uri = ValidUrl(url, allowPlainHttp);
        return new WebhookEndpoint(
            $"whep_{Guid.NewGuid():N}", memberId, uri.AbsoluteUri, ValidEvents(events), NewSecret(), at, ValidName(name ?? uri.Host), at);
    }

    /// <summary>The endpoint with what is given changed (what is null stays), checked as <see cref="Register"/> checks; the same endpoint when nothing changes.</summary>
    public WebhookEndpoint Changed(string? name, string? url, IReadOnlyList<string>? events, bool allowPlainHttp, DateTimeOffset at)
    {
        var changed = this with
        {
            Name = name is null ? Name : ValidName(name),
            Url = url is null ? Url : ValidUrl(url, allowPlainHttp).AbsoluteUri,
            Events = events is null ? Events : ValidEvents(events),
        };
        return changed.Name == Name && changed.Url == Url && changed.Events.SequenceEqual(Events) ? this : changed with { UpdatedAt = at };
    }

    /// <summary>The endpoint with a new secret; the old one signs beside it for <see cref="RotationOverlap"/> when <paramref name="keepOld"/>.</summary>
    public WebhookEndpoint Rotated(bool keepOld, DateTimeOffset at) => this with
    {
        Secret = NewSecret(),
        PreviousSecret = keepOld ? Secret : null,
        PreviousSecretUntil = keepOld ? at + RotationOverlap : null,
        UpdatedAt = at,
    };

    /// <summary>What of the secret may be shown again: its prefix and last four characters.</summary>
    public string SecretHint => $"whsec_…{Secret[^4..]}";

    /// <summary>
    /// The Standard Webhooks signature of a delivery: <c>v1,</c> and the base64 HMAC-SHA256, keyed with the secret's
    /// bytes (base64 after <c>whsec_</c>), of <c>{id}.{unix seconds}.{body}</c>; and, space-separated, the same by the
    /// previous secret while it is kept.
    /// </summary>
    public string Sign(string messageId, DateTimeOffset timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToUnixTimeSeconds()}.{body}");
        string By(string secret) => $"v1,{Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), signed))}";
        return PreviousSecret is { } previous && timestamp < PreviousSecretUntil ? $"{By(Secret)} {By(previous)}" : By(Secret);
    }

    private static string NewSecret() => $"whsec_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))}";

    private static Uri ValidUrl(string? url, bool allowPlainHttp) =>
        url is null || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (allowPlainHttp && uri.Scheme == Uri.UriSchemeHttp)) || uri.UserInfo.Length > 0
            ? throw Rejected(WebhookCodes.UrlInvalid, allowPlainHttp
                ? "url must be an absolute http or https URL without credentials."
                : "url must be an absolute https URL without credentials.")
            : uri;

    private static IReadOnlyList<string> ValidEvents(IReadOnlyList<string>? events) =>
        events is not { Count: > 0 } || events.Any(name => !EventNames.Contains(name))
            ? throw new RequestRejectedException(
                new VideoError(WebhookCodes.EventsInvalid, $"event_types lists at least one of: {string.Join(", ", EventNames)}."), EventNames)
            : [.. events.Distinct()];

    private static string ValidName(string name) =>
        name.Trim() is { Length: > 0 and <= MaxNameLength } trimmed && !trimmed.Any(char.IsControl)
            ? trimmed
            : throw Rejected(WebhookCodes.NameInvalid, $"name is 1 to {MaxNameLength} visible characters.");

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

    /// <summary>Stores the member's endpoint as changed; false when they have no such endpoint (deleted meanwhile).</summary>
    Task<bool> SaveEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellation = default);

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
    public const string NameInvalid = "WEBHOOK.NAME_INVALID";
}
