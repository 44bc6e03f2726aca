using System.Globalization;
using System.Text.Json;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// The metadata database (one SQLite file, WAL, full sync) that the embedded stores share: videos, members, their
/// credentials and relations, cameos, likes, comments, views, notifications and the generators' lines, and the one outbox their events are queued in, in the same transaction as the change that raised them.
/// </summary>
public static class SqliteMetadata
{
    /// <summary>Each step takes the schema one version further (see <see cref="SqlSession.EnsureSchema"/>); append only.</summary>
    private static readonly string[] Migrations =
    [
        """
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
        """,
        // Each record's version, counted up by every save (the concurrency token).
        "ALTER TABLE videos ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        """
        CREATE TABLE members (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            doc TEXT NOT NULL,
            version INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE invites (
            code TEXT PRIMARY KEY,
            inviter TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            redeemed_by TEXT,
            redeemed_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX invites_by_inviter ON invites (inviter, created_at);
        CREATE TABLE credentials (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            member_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            prefix TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            last_used_at INTEGER,
            revoked_at INTEGER,
            anti_forgery TEXT
        ) WITHOUT ROWID;
        CREATE INDEX credentials_by_member ON credentials (member_id, kind, created_at);
        """,
        // Videos made before there were members belong to the machine's own member.
        """
        ALTER TABLE videos ADD COLUMN owner TEXT NOT NULL DEFAULT 'member_local';
        CREATE INDEX videos_by_owner ON videos (owner, created_at, id);
        """,
        """
        CREATE TABLE relations (
            from_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            to_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (from_id, kind, to_id)
        ) WITHOUT ROWID;
        CREATE INDEX relations_by_from ON relations (from_id, kind, created_at, to_id);
        CREATE INDEX relations_by_to ON relations (to_id, kind, created_at, from_id);
        """,
        "ALTER TABLE videos ADD COLUMN removed INTEGER NOT NULL DEFAULT 0",
        """
        CREATE TABLE cameos (
            id TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            doc TEXT NOT NULL,
            version INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX cameos_by_owner ON cameos (owner, created_at);
        CREATE INDEX cameos_by_status ON cameos (status);
        CREATE TABLE cameo_challenges (
            id TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            digits TEXT NOT NULL,
            turn TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            used_by TEXT
        ) WITHOUT ROWID;
        CREATE TABLE video_cameos (
            cameo_id TEXT NOT NULL,
            video_id TEXT NOT NULL,
            PRIMARY KEY (cameo_id, video_id)
        ) WITHOUT ROWID;
        """,
        // When a video was posted (null for a draft, and for one taken down): a member's posts, newest first.
        """
        ALTER TABLE videos ADD COLUMN posted_at INTEGER;
        CREATE INDEX videos_posted ON videos (owner, posted_at, id) WHERE posted_at IS NOT NULL;
        """,
        """
        CREATE TABLE likes (
            video_id TEXT NOT NULL,
            member_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (video_id, member_id)
        ) WITHOUT ROWID;
        CREATE TABLE comments (
            id TEXT PRIMARY KEY,
            video_id TEXT NOT NULL,
            parent_id TEXT,
            author TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            deleted_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX comments_by_video ON comments (video_id, parent_id, created_at, id);
        """,
        """
        CREATE TABLE notifications (
            id TEXT PRIMARY KEY,
            member_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT NOT NULL,
            video_id TEXT,
            comment_id TEXT,
            created_at INTEGER NOT NULL,
            read INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE INDEX notifications_by_member ON notifications (member_id, created_at, id);
        CREATE INDEX notifications_unread ON notifications (member_id, read);
        """,
        """
        CREATE TABLE views (
            video_id TEXT NOT NULL,
            member_id TEXT NOT NULL,
            day TEXT NOT NULL,
            PRIMARY KEY (video_id, member_id, day)
        ) WITHOUT ROWID;
        """,
        // The video a remix remixes: its remixes are labelled when it is taken down.
        """
        ALTER TABLE videos ADD COLUMN remix_of TEXT;
        CREATE INDEX videos_remixes ON videos (remix_of) WHERE remix_of IS NOT NULL;
        """,
        """
        CREATE TABLE remixes (
            video_id TEXT NOT NULL,
            remix_id TEXT NOT NULL,
            PRIMARY KEY (video_id, remix_id)
        ) WITHOUT ROWID;
        CREATE INDEX views_by_member ON views (member_id, video_id);
        CREATE INDEX likes_by_member ON likes (member_id, video_id);
        CREATE TABLE feeds (
            member_id TEXT NOT NULL,
            video_id TEXT NOT NULL,
            author_id TEXT NOT NULL,
            posted_at INTEGER NOT NULL,
            item TEXT NOT NULL,
            PRIMARY KEY (member_id, video_id)
        ) WITHOUT ROWID;
        CREATE INDEX feeds_by_time ON feeds (member_id, posted_at, video_id);
        CREATE INDEX feeds_by_video ON feeds (video_id);
        CREATE TABLE feed_sizes (
            member_id TEXT PRIMARY KEY,
            size INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX videos_by_posting ON videos (posted_at, id) WHERE posted_at IS NOT NULL;
        CREATE TABLE feed_pulled (
            author_id TEXT PRIMARY KEY
        ) WITHOUT ROWID;
        CREATE TABLE moderation_cases (
            id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            severity INTEGER NOT NULL,
            reports INTEGER NOT NULL,
            opened_at INTEGER NOT NULL,
            doc TEXT NOT NULL,
            version INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX moderation_queue ON moderation_cases (status, severity DESC, reports DESC, opened_at, id);
        CREATE TABLE shares (
            video_id TEXT NOT NULL,
            secret_sha256 TEXT NOT NULL,
            member_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (video_id, secret_sha256)
        ) WITHOUT ROWID;
        """,
        // A member's likes, latest first: the profile's liked posts.
        "CREATE INDEX likes_by_member_time ON likes (member_id, created_at, video_id);",
        """
        CREATE TABLE webhook_endpoints (
            id TEXT PRIMARY KEY,
            member_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            doc TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX webhook_endpoints_by_member ON webhook_endpoints (member_id, created_at);
        CREATE TABLE webhook_deliveries (
            id TEXT PRIMARY KEY,
            endpoint_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            doc TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at);
        """,
        SqliteSearch.Migration,
        // A character's handle, taken while it is verifying or active (usernames are checked beside it).
        """
        ALTER TABLE cameos ADD COLUMN handle TEXT;
        CREATE UNIQUE INDEX cameos_by_handle ON cameos (handle) WHERE handle IS NOT NULL AND status IN ('Verifying', 'Active');
        """,
        // The generators' lines: in fair order by turn, a member's entries, the holders due a check, the latest measured.
        """
        CREATE TABLE generation_queue (
            video_id TEXT PRIMARY KEY,
            pool TEXT NOT NULL,
            member_id TEXT NOT NULL,
            state TEXT NOT NULL,
            turn INTEGER NOT NULL,
            enqueued_at INTEGER NOT NULL,
            check_at INTEGER,
            generated_at INTEGER,
            measured INTEGER NOT NULL,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX generation_queue_line ON generation_queue (pool, state, turn, enqueued_at, video_id);
        CREATE INDEX generation_queue_by_member ON generation_queue (pool, member_id, state);
        CREATE INDEX generation_queue_checks ON generation_queue (pool, state, check_at);
        CREATE INDEX generation_queue_measured ON generation_queue (pool, measured, generated_at);
        """,
    ];

    /// <summary>Whether a character verifying or active has the handle: usernames and handles are one namespace.</summary>
    public const string HandleTaken = "SELECT count(*) FROM cameos WHERE handle = $handle AND status IN ('Verifying', 'Active')";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates the data folder and brings the database to the newest schema; returns its connection string.</summary>
    public static string Prepare(DataFolder data)
    {
        FileStorage.Run("Creating the data folder", () => Directory.CreateDirectory(data.Root));
        var connectionString = SqlSession.ConnectionStringFor(data.MetadataDatabase);
        using var session = Open(connectionString);
        session.Execute("PRAGMA journal_mode=WAL");
        session.EnsureSchema("metadata store", Migrations);
        SqliteSearch.Backfill(session);
        return connectionString;
    }

    public static SqlSession Open(string connectionString) => SqlSession.Open(connectionString, "PRAGMA synchronous=FULL");

    /// <summary>
    /// Saves a record read as <paramref name="readVersion"/>: runs <paramref name="update"/> (which sets the columns and
    /// <c>version = version + 1</c> where <c>id = $id AND version = $version</c>) and queues the events, in one
    /// transaction with what <paramref name="alongside"/> writes (the search indexes); answers the new version, or throws
    /// <see cref="VersionConflictException"/> when the stored record changed since it was read.
    /// </summary>
    public static string SaveVersioned(
        string connectionString, string id, string? readVersion, string update, IReadOnlyList<(string Name, object? Value)> columns, IReadOnlyList<CloudEvent> events,
        Action<SqlSession>? alongside = null)
    {
        var version = long.Parse(readVersion ?? throw new InvalidOperationException($"{id} was not read from the store."), CultureInfo.InvariantCulture);
        using var session = Open(connectionString);
        session.InTransaction(() =>
        {
            if (session.Execute(update, [.. columns, ("$id", id), ("$version", version)]) == 0)
            {
                throw new VersionConflictException(id);
            }

            alongside?.Invoke(session);
            Enqueue(session, events);
        });
        return (version + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Queues events in the outbox, inside the caller's transaction.</summary>
    public static void Enqueue(SqlSession session, IReadOnlyList<CloudEvent> events)
    {
        foreach (var cloudEvent in events)
        {
            session.Execute("INSERT INTO outbox (event) VALUES ($event)", ("$event", JsonSerializer.Serialize(cloudEvent, Json)));
        }
    }
}
