using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// Video records and the event outbox in the metadata database (<see cref="SqliteMetadata"/>): a record and the events
/// it raises are committed together, and the relay delivers the events afterwards, at least once.
/// </summary>
public sealed class SqliteVideoStore : IVideoStore, IOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string connectionString;

    public SqliteVideoStore(DataFolder data)
    {
        connectionString = SqliteMetadata.Prepare(data);
    }

    public Task<bool> TryCreateAsync(Video video, IReadOnlyList<CloudEvent> events, VideoAdmission? admission = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        var inserted = 0;
        // One write transaction: the owner's records read for the admission are what it is decided on, whoever else creates.
        session.InTransaction(() =>
        {
            if (session.Scalar<long>("SELECT COUNT(*) FROM videos WHERE id = $id", ("$id", video.Id)) > 0)
            {
                return;
            }

            admission?.Check(Recent(session, video.OwnerId, admission.Since), 0);
            inserted = session.Execute(
                """
                INSERT OR IGNORE INTO videos (id, owner, created_at, finished, removed, posted_at, remix_of, doc, version)
                VALUES ($id, $owner, $created, $finished, $removed, $posted, $remixOf, $doc, 1)
                """,
                ("$removed", video.IsRemoved ? 1 : 0), ("$posted", PostedAt(video)),
                ("$id", video.Id), ("$owner", video.OwnerId), ("$created", video.CreatedAt.ToUnixTimeMilliseconds()), ("$remixOf", video.RemixOf?.ParentId),
                ("$finished", video.IsFinished ? 1 : 0), ("$doc", JsonSerializer.Serialize(video, Json)));
            if (inserted == 1)
            {
                foreach (var cast in video.Cameos)
                {
                    session.Execute("INSERT INTO video_cameos (cameo_id, video_id) VALUES ($cameo, $video)", ("$cameo", cast.CameoId), ("$video", video.Id));
                }

                SqliteSearch.IndexPost(session, video);

                SqliteMetadata.Enqueue(session, events);
            }
        });
        if (inserted == 1)
        {
            video.Version = "1";
        }

        return Task.FromResult(inserted == 1);
    }

    public Task<Video?> GetAsync(string id, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query("SELECT doc, version FROM videos WHERE id = $id", Read, ("$id", id)).SingleOrDefault());
    }

    public Task<IReadOnlyList<Video>> ListAsync(
        string ownerId, int limit, string? after = null, bool draftsOnly = false, bool oldestFirst = false, CancellationToken cancellation = default)
    {
        using var session = Open();
        var (beyond, direction) = oldestFirst ? (">", "ASC") : ("<", "DESC");
        IReadOnlyList<Video> page = session.Query(
            $"""
            SELECT doc, version FROM videos
            WHERE owner = $owner AND removed = 0 AND ($drafts = 0 OR posted_at IS NULL)
              AND ($after IS NULL OR (created_at, id) {beyond} (SELECT created_at, id FROM videos WHERE id = $after))
            ORDER BY created_at {direction}, id {direction}
            LIMIT $limit
            """,
            Read,
            ("$owner", ownerId), ("$after", after), ("$limit", limit), ("$drafts", draftsOnly ? 1 : 0));
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<Video>> ListRecentAsync(string ownerId, DateTimeOffset since, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(Recent(session, ownerId, since));
    }

    private static IReadOnlyList<Video> Recent(SqlSession session, string ownerId, DateTimeOffset since) => session.Query(
        "SELECT doc, version FROM videos WHERE owner = $owner AND (created_at >= $since OR finished = 0)",
        Read, ("$owner", ownerId), ("$since", since.ToUnixTimeMilliseconds()));

    public Task<IReadOnlyList<Video>> ListPostedAsync(string ownerId, int limit, string? after = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Video> page = session.Query(
            """
            SELECT doc, version FROM videos
            WHERE owner = $owner AND posted_at IS NOT NULL
              AND ($after IS NULL OR (posted_at, id) < (SELECT posted_at, id FROM videos WHERE id = $after AND posted_at IS NOT NULL))
            ORDER BY posted_at DESC, id DESC
            LIMIT $limit
            """,
            Read,
            ("$owner", ownerId), ("$after", after), ("$limit", limit));
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<Video>> ListPostedByAsync(
        IReadOnlyList<string>? ownerIds, int limit, FeedCursor? after = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        var owners = ownerIds is null ? "" : "AND owner IN (SELECT value FROM json_each($owners))";
        IReadOnlyList<Video> page = session.Query(
            $"""
            SELECT doc, version FROM videos
            WHERE posted_at IS NOT NULL {owners} AND ($at IS NULL OR (posted_at, id) < ($at, $id))
            ORDER BY posted_at DESC, id DESC
            LIMIT $limit
            """,
            Read,
            ("$owners", ownerIds is null ? null : JsonSerializer.Serialize(ownerIds)), ("$at", after?.PostedAt.ToUnixTimeMilliseconds()),
            ("$id", after?.VideoId), ("$limit", limit));
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<Video>> SearchPostedAsync(PostQuery query, int limit, string? after = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        var before = after is null ? long.MaxValue : SqliteSearch.PostRow(session, after);
        if (before is null)
        {
            return Task.FromResult<IReadOnlyList<Video>>([]);
        }

        IReadOnlyList<Video> found = session.Query(
            """
            SELECT v.doc, v.version FROM post_search s
            JOIN post_search_rows r ON r.row = s.rowid
            JOIN videos v ON v.id = r.video_id
            WHERE post_search MATCH $match AND s.rowid < $before
            ORDER BY s.rowid DESC
            LIMIT $limit
            """,
            Read, ("$match", SqliteSearch.MatchAll(query.Terms)), ("$before", before), ("$limit", limit));
        return Task.FromResult(found);
    }

    public Task<IReadOnlyList<TagCount>> ListTrendingTagsAsync(DateTimeOffset since, int limit, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<TagCount> tags = session.Query(
            "SELECT tag, count(*) AS posts FROM post_tags WHERE posted_at >= $since GROUP BY tag ORDER BY posts DESC, tag LIMIT $limit",
            reader => new TagCount(reader.GetString(0), reader.GetInt32(1)), ("$since", since.ToUnixTimeMilliseconds()), ("$limit", limit));
        return Task.FromResult(tags);
    }

    public Task<IReadOnlyList<Video>> ListByCameoAsync(string cameoId, int limit, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Video> casting = session.Query(
            """
            SELECT v.doc, v.version FROM video_cameos c JOIN videos v ON v.id = c.video_id
            WHERE c.cameo_id = $cameo AND v.removed = 0
            LIMIT $limit
            """,
            Read, ("$cameo", cameoId), ("$limit", limit));
        return Task.FromResult(casting);
    }

    public Task<IReadOnlyList<Video>> ListRestorableAsync(string? ownerId, string? cameoId, int limit, CancellationToken cancellation = default)
    {
        using var session = Open();
        var holder = ownerId is not null ? "owner = $owner" : "id IN (SELECT video_id FROM video_cameos WHERE cameo_id = $cameo)";
        IReadOnlyList<Video> held = session.Query(
            $"SELECT doc, version FROM videos WHERE {holder} AND removed = 1 AND json_extract(doc, '$.takedownCode') = $code LIMIT $limit",
            Read, ("$owner", ownerId), ("$cameo", cameoId), ("$code", ModerationCodes.Removed), ("$limit", limit));
        return Task.FromResult(held);
    }

    public Task<IReadOnlyList<Video>> ListRemixesAsync(string parentId, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Video> remixes = session.Query(
            "SELECT doc, version FROM videos WHERE remix_of = $parent AND removed = 0", Read, ("$parent", parentId));
        return Task.FromResult(remixes);
    }

    public Task<IReadOnlyList<Video>> ListUnfinishedAsync(CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Video> unfinished = session.Query(
            "SELECT doc, version FROM videos WHERE finished = 0 ORDER BY created_at, id", Read);
        return Task.FromResult(unfinished);
    }

    public Task SaveAsync(Video video, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        video.Version = SqliteMetadata.SaveVersioned(
            connectionString, video.Id, video.Version,
            """
            UPDATE videos SET finished = $finished, removed = $removed, posted_at = $posted, doc = $doc, version = version + 1
            WHERE id = $id AND version = $version
            """,
            [("$finished", video.IsFinished ? 1 : 0), ("$removed", video.IsRemoved ? 1 : 0), ("$posted", PostedAt(video)), ("$doc", JsonSerializer.Serialize(video, Json))],
            events,
            session => SqliteSearch.IndexPost(session, video));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingEvent>> PendingAsync(int limit, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<PendingEvent> pending = session.Query(
            "SELECT seq, event FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT $limit",
            reader => new PendingEvent(
                reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), JsonSerializer.Deserialize<CloudEvent>(reader.GetString(1), Json)!),
            ("$limit", limit));
        return Task.FromResult(pending);
    }

    public Task MarkDeliveredAsync(IReadOnlyCollection<string> keys, CancellationToken cancellation = default)
    {
        using var session = Open();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        session.InTransaction(() =>
        {
            foreach (var key in keys)
            {
                session.Execute("UPDATE outbox SET delivered_at = $now WHERE seq = $seq", ("$now", now), ("$seq", long.Parse(key, CultureInfo.InvariantCulture)));
            }
        });
        return Task.CompletedTask;
    }

    /// <summary>The posting time the index keeps: none for a draft or a video taken down.</summary>
    private static long? PostedAt(Video video) => video.IsPosted ? video.PostedAt!.Value.ToUnixTimeMilliseconds() : null;

    private static Video Read(SqliteDataReader reader)
    {
        var video = JsonSerializer.Deserialize<Video>(reader.GetString(0), Json)!;
        video.Version = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        return video;
    }

    private SqlSession Open() => SqliteMetadata.Open(connectionString);
}
