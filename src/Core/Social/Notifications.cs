using System.Text.Json.Serialization;

namespace SoraFunctions.Core.Social;

[JsonConverter(typeof(JsonStringEnumConverter<NotificationKind>))]
public enum NotificationKind
{
    [JsonStringEnumMemberName("follow")]
    Follow,
    [JsonStringEnumMemberName("like")]
    Like,
    [JsonStringEnumMemberName("comment")]
    Comment,
    [JsonStringEnumMemberName("reply")]
    Reply,
    [JsonStringEnumMemberName("cameo_used")]
    CameoUsed,
    [JsonStringEnumMemberName("review_requested")]
    ReviewRequested,
    [JsonStringEnumMemberName("remix")]
    Remix,
    [JsonStringEnumMemberName("report_actioned")]
    ReportActioned,
    [JsonStringEnumMemberName("report_dismissed")]
    ReportDismissed,
    [JsonStringEnumMemberName("content_removed")]
    ContentRemoved,
    [JsonStringEnumMemberName("content_restored")]
    ContentRestored,
    [JsonStringEnumMemberName("video_ready")]
    VideoReady,
    [JsonStringEnumMemberName("video_failed")]
    VideoFailed,
    [JsonStringEnumMemberName("video_taken_down")]
    VideoTakenDown,
    [JsonStringEnumMemberName("review_declined")]
    ReviewDeclined,
}

/// <summary>
/// Something that happened that <see cref="MemberId"/> hears of: <see cref="ActorId"/> did <see cref="Kind"/>, about a
/// video (and a comment) where there is one. Its id comes from the event that raised it and the recipient, so a
/// redelivered event writes it once.
/// </summary>
public sealed record Notification(
    string Id, string MemberId, NotificationKind Kind, string ActorId, string? VideoId, string? CommentId, DateTimeOffset CreatedAt, bool Read = false)
{
    public static string IdFor(string eventId, string memberId) => $"notification_{eventId}_{memberId}";
}

/// <summary>Each member's notifications, newest first, with what they have read.</summary>
public interface INotificationStore
{
    /// <summary>Adds the notification; one with its id already there is left as it is.</summary>
    Task AddAsync(Notification notification, CancellationToken cancellation = default);

    /// <summary>A page of the member's notifications, newest first; <paramref name="after"/> is the last id of the previous page.</summary>
    Task<IReadOnlyList<Notification>> ListAsync(string memberId, int limit, string? after = null, CancellationToken cancellation = default);

    Task<int> CountUnreadAsync(string memberId, CancellationToken cancellation = default);

    /// <summary>Marks every notification of the member's up to <paramref name="upTo"/> read.</summary>
    Task MarkReadAsync(string memberId, DateTimeOffset upTo, CancellationToken cancellation = default);
}
