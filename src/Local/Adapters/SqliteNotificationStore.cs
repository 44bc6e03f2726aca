using Microsoft.Data.Sqlite;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Social;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>Notifications in the metadata database (<see cref="SqliteMetadata"/>), indexed by member and time.</summary>
public sealed class SqliteNotificationStore(DataFolder data) : INotificationStore
{
    private const string Columns = "id, member_id, kind, actor, video_id, comment_id, created_at, read";

    private readonly string connectionString = SqliteMetadata.Prepare(data);

    public Task AddAsync(Notification notification, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.Execute(
            $"INSERT OR IGNORE INTO notifications ({Columns}) VALUES ($id, $member, $kind, $actor, $video, $comment, $at, 0)",
            ("$id", notification.Id), ("$member", notification.MemberId), ("$kind", notification.Kind.ToString()), ("$actor", notification.ActorId),
            ("$video", notification.VideoId), ("$comment", notification.CommentId), ("$at", notification.CreatedAt.ToUnixTimeMilliseconds()));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Notification>> ListAsync(string memberId, int limit, string? after = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Notification> page = session.Query(
            $"""
            SELECT {Columns} FROM notifications
            WHERE member_id = $member
              AND ($after IS NULL OR (created_at, id) < (SELECT created_at, id FROM notifications WHERE id = $after AND member_id = $member))
            ORDER BY created_at DESC, id DESC
            LIMIT $limit
            """,
            Read, ("$member", memberId), ("$after", after), ("$limit", limit));
        return Task.FromResult(page);
    }

    public Task<int> CountUnreadAsync(string memberId, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult((int)session.Scalar<long>("SELECT count(*) FROM notifications WHERE member_id = $member AND read = 0", ("$member", memberId)));
    }

    public Task MarkReadAsync(string memberId, DateTimeOffset upTo, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.Execute(
            "UPDATE notifications SET read = 1 WHERE member_id = $member AND read = 0 AND created_at <= $upTo",
            ("$member", memberId), ("$upTo", upTo.ToUnixTimeMilliseconds()));
        return Task.CompletedTask;
    }

    private static Notification Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), Enum.Parse<NotificationKind>(reader.GetString(2)), reader.GetString(3), reader.GetNullableString(4),
        reader.GetNullableString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)), reader.GetInt64(7) == 1);

    private SqlSession Open() => SqliteMetadata.Open(connectionString);
}
