using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Api;

/// <summary>A post's counts, and whether the viewer likes it.</summary>
public sealed record VideoEngagement(EngagementCounts Counts, bool Liked);

/// <summary>
/// Likes, comments, views and shares of posts: the rules every host's handlers share. A member likes and comments on a post they may
/// see (a draft, or someone else's they may not see, is answered as it would be anywhere: 409
/// <see cref="SocialCodes.NotPosted"/> for a draft its co-owner sees, else 404). Comments are screened under the
/// writer's age rules (<c>SAFETY.COMMENT.*</c>), reply one level deep, and are deleted by their author or the video's
/// owner; comments by members hidden from the viewer by a block are left out of what they read.
/// </summary>
public sealed class Engagement(
    IEngagementStore store, IVideoStore videos, IMemberStore members, IRelationStore relations, ContentScreener screener, TimeProvider time)
{
    public const string CommentScreening = "SAFETY.COMMENT";

    public async Task<VideoEngagement> CountAsync(Member viewer, string videoId, CancellationToken cancellation)
    {
        await PostedAsync(viewer, videoId, cancellation);
        return await EngagementAsync(viewer, videoId, cancellation);
    }

    /// <summary>Counts the viewer's completed view of the post, once a day (UTC).</summary>
    public async Task<VideoEngagement> ViewAsync(Member viewer, string videoId, CancellationToken cancellation)
    {
        await PostedAsync(viewer, videoId, cancellation);
        await store.RecordViewAsync(videoId, viewer.Id, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellation);
        return await EngagementAsync(viewer, videoId, cancellation);
    }

    /// <summary>Likes the post (or with <paramref name="like"/> false, stops liking it); repeating either changes nothing.</summary>
    public async Task<VideoEngagement> LikeAsync(Member viewer, string videoId, bool like, CancellationToken cancellation)
    {
        var video = await PostedAsync(viewer, videoId, cancellation);
        var now = time.GetUtcNow();
        await store.SetLikeAsync(videoId, viewer.Id, like, now, like ? [EngagementEvents.Liked(videoId, video.OwnerId, viewer.Id, now)] : [], cancellation);
        return new VideoEngagement(await store.CountAsync(videoId, cancellation), like);
    }

    /// <summary>
    /// The posts the member likes and may still see (not unposted, taken down or hidden by a block), the latest liked
    /// first, and where the next page starts (null: none); <paramref name="after"/> is where this one does. Likes of
    /// posts gone from view are read past until the page is full or none are left.
    /// </summary>
    public async Task<(IReadOnlyList<Video> Posts, string? Next)> LikedAsync(Member member, int limit, string? after, CancellationToken cancellation)
    {
        if (after is not null && (after.Length > 64 || !after.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw Rejected(FeedCodes.CursorInvalid, "cursor must be one a page of likes gave.");
        }

        var posts = new List<Video>();
        while (true)
        {
            var wanted = limit - posts.Count;
            var liked = await store.ListLikedAsync(member.Id, wanted + 1, after, cancellation);
            foreach (var id in liked.Take(wanted))
            {
                if (await videos.GetAsync(id, cancellation) is { IsPosted: true } video && await VideoAccess.CanViewAsync(member, video, relations, cancellation))
                {
                    posts.Add(video);
                }

                after = id;
            }

            var more = liked.Count > wanted;
            if (!more || posts.Count == limit)
            {
                return (posts, more ? after : null);
            }
        }
    }

    /// <summary>Comments on the post, or replies to one of its top-level comments (<paramref name="parentId"/>).</summary>
    public async Task<Comment> CommentAsync(Member viewer, string videoId, string? parentId, string? text, CancellationToken cancellation)
    {
        var video = await PostedAsync(viewer, videoId, cancellation);
        var comment = Comment.Write(videoId, viewer.Id, parentId, text, time.GetUtcNow());
        if (parentId is not null)
        {
            var parent = await VisibleCommentAsync(viewer, videoId, parentId, cancellation);
            if (parent.ParentId is not null)
            {
                throw Rejected(SocialCodes.ReplyTooDeep, "Replies go one level deep: reply to the comment this one answers.");
            }
        }

        if ((await screener.ScreenTextAsync(comment.Text, CommentScreening, viewer.AgeOn(comment.CreatedAt), cancellation)).ToError() is { } refused)
        {
            throw new RequestRejectedException(refused);
        }

        await store.AddCommentAsync(comment, [EngagementEvents.Commented(comment, video.OwnerId)], cancellation);
        return comment;
    }

    /// <summary>
    /// A comment on a video the caller has checked the viewer sees, not deleted and not written by someone hidden from
    /// the viewer by a block either way (else <see cref="SocialCodes.CommentNotFound"/>, as for no comment): what a reply
    /// answers and a report names.
    /// </summary>
    public async Task<Comment> VisibleCommentAsync(Member viewer, string videoId, string commentId, CancellationToken cancellation) =>
        await store.GetCommentAsync(videoId, commentId, cancellation) is { IsDeleted: false } comment
        && (comment.AuthorId == viewer.Id || !(await relations.BetweenAsync(viewer.Id, comment.AuthorId, cancellation)).Hidden)
            ? comment
            : throw Rejected(SocialCodes.CommentNotFound, $"Video {videoId} has no comment '{commentId}'.");

    /// <summary>A page of the post's top-level comments or of one comment's replies, oldest first, each with its author.</summary>
    public async Task<(IReadOnlyList<(Comment Comment, Member? Author)> Comments, string? Next)> CommentsAsync(
        Member viewer, string videoId, string? parentId, int limit, string? after, CancellationToken cancellation)
    {
        await PostedAsync(viewer, videoId, cancellation);
        var page = await store.ListCommentsAsync(videoId, parentId, limit + 1, after, cancellation);
        var shown = new List<(Comment, Member?)>();
        foreach (var comment in page.Take(limit))
        {
            var author = await members.GetAsync(comment.AuthorId, cancellation);
            if (author is null || author.Id == viewer.Id || !(await relations.BetweenAsync(viewer.Id, author.Id, cancellation)).Hidden)
            {
                shown.Add((comment, author is { State: MemberState.Deleted } ? null : author));
            }
        }

        return (shown, page.Count > limit ? page[limit - 1].Id : null);
    }

    /// <summary>Deletes a comment, for its author or the video's owner (403 for anyone else who sees it).</summary>
    public async Task DeleteCommentAsync(Member viewer, string videoId, string commentId, CancellationToken cancellation)
    {
        var video = await PostedAsync(viewer, videoId, cancellation);
        var comment = await store.GetCommentAsync(videoId, commentId, cancellation) ?? throw Rejected(SocialCodes.CommentNotFound, $"Video {videoId} has no comment '{commentId}'.");
        if (comment.AuthorId != viewer.Id && video.OwnerId != viewer.Id)
        {
            throw Rejected(AccountCodes.Forbidden, "Only its author and the video's owner may delete a comment.");
        }

        await store.DeleteCommentAsync(videoId, commentId, time.GetUtcNow(), cancellation);
    }

    /// <summary>Makes a public link to the post the viewer sees; its token is answered once and only its hash is kept.</summary>
    public async Task<string> ShareAsync(Member viewer, string videoId, CancellationToken cancellation)
    {
        await PostedAsync(viewer, videoId, cancellation);
        var (share, token) = Share.Make(videoId, viewer.Id, time.GetUtcNow());
        await store.AddShareAsync(share, cancellation);
        return token;
    }

    /// <summary>
    /// The post a share token opens, while the posting it was made in lasts (unposted, taken down or posted again, the
    /// link is dead: a new posting needs a new link); otherwise <see cref="ErrorCodes.VideoNotFound"/>, whatever the reason.
    /// </summary>
    public async Task<Video> SharedAsync(string token, CancellationToken cancellation) =>
        Share.Read(token) is { } key
        && await store.GetShareAsync(key.VideoId, key.SecretSha256, cancellation) is { } share
        && await videos.GetAsync(key.VideoId, cancellation) is { IsPosted: true, PostedAt: { } postedAt } video
        && share.CreatedAt.ToUnixTimeMilliseconds() >= postedAt.ToUnixTimeMilliseconds()
            ? video
            : throw Rejected(ErrorCodes.VideoNotFound, "No post is shared with this link (any more).");

    /// <summary>Ends a share link its maker made; anyone else's, or a link that opens nothing, is answered as no link.</summary>
    public async Task RevokeShareAsync(Member maker, string token, CancellationToken cancellation)
    {
        if (Share.Read(token) is not { } key || await store.GetShareAsync(key.VideoId, key.SecretSha256, cancellation) is not { } share || share.MemberId != maker.Id)
        {
            throw Rejected(ErrorCodes.VideoNotFound, "You made no share link like this one.");
        }

        await store.DeleteShareAsync(key.VideoId, key.SecretSha256, cancellation);
    }

    private async Task<VideoEngagement> EngagementAsync(Member viewer, string videoId, CancellationToken cancellation) =>
        new(await store.CountAsync(videoId, cancellation), await store.LikesAsync(videoId, viewer.Id, cancellation));

    private async Task<Video> PostedAsync(Member viewer, string videoId, CancellationToken cancellation)
    {
        var video = await videos.GetAsync(videoId, cancellation);
        if (video is null || !await VideoAccess.CanViewAsync(viewer, video, relations, cancellation))
        {
            throw Rejected(ErrorCodes.VideoNotFound, $"No video has id '{videoId}'.");
        }

        return video.IsPosted ? video : throw Rejected(SocialCodes.NotPosted, $"Video {videoId} is a draft: post it first.");
    }

    private static RequestRejectedException Rejected(string code, string message) => new(new VideoError(code, message));
}
