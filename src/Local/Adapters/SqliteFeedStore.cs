using System.Text.Json;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Social;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// Following feeds in the metadata database (<see cref="SqliteMetadata"/>): a row per member and post, keyed by both (a
/// redelivered post is one row), read newest first through an index on (member, posting time, id). Each member's size is
/// counted as rows go in, so keeping a full feed at <see cref="IFeedStore.Capacity"/> costs one index seek to its
/// oldest post and no count. A fan-out is one transaction.
/// </summary>
public sealed class SqliteFeedStore(DataFolder data) : IFeedStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string connectionString = SqliteMetadata.Prepare(data);

    public Task AddAsync(IReadOnlyList<string> memberIds, FeedItem item, CancellationToken cancellation = default)
    {
        using var session = Open();
        var document = JsonSerializer.Serialize(item, Json);
        session.InTransaction(() =>
        {
            foreach (var member in memberIds)
            {
                var added = session.Execute(
                    "INSERT OR IGNORE INTO feeds (member_id, video_id, author_id, posted_at, item) VALUES ($member, $video, $author, $at, $item)",
                    ("$member", member), ("$video", item.VideoId), ("$author", item.AuthorId), ("$at", item.PostedAt.ToUnixTimeMilliseconds()), ("$item", document));
                if (added == 0)
                {
                    continue;
                }

                var size = session.Scalar<long>(
                    "INSERT INTO feed_sizes (member_id, size) VALUES ($member, 1) ON CONFLICT (member_id) DO UPDATE SET size = size + 1 RETURNING size",
                    ("$member", member));
                if (size > IFeedStore.Capacity)
                {
                    session.Execute(
                        """
                        DELETE FROM feeds WHERE member_id = $member
                          AND video_id = (SELECT video_id FROM feeds WHERE member_id = $member ORDER BY posted_at, video_id LIMIT 1)
                        """,
                        ("$member", member));
                    session.Execute("UPDATE feed_sizes SET size = size - 1 WHERE member_id = $member", ("$member", member));
                }
            }
        });
        return Task.CompletedTask;
    }

    public Task RemoveVideoAsync(string videoId, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.InTransaction(() =>
        {
            session.Execute(
                "UPDATE feed_sizes SET size = size - 1 WHERE member_id IN (SELECT member_id FROM feeds WHERE video_id = $video)", ("$video", videoId));
            session.Execute("DELETE FROM feeds WHERE video_id = $video", ("$video", videoId));
        });
        return Task.CompletedTask;
    }

    public Task RemoveAuthorAsync(string memberId, string authorId, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.InTransaction(() =>
        {
            var removed = session.Execute("DELETE FROM feeds WHERE member_id = $member AND author_id = $author", ("$member", memberId), ("$author", authorId));
            session.Execute("UPDATE feed_sizes SET size = size - $removed WHERE member_id = $member", ("$removed", removed), ("$member", memberId));
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<FeedItem>> PageAsync(string memberId, int limit, FeedCursor? after = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<FeedItem> page = session.Query(
            """
            SELECT item FROM feeds
            WHERE member_id = $member AND ($at IS NULL OR (posted_at, video_id) < ($at, $video))
            ORDER BY posted_at DESC, video_id DESC
            LIMIT $limit
            """,
            reader => JsonSerializer.Deserialize<FeedItem>(reader.GetString(0), Json)!,
            ("$member", memberId), ("$at", after?.PostedAt.ToUnixTimeMilliseconds()), ("$video", after?.VideoId), ("$limit", limit));
        return Task.FromResult(page);
    }

    public Task SetPulledAsync(string authorId, bool pulled, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.Execute(
            pulled ? "INSERT OR IGNORE INTO feed_pulled (author_id) VALUES ($author)" : "DELETE FROM feed_pulled WHERE author_id = $author",
            ("$author", authorId));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListPulledAsync(CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<string> authors = session.Query("SELECT author_id FROM feed_pulled", reader => reader.GetString(0));
        return Task.FromResult(authors);
    }

    private SqlSession Open() => SqliteMetadata.Open(connectionString);
}
