using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Api;

/// <summary>
/// Writes notifications from the events that concern members: a new follower, a like, a comment on your post (and a
/// reply to your comment), your cameo cast in someone's clip, a clip waiting for your review, your clip ready, not made, or taken down by someone in it. Nobody hears of what they
/// did themselves, and an author hears of each remix of theirs posted. Moderation's outcomes: a reporter hears whether
/// their report led to an action, an owner that their post or comment was removed or restored (the moderator unnamed).
/// Nothing reaches a member from someone hidden from them by a block. Each notification's id comes from its event's news
/// (<see cref="CloudEvents.NewsIdOf"/>), so a redelivery, or a like or a follow toggled again, writes nothing new.
/// </summary>
public sealed class NotificationHandler(INotificationStore notifications, IVideoStore videos, IEngagementStore engagement, IRelationStore relations)
    : IEventHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        foreach (var notification in await NotificationsOfAsync(cloudEvent, cancellation))
        {
            // Nobody hears of their own doing, nor of anyone hidden from them by a block either way.
            if (notification.MemberId != notification.ActorId
                && (notification.ActorId is Moderator or Sora || !(await relations.BetweenAsync(notification.MemberId, notification.ActorId, cancellation)).Hidden))
            {
                await notifications.AddAsync(notification, cancellation);
            }
        }
    }

    private async Task<IReadOnlyList<Notification>> NotificationsOfAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        Notification For(string memberId, NotificationKind kind, string actorId, string? videoId = null, string? commentId = null) =>
            new(Notification.IdFor(CloudEvents.NewsIdOf(cloudEvent), memberId), memberId, kind, actorId, videoId, commentId, cloudEvent.Time);

        switch (cloudEvent.Type)
        {
            case EventTypes.MemberFollowed when Data<RelationData>(cloudEvent) is { } follow:
                return [For(follow.To, NotificationKind.Follow, follow.From)];
            case EventTypes.VideoLiked when Data<EngagementData>(cloudEvent) is { } like:
                return [For(like.OwnerId, NotificationKind.Like, like.MemberId, like.VideoId)];
            case EventTypes.CommentAdded when Data<EngagementData>(cloudEvent) is { } comment:
                var parent = comment.ParentId is { } parentId ? await engagement.GetCommentAsync(comment.VideoId, parentId, cancellation) : null;
                return parent is not null && parent.AuthorId != comment.OwnerId
                    ? [For(comment.OwnerId, NotificationKind.Comment, comment.MemberId, comment.VideoId, comment.CommentId),
                        For(parent.AuthorId, NotificationKind.Reply, comment.MemberId, comment.VideoId, comment.CommentId)]
                    : [For(comment.OwnerId, NotificationKind.Comment, comment.MemberId, comment.VideoId, comment.CommentId)];
            case EventTypes.CameoUsed or EventTypes.CameoReviewRequested
                when Data<CameoEventData>(cloudEvent) is { VideoId: { } videoId } cameo && await videos.GetAsync(videoId, cancellation) is { } video:
                return [For(cameo.OwnerId, cloudEvent.Type == EventTypes.CameoUsed ? NotificationKind.CameoUsed : NotificationKind.ReviewRequested, video.OwnerId, videoId)];
            case EventTypes.VideoPublished when Data<VideoPublishedData>(cloudEvent) is { } published && await videos.GetAsync(published.VideoId, cancellation) is { } made:
                return [For(made.OwnerId, NotificationKind.VideoReady, Sora, made.Id)];
            case EventTypes.VideoFailed when Data<VideoEndedData>(cloudEvent) is { } failed:
                // A cameo owner who declined is named (unless a block hides them): the creator hears who said no, not
                // only that it was not made.
                return await videos.GetAsync(failed.VideoId, cancellation) is { Error.Code: CameoCodes.ReviewDeclined } declined
                    && declined.Reviews.FirstOrDefault(review => !review.Approved) is { } no
                    && !(await relations.BetweenAsync(failed.OwnerId, no.OwnerId, cancellation)).Hidden
                    ? [For(failed.OwnerId, NotificationKind.ReviewDeclined, no.OwnerId, failed.VideoId)]
                    : [For(failed.OwnerId, NotificationKind.VideoFailed, Sora, failed.VideoId)];
            case EventTypes.VideoRemoved when Data<VideoRemovedData>(cloudEvent) is { TakenDownBy: { } cameoOwner } takenDown:
                return [For(takenDown.OwnerId, NotificationKind.VideoTakenDown, cameoOwner, takenDown.VideoId)];
            case EventTypes.VideoPosted when Data<VideoPostedData>(cloudEvent) is { RemixedAuthorId: { } author } remix:
                return [For(author, NotificationKind.Remix, remix.OwnerId, remix.VideoId)];
            case EventTypes.ModerationActed when Data<ModerationActedData>(cloudEvent) is { } acted:
                var (about, commentAbout) = acted.Target.Kind switch
                {
                    TargetKind.Video => (acted.Target.Id, null),
                    TargetKind.Comment => (acted.Target.VideoId, acted.Target.Id),
                    _ => ((string?)null, (string?)null),
                };
                var owner = acted.Verb switch
                {
                    ModerationVerb.Remove => NotificationKind.ContentRemoved,
                    ModerationVerb.Restore when acted.Target.Kind == TargetKind.Video => NotificationKind.ContentRestored,
                    _ => (NotificationKind?)null,
                };
                var reporters = acted.Verb switch
                {
                    ModerationVerb.Dismiss => NotificationKind.ReportDismissed,
                    ModerationVerb.Remove or ModerationVerb.Suspend => NotificationKind.ReportActioned,
                    _ => (NotificationKind?)null,
                };
                return
                [
                    .. owner is { } ownerKind ? [For(acted.Target.OwnerId, ownerKind, Moderator, about, commentAbout)] : Array.Empty<Notification>(),
                    .. reporters is { } reporterKind ? acted.Reporters.Select(reporter => For(reporter, reporterKind, Moderator, about, commentAbout)) : [],
                ];
            default:
                return [];
        }
    }

    private static T? Data<T>(CloudEvent cloudEvent) where T : class => cloudEvent.Data?.Deserialize<T>(Json);

    /// <summary>Who moderation's notifications come from: no member (moderators stay unnamed).</summary>
    private const string Moderator = "moderation";

    /// <summary>Who tells an owner their clip is ready or was not made: the service, no member.</summary>
    private const string Sora = "sora";
}

