using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// Video records and the event outbox in one SQLite file (WAL, full sync): a record and the events it raises are
/// committed together, and the relay delivers the events afterwards, at least once.
/// </summary>
public sealed class SqliteVideoStore : IVideoStore, IOutbox
{
    private const int SchemaVersion = 1;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS videos (
            id TEXT PRIMARY KEY,
            created_at INTEGER NOT NULL,
            finished INTEGER NOT NULL,
            doc TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS videos_by_created ON videos (created_at, id);
        CREATE INDEX IF NOT EXISTS videos_unfinished ON videos (finished, created_at);
        CREATE TABLE IF NOT EXISTS outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            event TEXT NOT NULL,
            delivered_at INTEGER
        );
        CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (delivered_at, seq);
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string connectionString;

    public SqliteVideoStore(DataFolder data)
    {
        Directory.CreateDirectory(data.Root);
        connectionString = SqlSession.ConnectionStringFor(data.MetadataDatabase);
        using var session = Open();
        session.Execute("PRAGMA journal_mode=WAL");
        session.EnsureSchema(SchemaVersion, Schema, "video store");
    }

    public Task<bool> TryCreateAsync(Video video, CancellationToken cancellation = default)
    {
        using var session = Open();
        var inserted = session.Execute(
            "INSERT OR IGNORE INTO videos (id, created_at, finished, doc) VALUES ($id, $created, $finished, $doc)",
            ("$id", video.Id), ("$created", video.CreatedAt.ToUnixTimeMilliseconds()),
            ("$finished", video.IsFinished ? 1 : 0), ("$doc", JsonSerializer.Serialize(video, Json)));
        return Task.FromResult(inserted == 1);
    }

    public Task<Video?> GetAsync(string id, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query("SELECT doc FROM videos WHERE id = $id", Read, ("$id", id)).SingleOrDefault());
    }

    public Task<IReadOnlyList<Video>> ListAsync(int limit, string? after = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Video> page = session.Query(
            """
            SELECT doc FROM videos
            WHERE $after IS NULL
               OR (created_at, id) < (SELECT created_at, id FROM videos WHERE id = $after)
            ORDER BY created_at DESC, id DESC
            LIMIT $limit
            """,
            Read,
            ("$after", after), ("$limit", limit));
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<Video>> ListUnfinishedAsync(CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Video> unfinished = session.Query(
            "SELECT doc FROM videos WHERE finished = 0 ORDER BY created_at, id", Read);
        return Task.FromResult(unfinished);
    }

    public Task SaveAsync(Video video, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.InTransaction(() =>
        {
            session.Execute(
                "UPDATE videos SET finished = $finished, doc = $doc WHERE id = $id",
                ("$finished", video.IsFinished ? 1 : 0), ("$doc", JsonSerializer.Serialize(video, Json)), ("$id", video.Id));
            foreach (var cloudEvent in events)
            {
                session.Execute("INSERT INTO outbox (event) VALUES ($event)", ("$event", JsonSerializer.Serialize(cloudEvent, Json)));
            }
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<(long Sequence, CloudEvent Event)>> PendingAsync(int limit, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<(long, CloudEvent)> pending = session.Query(
            "SELECT seq, event FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT $limit",
            reader => (reader.GetInt64(0), JsonSerializer.Deserialize<CloudEvent>(reader.GetString(1), Json)!),
            ("$limit", limit));
        return Task.FromResult(pending);
    }

    public Task MarkDeliveredAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellation = default)
    {
        using var session = Open();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        session.InTransaction(() =>
        {
            foreach (var sequence in sequences)
            {
                session.Execute("UPDATE outbox SET delivered_at = $now WHERE seq = $seq", ("$now", now), ("$seq", sequence));
            }
        });
        return Task.CompletedTask;
    }

    private static Video Read(SqliteDataReader reader) => JsonSerializer.Deserialize<Video>(reader.GetString(0), Json)!;

    private SqlSession Open() => SqlSession.Open(connectionString, "PRAGMA synchronous=FULL");
}
