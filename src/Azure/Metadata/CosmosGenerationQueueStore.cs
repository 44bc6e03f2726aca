using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Capacity;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// The generators' lines on Cosmos DB, in a container of their own partitioned by <c>/pool</c>, so that a line is one
/// logical partition and every read of it a single-partition query:
/// <list type="bullet">
/// <item>an entry a document under its video's id (a point read, ~1 RU), its state, turn and member beside it for the
/// queries; every write a patch guarded by its ETag;</item>
/// <item>the line: the holders (<c>state = 'Generating'</c>: their count, those due a check by <c>checkAtMs</c>, or all for a
/// plan of the line) and the first in line ordered by the composite index (turnMs, enqueuedAtMs, id);</item>
/// <item>a grant: Cosmos DB has no transaction across documents, so grants are admitted one at a time through the line's
/// gate document (<see cref="CosmosDocuments.AdmitAsync"/>): each counts the holders plus the grants admitted in the last
/// <see cref="GrantSettle"/> not yet written, and only then is the entry patched;</item>
/// <item>a done entry carries a <c>ttl</c> of a day (the container's default TTL is on, -1, as is every other entry's),
/// after which Cosmos DB drops it.</item>
/// </list>
/// </summary>
public sealed class CosmosGenerationQueueStore(Container container) : IGenerationQueueStore
{
    public const string PartitionPath = "/pool";

    /// <summary>How long a grant stays counted at the gate before its entry must show it.</summary>
    public static readonly TimeSpan GrantSettle = TimeSpan.FromSeconds(30);

    private const string Gate = "~gate";

