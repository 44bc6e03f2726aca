using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraFunctions.Core.Events;

/// <summary>
/// A CloudEvents 1.0 event in its JSON form (structured mode), as Event Grid and the in-process bus carry it;
/// <see cref="Data"/> is optional, as the specification has it.
/// </summary>
public sealed record CloudEvent(
    string Id,
    string Source,
    string Type,
    string? Subject,
    DateTimeOffset Time,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Data)
{
    public string SpecVersion => "1.0";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DataContentType => Data is null ? null : "application/json";
}

/// <summary>Event types the service publishes.</summary>
public static class EventTypes
{
    public const string Source = "/sorafunctions";
    public const string VideoPublished = "SoraFunctions.Video.Published";
    public const string VideoRemoved = "SoraFunctions.Video.Removed";
    public const string VideoCancelled = "SoraFunctions.Video.Cancelled";
    public const string VideoFailed = "SoraFunctions.Video.Failed";
    public const string VideoPosted = "SoraFunctions.Video.Posted";
    public const string VideoUnposted = "SoraFunctions.Video.Unposted";
    public const string VideoRestored = "SoraFunctions.Video.Restored";
    public const string ModerationActed = "SoraFunctions.Moderation.Acted";
    public const string VideoLiked = "SoraFunctions.Video.Liked";
    public const string CommentAdded = "SoraFunctions.Comment.Added";
    public const string MemberJoined = "SoraFunctions.Member.Joined";
    public const string MemberDeleted = "SoraFunctions.Member.Deleted";
    public const string MemberSuspended = "SoraFunctions.Member.Suspended";
    public const string MemberFollowed = "SoraFunctions.Member.Followed";
    public const string MemberUnfollowed = "SoraFunctions.Member.Unfollowed";
    public const string MemberBlocked = "SoraFunctions.Member.Blocked";
    public const string MemberMuted = "SoraFunctions.Member.Muted";
    public const string CameoVerified = "SoraFunctions.Cameo.Verified";
    public const string CameoDeleted = "SoraFunctions.Cameo.Deleted";
    public const string CameoUsed = "SoraFunctions.Cameo.Used";
    public const string CameoReviewRequested = "SoraFunctions.Cameo.ReviewRequested";
}

/// <summary>What <see cref="EventTypes.VideoRemoved"/> carries: every area that holds something of the video lets it go.</summary>
public sealed record VideoRemovedData(string VideoId, string OwnerId, string Reason, string? TakedownCode = null, string? TakenDownBy = null);

/// <summary>What <see cref="EventTypes.VideoCancelled"/> (its pipeline and job are stopped) and <see cref="EventTypes.VideoFailed"/> carry.</summary>
public sealed record VideoEndedData(string VideoId, string OwnerId);

/// <summary>
/// What <see cref="EventTypes.VideoPosted"/>, <see cref="EventTypes.VideoUnposted"/> and <see cref="EventTypes.VideoRestored"/>
/// carry; a remix names the video it remixes and its author.
/// </summary>
public sealed record VideoPostedData(
    string VideoId, string OwnerId, DateTimeOffset PostedAt, string? RemixedVideoId = null, string? RemixedAuthorId = null);

/// <summary>What <see cref="EventTypes.VideoPublished"/> carries.</summary>
public sealed record VideoPublishedData(string VideoId, string Model, int Seconds, string Size, string Master, string Poster);

public static class CloudEvents
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    public static CloudEvent Create<T>(string type, string subject, T data, DateTimeOffset time) =>
        new(Guid.NewGuid().ToString(), EventTypes.Source, type, subject, time, JsonSerializer.SerializeToElement(data, DataJson));

    /// <summary>
    /// An event in the CloudEvents 1.0 JSON form as Event Grid delivers it to a Storage queue; throws
    /// <see cref="FormatException"/>, <see cref="KeyNotFoundException"/> or <see cref="InvalidOperationException"/> on
    /// anything else.
    /// </summary>
    public static CloudEvent Parse(JsonElement element)
    {
        string Required(string name) => element.GetProperty(name).GetString() is { Length: > 0 } value
            ? value
            : throw new FormatException($"'{name}' is empty.");

        if (Required("specversion") != "1.0")
        {
            throw new FormatException("Only CloudEvents 1.0 is accepted.");
        }

        if (element.TryGetProperty("data_base64", out _))
        {
            throw new FormatException("Events carry their data as JSON (data), not as bytes (data_base64).");
        }

        return new CloudEvent(
            Required("id"), Required("source"), Required("type"),
            element.TryGetProperty("subject", out var subject) ? subject.GetString() : null,
            element.TryGetProperty("time", out var time) ? time.GetDateTimeOffset() : DateTimeOffset.UtcNow,
            element.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null ? data.Clone() : null);
    }

    /// <summary>How long the same member liking the same post again, or following the same member again, is the same news.</summary>
    public static readonly TimeSpan NewsWindow = TimeSpan.FromDays(1);

    /// <summary>
    /// What identifies the news an event tells people (a notification, a webhook delivery): the event's id; but a like or
    /// a follow can be undone and done again at will, so theirs is the actor, the action and its object within a
    /// <see cref="NewsWindow"/>, and toggling one tells of it once.
    /// </summary>
    public static string NewsIdOf(CloudEvent cloudEvent)
    {
        var (actor, target) = (cloudEvent.Type, cloudEvent.Data) switch
        {
            (EventTypes.VideoLiked, { } data) => (Text(data, "memberId"), Text(data, "videoId")),
            (EventTypes.MemberFollowed, { } data) => (Text(data, "from"), Text(data, "to")),
            _ => (null, null),
        };
        if (actor is null || target is null)
        {
            return cloudEvent.Id;
        }

        var window = cloudEvent.Time.ToUnixTimeSeconds() / (long)NewsWindow.TotalSeconds;
        return "news-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{cloudEvent.Type}|{actor}|{target}|{window}")))[..32];

        static string? Text(JsonElement data, string name) =>
            data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}

/// <summary>A subscriber to published events. Delivery is at least once, so handlers must tolerate repeats.</summary>
public interface IEventHandler
{
    Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation);
}
