using SoraFunctions.Core.Events;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Social;

/// <summary>
/// A comment on a video: top-level (<see cref="ParentId"/> null) or a reply to a top-level one — replies go one level
/// deep. A deleted comment keeps its place (its replies still answer it) without its words.
/// </summary>
public sealed record Comment(string Id, string VideoId, string AuthorId, string? ParentId, string Text, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt = null)
{
    public const int MaxLength = 1_000;

    public bool IsDeleted => DeletedAt is not null;

    public static string NewId() => $"comment_{Guid.NewGuid():N}";

    /// <summary>A comment as written, checked: 1–1,000 visible characters (line breaks allowed).</summary>
    public static Comment Write(string videoId, string authorId, string? parentId, string? text, DateTimeOffset at)
    {
        var words = (text ?? "").Trim();
        if (words.Length == 0 || words.Length > MaxLength || !Safety.WrittenText.IsVisible(words))
        {
            throw new RequestRejectedException(new VideoError(SocialCodes.CommentInvalid, $"A comment has 1 to {MaxLength:N0} visible characters."));
        }

        return new Comment(NewId(), videoId, authorId, parentId, words, at);
    }

    /// <summary>The comment once deleted: its words erased, its place kept.</summary>
    public Comment Deleted(DateTimeOffset at) => this with { Text = "", DeletedAt = DeletedAt ?? at };
}

/// <summary>
/// A public link to a post, made by a member who shares it: anyone holding its token sees the post (without signing in)
/// while it stays posted. The token is the post's id and a random secret; only the secret's SHA-256 is stored.
/// </summary>
public sealed record Share(string VideoId, string MemberId, string SecretSha256, DateTimeOffset CreatedAt)
{
    /// <summary>A new share of the post, and the token that opens it (shown once, to its maker).</summary>
    public static (Share Share, string Token) Make(string videoId, string memberId, DateTimeOffset at)
    {
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new Share(videoId, memberId, HashOf(secret), at), $"{videoId}.{secret}");
    }

    /// <summary>The post and the secret's hash a token names; null for anything that is not a share token.</summary>
    public static (string VideoId, string SecretSha256)? Read(string token)
    {
        var dot = token.LastIndexOf('.');
        return dot > 6 && token.StartsWith("video_", StringComparison.Ordinal) && token.Length - dot - 1 == 22 && dot < 100
            ? (token[..dot], HashOf(token[(dot + 1)..]))
            : null;
    }

    private static string HashOf(string secret) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}

/// <summary>
/// How many like a video, how many comments it has (deleted ones not counted), its views (one per viewer a day), and its
/// remixes posted.
/// </summary>
public sealed record EngagementCounts(int Likes, int Comments, int Views, int Remixes);

/// <summary>A post's engagement as ranking reads it, with whether the reader likes it and has seen it.</summary>
public sealed record EngagementSummary(EngagementCounts Counts, bool LikedByMember, bool ViewedByMember);

/// <summary>Of some videos, those a member likes and those they have viewed.</summary>
public sealed record MemberEngagement(IReadOnlySet<string> Liked, IReadOnlySet<string> Viewed);

/// <summary>
/// Likes, comments, views and remixes, kept by video. A like is a member's once (liking again changes nothing and queues nothing, so
/// a retried request is harmless); a change and its events commit together.
/// </summary>
public interface IEngagementStore
{
    /// <summary>Likes (or with <paramref name="liked"/> false, unlikes) the video; true when that changed anything (its events queued only then).</summary>
    Task<bool> SetLikeAsync(string videoId, string memberId, bool liked, DateTimeOffset at, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default);

    Task<bool> LikesAsync(string videoId, string memberId, CancellationToken cancellation = default);

    /// <summary>
    /// The videos the member likes, the latest liked first; <paramref name="after"/> is the last video id of the
    /// previous page (a video they no longer like: nothing).
    /// </summary>
    Task<IReadOnlyList<string>> ListLikedAsync(string memberId, int limit, string? after = null, CancellationToken cancellation = default);

    /// <summary>Counts the member's completed view of the video on <paramref name="day"/>; false when one was counted that day already.</summary>
    Task<bool> RecordViewAsync(string videoId, string memberId, DateOnly day, CancellationToken cancellation = default);

    Task<EngagementCounts> CountAsync(string videoId, CancellationToken cancellation = default);

    Task AddShareAsync(Share share, CancellationToken cancellation = default);

    /// <summary>The share of the video with this secret hash, or null.</summary>
    Task<Share?> GetShareAsync(string videoId, string secretSha256, CancellationToken cancellation = default);

    /// <summary>Deletes the share (nothing when there is none).</summary>
    Task DeleteShareAsync(string videoId, string secretSha256, CancellationToken cancellation = default);

    /// <summary>Counts (or with <paramref name="posted"/> false, no longer counts) a posted remix of the video; safe to repeat.</summary>
    Task SetRemixAsync(string videoId, string remixId, bool posted, CancellationToken cancellation = default);

    /// <summary>Each video's counts: one call for every candidate a feed ranks.</summary>
    Task<IReadOnlyDictionary<string, EngagementCounts>> CountAllAsync(IReadOnlyList<string> videoIds, CancellationToken cancellation = default);

    /// <summary>Which of the videos the member likes, and which they have viewed (any day): one call for a member's page of candidates.</summary>
    Task<MemberEngagement> MemberEngagementAsync(IReadOnlyList<string> videoIds, string memberId, CancellationToken cancellation = default);

    Task AddCommentAsync(Comment comment, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default);

    Task<Comment?> GetCommentAsync(string videoId, string commentId, CancellationToken cancellation = default);

    /// <summary>
    /// The video's top-level comments (<paramref name="parentId"/> null) or one comment's replies, oldest first, deleted
    /// ones included; <paramref name="after"/> is the id of the last comment of the previous page.
    /// </summary>
    Task<IReadOnlyList<Comment>> ListCommentsAsync(string videoId, string? parentId, int limit, string? after = null, CancellationToken cancellation = default);

    /// <summary>Saves the comment as deleted; false when it was deleted already.</summary>
    Task<bool> DeleteCommentAsync(string videoId, string commentId, DateTimeOffset at, CancellationToken cancellation = default);
}

public static class SocialCodes
{
    public const string CommentInvalid = "COMMENT.INVALID";
    public const string CommentNotFound = "COMMENT.NOT_FOUND";
    public const string ReplyTooDeep = "COMMENT.REPLY_TOO_DEEP";
    public const string NotPosted = "VIDEO.NOT_POSTED";
}

/// <summary>What the engagement events carry: who did it to which video, and to whose (the one to tell).</summary>
public sealed record EngagementData(string VideoId, string OwnerId, string MemberId, string? CommentId = null, string? ParentId = null);

public static class EngagementEvents
{
    public static CloudEvent Liked(string videoId, string ownerId, string memberId, DateTimeOffset at) =>
        CloudEvents.Create(EventTypes.VideoLiked, $"videos/{videoId}", new EngagementData(videoId, ownerId, memberId), at);

    public static CloudEvent Commented(Comment comment, string ownerId) =>
        CloudEvents.Create(EventTypes.CommentAdded, $"videos/{comment.VideoId}", new EngagementData(comment.VideoId, ownerId, comment.AuthorId, comment.Id, comment.ParentId), comment.CreatedAt);
}
