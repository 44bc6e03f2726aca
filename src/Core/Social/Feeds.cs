using System.Globalization;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Social;

/// <summary>
/// A post as a feed carries it: what a player shows without reading the video (its author, caption, duration, size,
/// a remix's credit and the video it remixes, unless that one was taken down); its content is the video's, at
/// <c>/v1/videos/{id}/content</c>.
/// </summary>
public sealed record FeedItem(
    string VideoId, string AuthorId, string AuthorUsername, DateTimeOffset PostedAt, string Caption, int Seconds, string Size, string? RemixCredit,
    string? RemixOf = null)
{
    public static FeedItem Of(Video video, string authorUsername) => new(
        video.Id, video.OwnerId, authorUsername, video.PostedAt ?? throw new InvalidOperationException($"Video {video.Id} is not posted."),
        video.Caption, video.Spec.TotalSeconds, video.Spec.Size, video.RemixCredit, video.RemixedVideoRemoved ? null : video.RemixOf?.ParentId);

    public FeedCursor Cursor => new(PostedAt, VideoId);
}

/// <summary>
/// Where a page of a feed ends: the posting time and id of its last item, newest first. Written as
/// <c>{unix ms}_{video id}</c>, so it stays valid whatever happens to that video meanwhile.
/// </summary>
public sealed record FeedCursor(DateTimeOffset PostedAt, string VideoId)
{
    /// <summary>
    /// No page gives a cursor this late (the year 3000): a later one is made up, and would overflow the arithmetic a
    /// feed does with its time.
    /// </summary>
    private const long LatestMs = 32_503_680_000_000;

    public override string ToString() => $"{PostedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}_{VideoId}";

    /// <summary>Reads a cursor a page gave; throws <see cref="RequestRejectedException"/> (<see cref="FeedCodes.CursorInvalid"/>) for anything else.</summary>
    public static FeedCursor? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var separator = text.IndexOf('_', StringComparison.Ordinal);
        return separator > 0 && long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            && at < LatestMs && text.Length - separator - 1 is > 0 and <= 64
                ? new FeedCursor(DateTimeOffset.FromUnixTimeMilliseconds(at), text[(separator + 1)..])
                : throw new RequestRejectedException(new VideoError(FeedCodes.CursorInvalid, "cursor must be one a feed page gave."));
    }

    /// <summary>Whether <paramref name="item"/> comes after this cursor, newest first.</summary>
    public bool IsBefore(FeedItem item) =>
        item.PostedAt < PostedAt || (item.PostedAt == PostedAt && string.CompareOrdinal(item.VideoId, VideoId) < 0);
}

public static class FeedCodes
{
    public const string CursorInvalid = "VALIDATION.CURSOR.INVALID";
}

/// <summary>
/// Each member's Following feed as fan-out on write keeps it: a partition per member holding the posts of the people they
/// follow, newest first, at most <see cref="Capacity"/>; and the authors too followed to be fanned out, whose posts are
/// merged in when a feed is read.
/// </summary>
public interface IFeedStore
{
    /// <summary>How many posts a member's feed keeps (the oldest beyond go).</summary>
    const int Capacity = 500;

    /// <summary>Adds the post to each member's feed (once, however often asked) and trims each to <see cref="Capacity"/>.</summary>
    Task AddAsync(IReadOnlyList<string> memberIds, FeedItem item, CancellationToken cancellation = default);

    /// <summary>Removes the post from every feed.</summary>
    Task RemoveVideoAsync(string videoId, CancellationToken cancellation = default);

    /// <summary>Removes the author's posts from the member's feed.</summary>
    Task RemoveAuthorAsync(string memberId, string authorId, CancellationToken cancellation = default);

    /// <summary>A page of the member's feed, newest first, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<FeedItem>> PageAsync(string memberId, int limit, FeedCursor? after = null, CancellationToken cancellation = default);

    /// <summary>Marks the author as merged at read time (<paramref name="pulled"/>) or fanned out again.</summary>
    Task SetPulledAsync(string authorId, bool pulled, CancellationToken cancellation = default);

    /// <summary>Every author whose posts are merged at read time.</summary>
    Task<IReadOnlyList<string>> ListPulledAsync(CancellationToken cancellation = default);
}
