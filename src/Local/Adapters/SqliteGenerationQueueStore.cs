using System.Globalization;
using System.Text.Json;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// The generators' lines in the metadata database (<see cref="SqliteMetadata"/>): an entry a row, its state, turn, member
/// and next check as columns for the line's order and the holders due a check; every write guarded by the row's version, a grant's also by the count of the
/// pool's holders in the same statement (SQLite writes one at a time, so no two grants pass the same count). Done
/// entries older than <see cref="QueueEntry.DoneKept"/> are dropped as new ones are done.
/// </summary>
public sealed class SqliteGenerationQueueStore(DataFolder data) : IGenerationQueueStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string connectionString = SqliteMetadata.Prepare(data);

    public async Task<QueueEntry> AddAsync(QueueEntry entry, CancellationToken cancellation = default)
    {
        using (var session = SqliteMetadata.Open(connectionString))
        {
            session.Execute(
                """
                INSERT INTO generation_queue (video_id, pool, member_id, state, turn, enqueued_at, check_at, generated_at, measured, version, doc)
                VALUES ($id, $pool, $member, $state, $turn, $enqueued, $check, $generated, $measured, 1, $doc) ON CONFLICT (video_id) DO NOTHING
                """,
                Parameters(entry));
        }

        return await GetAsync(entry.Pool, entry.VideoId, cancellation) ?? throw new InvalidOperationException($"The queue entry of {entry.VideoId} vanished.");
    }

    public async Task<QueueEntry?> GetAsync(string pool, string videoId, CancellationToken cancellation = default) =>
        (await EntriesAsync(pool, "video_id = $id", ("$id", videoId))).SingleOrDefault();

    public Task<int> HoldingAsync(string pool, CancellationToken cancellation = default)
    {
        using var session = SqliteMetadata.Open(connectionString);
        return Task.FromResult((int)session.Scalar<long>("SELECT count(*) FROM generation_queue WHERE pool = $pool AND state = 'Generating'", ("$pool", pool)));
    }

    public Task<IReadOnlyList<QueueEntry>> DueAsync(string pool, DateTimeOffset dueBy, int limit, CancellationToken cancellation = default) =>
        EntriesAsync(pool, "state = 'Generating' AND check_at < $due ORDER BY check_at LIMIT $limit", ("$due", dueBy.ToUnixTimeMilliseconds()), ("$limit", limit));

    public Task<IReadOnlyList<QueueEntry>> GeneratingAsync(string pool, CancellationToken cancellation = default) =>
        EntriesAsync(pool, "state = 'Generating'");

    public Task<IReadOnlyList<QueueEntry>> WaitingAsync(string pool, int limit, CancellationToken cancellation = default) =>
        EntriesAsync(pool, "state = 'Waiting' ORDER BY turn, enqueued_at, video_id LIMIT $limit", ("$limit", limit));

    public Task<bool> SaveAsync(QueueEntry entry, CancellationToken cancellation = default)
    {
        using var session = SqliteMetadata.Open(connectionString);
        var saved = false;
        session.InTransaction(() =>
        {
            saved = session.Execute(Update, [.. Parameters(entry), ("$version", VersionOf(entry))]) == 1;
            if (saved && entry.State == QueueState.Done)
            {
                session.Execute(
                    "DELETE FROM generation_queue WHERE pool = $pool AND state = 'Done' AND generated_at < $cutoff",
                    ("$pool", entry.Pool), ("$cutoff", (entry.GeneratedAt!.Value - QueueEntry.DoneKept).ToUnixTimeMilliseconds()));
            }
        });
        return Task.FromResult(saved);
    }

    public Task<bool> GrantAsync(QueueEntry granted, int slots, CancellationToken cancellation = default)
    {
        using var session = SqliteMetadata.Open(connectionString);
        return Task.FromResult(session.Execute(
            $"{Update} AND (SELECT count(*) FROM generation_queue WHERE pool = $pool AND state = 'Generating') < $slots",
            [.. Parameters(granted), ("$version", VersionOf(granted)), ("$slots", slots)]) == 1);
    }

    public Task<bool> DeleteAsync(QueueEntry entry, CancellationToken cancellation = default)
    {
        using var session = SqliteMetadata.Open(connectionString);
        var deleted = false;
        session.InTransaction(() => deleted =
            session.Execute("DELETE FROM generation_queue WHERE video_id = $id AND pool = $pool AND version = $version", ("$id", entry.VideoId), ("$pool", entry.Pool), ("$version", VersionOf(entry))) == 1
            || session.Scalar<long>("SELECT count(*) FROM generation_queue WHERE video_id = $id AND pool = $pool", ("$id", entry.VideoId), ("$pool", entry.Pool)) == 0);
        return Task.FromResult(deleted);
    }

    public Task<IReadOnlyList<QueueEntry>> InLineAsync(string pool, string memberId, CancellationToken cancellation = default) =>
        EntriesAsync(pool, "member_id = $member AND state IN ('Waiting', 'Generating')", ("$member", memberId));

    public Task<IReadOnlyList<QueueEntry>> RecentAsync(string pool, int limit, CancellationToken cancellation = default) =>
        EntriesAsync(pool, "measured = 1 ORDER BY generated_at DESC LIMIT $limit", ("$limit", limit));

    /// <summary>The pool's entries that meet <paramref name="condition"/> (and its order and limit), as read with their versions.</summary>
    private Task<IReadOnlyList<QueueEntry>> EntriesAsync(string pool, string condition, params (string Name, object? Value)[] parameters)
    {
        using var session = SqliteMetadata.Open(connectionString);
        IReadOnlyList<QueueEntry> entries = session.Query(
            $"SELECT doc, version FROM generation_queue WHERE pool = $pool AND {condition}",
            reader => JsonSerializer.Deserialize<QueueEntry>(reader.GetString(0), Json)! with { Version = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture) },
            [("$pool", pool), .. parameters]);
        return Task.FromResult(entries);
    }

    /// <summary>Rewrites the row read as <c>$version</c>; a grant adds its count of holders to the condition.</summary>
    private const string Update =
        """
        UPDATE generation_queue SET state = $state, turn = $turn, check_at = $check, generated_at = $generated, measured = $measured, doc = $doc, version = version + 1
        WHERE video_id = $id AND pool = $pool AND version = $version
        """;

    private static (string Name, object? Value)[] Parameters(QueueEntry entry) =>
    [
        ("$id", entry.VideoId), ("$pool", entry.Pool), ("$member", entry.MemberId), ("$state", entry.State.ToString()),
        ("$turn", entry.Turn.ToUnixTimeMilliseconds()), ("$enqueued", entry.EnqueuedAt.ToUnixTimeMilliseconds()), ("$check", entry.CheckAt?.ToUnixTimeMilliseconds()),
        ("$generated", entry.GeneratedAt?.ToUnixTimeMilliseconds()), ("$measured", entry.State == QueueState.Done && entry.GenerationSeconds is not null ? 1 : 0),
        ("$doc", JsonSerializer.Serialize(entry, Json)),
    ];

    private static long VersionOf(QueueEntry entry) =>
        long.Parse(entry.Version ?? throw new InvalidOperationException($"The queue entry of {entry.VideoId} was not read from the store."), CultureInfo.InvariantCulture);
}
