using Microsoft.Data.Sqlite;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Social;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// Likes, comments and views in the metadata database (<see cref="SqliteMetadata"/>): a like is a row keyed by video and
/// member (so liking twice is one row), comments are indexed by video and parent in order of writing.
/// </summary>
public sealed class SqliteEngagementStore(DataFolder data) : IEngagementStore
{
    private const string CommentColumns = "id, video_id, author, parent_id, text, created_at, deleted_at";

    private readonly string connectionString = SqliteMetadata.Prepare(data);

    public Task<bool> SetLikeAsync(string videoId, string memberId, bool liked, DateTimeOffset at, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        using var session = Open();
        var changed = 0;
        session.InTransaction(() =>
        {
            changed = liked
                ? session.Execute(
                    "INSERT OR IGNORE INTO likes (video_id, member_id, created_at) VALUES ($video, $member, $at)",
                    ("$video", videoId), ("$member", memberId), ("$at", at.ToUnixTimeMilliseconds()))
                : session.Execute("DELETE FROM likes WHERE video_id = $video AND member_id = $member", ("$video", videoId), ("$member", memberId));
            if (changed > 0)
            {
                SqliteMetadata.Enqueue(session, events);
            }
        });
        return Task.FromResult(changed > 0);
    }

    public Task<bool> LikesAsync(string videoId, string memberId, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Scalar<long>(
            "SELECT count(*) FROM likes WHERE video_id = $video AND member_id = $member", ("$video", videoId), ("$member", memberId)) > 0);
    }

    public Task<IReadOnlyList<string>> ListLikedAsync(string memberId, int limit, string? after = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<string> page = session.Query(
            """
            SELECT l.video_id FROM likes l
            LEFT JOIN likes a ON a.member_id = $member AND a.video_id = $after
            WHERE l.member_id = $member AND ($after IS NULL OR (l.created_at, l.video_id) < (a.created_at, a.video_id))
            ORDER BY l.created_at DESC, l.video_id DESC
            LIMIT $limit
            """,
            reader => reader.GetString(0), ("$member", memberId), ("$after", after), ("$limit", limit));
        return Task.FromResult(page);
    }

    public Task<bool> RecordViewAsync(string videoId, string memberId, DateOnly day, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Execute(
            "INSERT OR IGNORE INTO views (video_id, member_id, day) VALUES ($video, $member, $day)",
            ("$video", videoId), ("$member", memberId), ("$day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) > 0);
    }

    public Task<EngagementCounts> CountAsync(string videoId, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(new EngagementCounts(
            (int)session.Scalar<long>("SELECT count(*) FROM likes WHERE video_id = $video", ("$video", videoId)),
            (int)session.Scalar<long>("SELECT count(*) FROM comments WHERE video_id = $video AND deleted_at IS NULL", ("$video", videoId)),
            (int)session.Scalar<long>("SELECT count(*) FROM views WHERE video_id = $video", ("$video", videoId)),
            (int)session.Scalar<long>("SELECT count(*) FROM remixes WHERE video_id = $video", ("$video", videoId))));
    }

    public Task AddShareAsync(Share share, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.Execute(
            "INSERT INTO shares (video_id, secret_sha256, member_id, created_at) VALUES ($video, $secret, $member, $at)",
            ("$video", share.VideoId), ("$secret", share.SecretSha256), ("$member", share.MemberId), ("$at", share.CreatedAt.ToUnixTimeMilliseconds()));
        return Task.CompletedTask;
    }

    public Task<Share?> GetShareAsync(string videoId, string secretSha256, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query(
            "SELECT member_id, created_at FROM shares WHERE video_id = $video AND secret_sha256 = $secret",
            reader => new Share(videoId, reader.GetString(0), secretSha256, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))),
            ("$video", videoId), ("$secret", secretSha256)).SingleOrDefault());
    }

    public Task DeleteShareAsync(string videoId, string secretSha256, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.Execute("DELETE FROM shares WHERE video_id = $video AND secret_sha256 = $secret", ("$video", videoId), ("$secret", secretSha256));
        return Task.CompletedTask;
    }

    public Task SetRemixAsync(string videoId, string remixId, bool posted, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.Execute(
            posted ? "INSERT OR IGNORE INTO remixes (video_id, remix_id) VALUES ($video, $remix)" : "DELETE FROM remixes WHERE video_id = $video AND remix_id = $remix",
            ("$video", videoId), ("$remix", remixId));
        return Task.CompletedTask;
    }

    /// <summary>Four grouped counts over the ids, each an index range per video.</summary>
    public Task<IReadOnlyDictionary<string, EngagementCounts>> CountAllAsync(IReadOnlyList<string> videoIds, CancellationToken cancellation = default)
    {
        using var session = Open();
        var ids = System.Text.Json.JsonSerializer.Serialize(videoIds);
        Dictionary<string, long> Counted(string table, string condition = "") => session.Query(
                $"SELECT video_id, count(*) FROM {table} WHERE video_id IN (SELECT value FROM json_each($ids)) {condition} GROUP BY video_id",
                reader => (reader.GetString(0), reader.GetInt64(1)), ("$ids", ids))
            .ToDictionary(row => row.Item1, row => row.Item2);
        var likes = Counted("likes");
        var comments = Counted("comments", "AND deleted_at IS NULL");
        var views = Counted("views");
        var remixes = Counted("remixes");
        IReadOnlyDictionary<string, EngagementCounts> counts = videoIds.Distinct().ToDictionary(id => id, id => new EngagementCounts(
            (int)likes.GetValueOrDefault(id), (int)comments.GetValueOrDefault(id), (int)views.GetValueOrDefault(id), (int)remixes.GetValueOrDefault(id)));
        return Task.FromResult(counts);
    }

    /// <summary>Two lookups over the member's likes and views (indexed by member, then video).</summary>
    public Task<MemberEngagement> MemberEngagementAsync(IReadOnlyList<string> videoIds, string memberId, CancellationToken cancellation = default)
    {
        using var session = Open();
        var ids = System.Text.Json.JsonSerializer.Serialize(videoIds);
        HashSet<string> Found(string table) => [.. session.Query(
            $"SELECT DISTINCT video_id FROM {table} WHERE member_id = $member AND video_id IN (SELECT value FROM json_each($ids))",
            reader => reader.GetString(0), ("$ids", ids), ("$member", memberId))];
        return Task.FromResult(new MemberEngagement(Found("likes"), Found("views")));
    }

    public Task AddCommentAsync(Comment comment, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.InTransaction(() =>
        {
            session.Execute(
                $"INSERT INTO comments ({CommentColumns}) VALUES ($id, $video, $author, $parent, $text, $at, NULL)",
                ("$id", comment.Id), ("$video", comment.VideoId), ("$author", comment.AuthorId), ("$parent", comment.ParentId),
                ("$text", comment.Text), ("$at", comment.CreatedAt.ToUnixTimeMilliseconds()));
            SqliteMetadata.Enqueue(session, events);
        });
        return Task.CompletedTask;
    }

    public Task<Comment?> GetCommentAsync(string videoId, string commentId, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query(
            $"SELECT {CommentColumns} FROM comments WHERE id = $id AND video_id = $video", Read, ("$id", commentId), ("$video", videoId)).SingleOrDefault());
    }

    public Task<IReadOnlyList<Comment>> ListCommentsAsync(string videoId, string? parentId, int limit, string? after = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Comment> page = session.Query(
            $"""
            SELECT {CommentColumns} FROM comments
            WHERE video_id = $video AND parent_id IS $parent
              AND ($after IS NULL OR (created_at, id) > (SELECT created_at, id FROM comments WHERE id = $after))
            ORDER BY created_at, id
            LIMIT $limit
            """,
            Read, ("$video", videoId), ("$parent", parentId), ("$after", after), ("$limit", limit));
        return Task.FromResult(page);
    }

    public Task<bool> DeleteCommentAsync(string videoId, string commentId, DateTimeOffset at, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Execute(
            "UPDATE comments SET text = '', deleted_at = $at WHERE id = $id AND video_id = $video AND deleted_at IS NULL",
            ("$at", at.ToUnixTimeMilliseconds()), ("$id", commentId), ("$video", videoId)) > 0);
    }

    private static Comment Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetNullableString(3), reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));

    private SqlSession Open() => SqliteMetadata.Open(connectionString);
}