/// <summary>
/// <c>/v1/notifications</c>: the caller's notifications newest first with the unread count, marking them read, and a
/// live stream of the unread count (server-sent events) for the web app.
/// </summary>
public static class NotificationsApi
{
    /// <summary>How often the live stream looks for news (every host the same way: the store is what all instances share).</summary>
    public static readonly TimeSpan StreamInterval = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var notifications = routes.MemberGroup("/v1/notifications");
        notifications.MapGet("/", ListAsync).Produces<NotificationList>();
        notifications.MapPost("/read", ReadAsync).Produces<UnreadObject>();
        notifications.MapGet("/stream", Stream).ProducesEvents();
        return routes;
    }

    public static async Task<IResult> ListAsync(
        Caller caller, INotificationStore notifications, IMemberStore members, string? limit, string? after, CancellationToken cancellation)
    {
        var size = VideosApi.PageSize(limit);
        var page = await notifications.ListAsync(caller.Member.Id, size + 1, after, cancellation);
        var data = new List<NotificationObject>();
        foreach (var notification in page.Take(size))
        {
            var actor = await members.GetAsync(notification.ActorId, cancellation);
            data.Add(NotificationObject.From(notification, actor is { State: not MemberState.Deleted } ? actor : null));
        }

        return TypedResults.Json(
            new NotificationList(data, page.Count > size, await notifications.CountUnreadAsync(caller.Member.Id, cancellation)), VideoObject.Json);
    }

    /// <summary>Marks every notification so far read; answers the unread count (0, unless one arrived meanwhile).</summary>
    public static async Task<IResult> ReadAsync(Caller caller, INotificationStore notifications, TimeProvider time, CancellationToken cancellation)
    {
        await notifications.MarkReadAsync(caller.Member.Id, time.GetUtcNow(), cancellation);
        return TypedResults.Json(new UnreadObject(await notifications.CountUnreadAsync(caller.Member.Id, cancellation)), VideoObject.Json);
    }

    /// <summary>
    /// <c>text/event-stream</c>: an <c>unread</c> event with the count now, and again each time it changes, until the
    /// caller hangs up or signs out.
    /// </summary>
    public static IResult Stream(Caller caller, INotificationStore notifications, ServerSentEvents streams) =>
        streams.Stream(caller, "unread", StreamInterval, async hungUp =>
            (JsonSerializer.Serialize(new UnreadObject(await notifications.CountUnreadAsync(caller.Member.Id, hungUp)), VideoObject.Json), false));
}

/// <summary>A notification as the API gives it: <c>actor</c> is who did it (null for the service, moderation or a deleted member).</summary>
public sealed record NotificationObject(
    string Id, string Kind, string? Actor, string? ActorAvatarUrl, string? VideoId, string? CommentId, long CreatedAt, bool Read)
{
    [JsonPropertyOrder(-1)]
    public string Object => "notification";

    public static NotificationObject From(Notification notification, Member? actor) => new(
        notification.Id, JsonSerializer.Serialize(notification.Kind).Trim('"'), actor?.Username, actor is null ? null : ProfileObject.AvatarUrlOf(actor),
        notification.VideoId, notification.CommentId, notification.CreatedAt.ToUnixTimeSeconds(), notification.Read);
}

public sealed record NotificationList(IReadOnlyList<NotificationObject> Data, bool HasMore, int Unread)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}

public sealed record UnreadObject(int Unread);