    public static Task<Container> CreateIfMissingAsync(CosmosClient client, string database, string container, CancellationToken cancellation = default) =>
        CosmosDocuments.CreateIfMissingAsync(client, database, container, index =>
        {
            index.CompositeIndexes.Add(
            [
                new CompositePath { Path = "/turnMs", Order = CompositePathSortOrder.Ascending },
                new CompositePath { Path = "/enqueuedAtMs", Order = CompositePathSortOrder.Ascending },
                new CompositePath { Path = "/id", Order = CompositePathSortOrder.Ascending },
            ]);
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/entry/*" });
        }, cancellation, PartitionPath, defaultTimeToLive: -1);

    public async Task<QueueEntry> AddAsync(QueueEntry entry, CancellationToken cancellation = default)
    {
        await Line(entry.Pool).CreateAsync(entry.VideoId, EntryDocument.From(entry), cancellation);
        return await GetAsync(entry.Pool, entry.VideoId, cancellation) ?? throw new InvalidOperationException($"The queue entry of {entry.VideoId} vanished.");
    }

    public async Task<QueueEntry?> GetAsync(string pool, string videoId, CancellationToken cancellation = default) =>
        await Line(pool).ReadAsync<EntryDocument>(videoId, cancellation) is { Type: EntryDocument.Kind } document ? document.ToEntry() : null;

    public async Task<int> HoldingAsync(string pool, CancellationToken cancellation = default) =>
        (await Line(pool).QueryAsync<int>(
            new QueryDefinition($"SELECT VALUE COUNT(1) FROM c WHERE c.pool = @pool AND c.type = '{EntryDocument.Kind}' AND c.state = 'Generating'").WithParameter("@pool", pool),
            1, cancellation, new PartitionKey(pool))).Single();

    public async Task<IReadOnlyList<QueueEntry>> DueAsync(string pool, DateTimeOffset dueBy, int limit, CancellationToken cancellation = default) =>
        await QueryAsync(
            pool,
            new QueryDefinition($"SELECT * FROM c WHERE c.pool = @pool AND c.type = '{EntryDocument.Kind}' AND c.state = 'Generating' AND c.checkAtMs < @due ORDER BY c.checkAtMs")
                .WithParameter("@due", dueBy.ToUnixTimeMilliseconds()),
            limit, cancellation);

    public async Task<IReadOnlyList<QueueEntry>> GeneratingAsync(string pool, CancellationToken cancellation = default) =>
        await QueryAsync(pool, new QueryDefinition($"SELECT * FROM c WHERE c.pool = @pool AND c.type = '{EntryDocument.Kind}' AND c.state = 'Generating'"), int.MaxValue, cancellation);

    public async Task<IReadOnlyList<QueueEntry>> WaitingAsync(string pool, int limit, CancellationToken cancellation = default) =>
        await QueryAsync(
            pool,
            new QueryDefinition($"SELECT * FROM c WHERE c.pool = @pool AND c.type = '{EntryDocument.Kind}' AND c.state = 'Waiting' ORDER BY c.turnMs, c.enqueuedAtMs, c.id"),
            limit, cancellation);

    public async Task<bool> SaveAsync(QueueEntry entry, CancellationToken cancellation = default) =>
        await Line(entry.Pool).PatchAsync(entry.VideoId, EntryDocument.From(entry).Patch(), entry.Version ?? throw NotRead(entry), cancellation) is not null;

    public async Task<bool> GrantAsync(QueueEntry granted, int slots, CancellationToken cancellation = default)
    {
        var claim = $"{granted.VideoId}/{granted.Attempt}";
        var admitted = await Line(granted.Pool).AdmitAsync(Gate, claim, granted.GrantedAt!.Value, GrantSettle, async settling =>
        {
            var holders = await HoldingAsync(granted.Pool, cancellation);
            foreach (var (videoId, attempt) in settling.Select(Claimed))
            {
                // A grant not yet written shows its attempt waiting still (a written one is a holder, counted; one done
                // or gone since, or another attempt's, holds nothing).
                holders += await GetAsync(granted.Pool, videoId, cancellation) is { State: QueueState.Waiting } entry && entry.Attempt == attempt ? 1 : 0;
            }

            return holders < slots;
        }, cancellation);
        return admitted && await SaveAsync(granted, cancellation);
    }

    public Task<bool> DeleteAsync(QueueEntry entry, CancellationToken cancellation = default) =>
        Line(entry.Pool).DeleteAsync(entry.VideoId, cancellation, entry.Version ?? throw NotRead(entry));

    public async Task<IReadOnlyList<QueueEntry>> InLineAsync(string pool, string memberId, CancellationToken cancellation = default) =>
        await QueryAsync(
            pool,
            new QueryDefinition($"SELECT * FROM c WHERE c.pool = @pool AND c.type = '{EntryDocument.Kind}' AND c.memberId = @member AND (c.state = 'Waiting' OR c.state = 'Generating')")
                .WithParameter("@member", memberId),
            int.MaxValue, cancellation);

    public async Task<IReadOnlyList<QueueEntry>> RecentAsync(string pool, int limit, CancellationToken cancellation = default) =>
        await QueryAsync(
            pool,
            new QueryDefinition($"SELECT * FROM c WHERE c.pool = @pool AND c.type = '{EntryDocument.Kind}' AND c.measured = true ORDER BY c.generatedAtMs DESC"),
            limit, cancellation);

    private static (string VideoId, int Attempt) Claimed(string claim) =>
        (claim[..claim.LastIndexOf('/')], int.Parse(claim[(claim.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private CosmosDocuments Line(string pool) => new(container, _ => new PartitionKey(pool), ("pool", pool));

    /// <summary>A query of the line's partition (its text names the pool too, as the emulator wants of a single-partition query).</summary>
    private async Task<IReadOnlyList<QueueEntry>> QueryAsync(string pool, QueryDefinition query, int limit, CancellationToken cancellation) =>
        limit == 0 ? [] : [.. (await Line(pool).QueryAsync<EntryDocument>(query.WithParameter("@pool", pool), limit, cancellation, new PartitionKey(pool)))
            .Take(limit).Select(document => document.ToEntry())];

    private static InvalidOperationException NotRead(QueueEntry entry) => new($"The queue entry of {entry.VideoId} was not read from the store.");

    private sealed record EntryDocument(
        string Id, string Pool, string Type, string MemberId, string State, long TurnMs, long EnqueuedAtMs, long? CheckAtMs, long? GeneratedAtMs, bool Measured, int Ttl,
        QueueEntry Entry)
    {
        public const string Kind = "queue_entry";

        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public static EntryDocument From(QueueEntry entry) => new(
            entry.VideoId, entry.Pool, Kind, entry.MemberId, entry.State.ToString(), entry.Turn.ToUnixTimeMilliseconds(), entry.EnqueuedAt.ToUnixTimeMilliseconds(),
            entry.CheckAt?.ToUnixTimeMilliseconds(), entry.GeneratedAt?.ToUnixTimeMilliseconds(), entry.State == QueueState.Done && entry.GenerationSeconds is not null,
            entry.State == QueueState.Done ? (int)QueueEntry.DoneKept.TotalSeconds : -1, entry);

        public QueueEntry ToEntry() => Entry with { Version = ETag };

        /// <summary>What a save rewrites (everything but the id and the partition).</summary>
        public IReadOnlyList<PatchOperation> Patch() =>
        [
            PatchOperation.Set("/state", State), PatchOperation.Set("/turnMs", TurnMs), PatchOperation.Set("/checkAtMs", CheckAtMs), PatchOperation.Set("/generatedAtMs", GeneratedAtMs),
            PatchOperation.Set("/measured", Measured), PatchOperation.Set("/ttl", Ttl), PatchOperation.Set("/entry", Entry),
        ];
    }
}
