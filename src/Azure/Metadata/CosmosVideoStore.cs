using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Video records and their event outbox on Cosmos DB for NoSQL, one document per video in one container partitioned by
/// <c>/id</c>:
/// <code>{ "id", "createdAtMs", "finished", "pending", "video": {…}, "outbox": [CloudEvent…] }</code>
/// Access paths, and their cost for a ~2 KB record (request units as Cosmos DB charges them):
/// <list type="bullet">
/// <item>read by id (status polls, every pipeline step): a point read in the record's own partition, 1 RU;</item>
/// <item>create: ~7 RU; 409 when the id exists (a retried request);</item>
/// <item>save: one patch of <c>/video</c> and <c>/finished</c> that appends the events to <c>/outbox</c>, guarded by
/// the ETag the record was read with (If-Match), so the record and its events commit together without a transaction
/// (Cosmos DB's batches are per partition, and this is one document): ~10 RU;</item>
/// <item>a page of the newest videos: a point read of the cursor (1 RU) and one query ordered by the composite index
/// (createdAtMs DESC, id DESC), ~3 RU for 20 items while the container fits one physical partition (a cross-partition
/// query fans out one request per physical partition);</item>
/// <item>unfinished videos (resume after a restart) and pending events (the relay): queries on the range-indexed
/// booleans <c>finished</c> and <c>pending</c>, ~3 RU when they match nothing.</item>
/// </list>
/// Pages follow continuation tokens: Cosmos DB may return fewer items than asked with a token for the rest. Before a
/// cross-partition query the SDK asks the gateway for a query plan (on Linux it cannot compute one itself), a request
/// without a charge. <c>bench/Cosmos</c> counts each operation's requests.
/// </summary>
public sealed class CosmosVideoStore(Container container) : IVideoStore, IOutbox
{
    /// <summary>Cosmos DB's limit on the operations of one patch.</summary>
    private const int MaxPatchOperations = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Creates the database and the container (partition key, composite index) if they don't exist.</summary>
    public static async Task<Container> CreateIfMissingAsync(CosmosClient client, string database, string container, CancellationToken cancellation = default)
    {
        var properties = new ContainerProperties(container, "/id");
        properties.IndexingPolicy.CompositeIndexes.Add(
        [
            new CompositePath { Path = "/createdAtMs", Order = CompositePathSortOrder.Descending },
            new CompositePath { Path = "/id", Order = CompositePathSortOrder.Descending },
        ]);
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/video/*" });
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/outbox/*" });
        Database created = await client.CreateDatabaseIfNotExistsAsync(database, cancellationToken: cancellation);
        return await created.CreateContainerIfNotExistsAsync(properties, cancellationToken: cancellation);
    }

    public async Task<bool> TryCreateAsync(Video video, CancellationToken cancellation = default)
    {
        using var body = Serialize(new Document(video.Id, video.CreatedAt.ToUnixTimeMilliseconds(), video.IsFinished, false, video, []));
        using var response = await container.CreateItemStreamAsync(body, PartitionOf(video.Id), cancellationToken: cancellation);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        video.Version = response.Headers.ETag;
        return true;
    }

    public async Task<Video?> GetAsync(string id, CancellationToken cancellation = default) =>
        (await ReadAsync(id, cancellation))?.Read();

    public async Task<IReadOnlyList<Video>> ListAsync(int limit, string? after = null, CancellationToken cancellation = default)
    {
        var query = new QueryDefinition("SELECT * FROM c ORDER BY c.createdAtMs DESC, c.id DESC");
        if (after is not null)
        {
            if (await ReadAsync(after, cancellation) is not { } cursor)
            {
                return [];
            }

            query = new QueryDefinition(
                    """
                    SELECT * FROM c
                    WHERE c.createdAtMs < @createdAtMs OR (c.createdAtMs = @createdAtMs AND c.id < @id)
                    ORDER BY c.createdAtMs DESC, c.id DESC
                    """)
                .WithParameter("@createdAtMs", cursor.CreatedAtMs)
                .WithParameter("@id", after);
        }

        return [.. (await QueryAsync(query, limit, cancellation)).Select(document => document.Read())];
    }

    /// <summary>All of them, read in the composite index's order and reversed (one index serves every query).</summary>
    public async Task<IReadOnlyList<Video>> ListUnfinishedAsync(CancellationToken cancellation = default) =>
        [.. (await QueryAsync(
                new QueryDefinition("SELECT * FROM c WHERE c.finished = false ORDER BY c.createdAtMs DESC, c.id DESC"),
                int.MaxValue, cancellation))
            .Select(document => document.Read()).Reverse()];

    public async Task SaveAsync(Video video, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        var version = video.Version ?? throw new InvalidOperationException($"{video.Id} was not read from the store.");
        List<PatchOperation> operations = [PatchOperation.Set("/video", video), PatchOperation.Set("/finished", video.IsFinished)];
        if (events.Count > 0)
        {
            operations.Add(PatchOperation.Set("/pending", true));
            operations.AddRange(events.Select(cloudEvent => PatchOperation.Add("/outbox/-", cloudEvent)));
        }

        if (operations.Count > MaxPatchOperations)
        {
            throw new ArgumentException($"A save can queue at most {MaxPatchOperations - 3} events.", nameof(events));
        }

        using var response = await container.PatchItemStreamAsync(
            video.Id, PartitionOf(video.Id), operations, new PatchItemRequestOptions { IfMatchEtag = version }, cancellation);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new VersionConflictException(video.Id);
        }

        response.EnsureSuccessStatusCode();
        video.Version = response.Headers.ETag;
    }

    public async Task<IReadOnlyList<PendingEvent>> PendingAsync(int limit, CancellationToken cancellation = default)
    {
        var documents = await QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.pending = true"), limit, cancellation);
        return [.. documents.SelectMany(document => document.Outbox.Select(e => new PendingEvent($"{document.Id}/{e.Id}", e))).Take(limit)];
    }

    /// <summary>
    /// Removes delivered events from each record's outbox, guarded by its ETag: a save that lands in between makes the
    /// removal read the record again, so its new events stay.
    /// </summary>
    public async Task MarkDeliveredAsync(IReadOnlyCollection<string> keys, CancellationToken cancellation = default)
    {
        foreach (var delivered in keys.Select(key => key.Split('/', 2)).GroupBy(parts => parts[0], parts => parts[1]))
        {
            while (await ReadAsync(delivered.Key, cancellation) is { } document)
            {
                var remaining = document.Outbox.Where(e => !delivered.Contains(e.Id)).ToList();
                if (remaining.Count == document.Outbox.Count)
                {
                    break;
                }

                using var response = await container.PatchItemStreamAsync(
                    document.Id, PartitionOf(document.Id),
                    [PatchOperation.Set("/outbox", remaining), PatchOperation.Set("/pending", remaining.Count > 0)],
                    new PatchItemRequestOptions { IfMatchEtag = document.ETag }, cancellation);
                if (response.StatusCode != HttpStatusCode.PreconditionFailed)
                {
                    response.EnsureSuccessStatusCode();
                    break;
                }
            }
        }
    }

    private async Task<Document?> ReadAsync(string id, CancellationToken cancellation)
    {
        using var response = await container.ReadItemStreamAsync(id, PartitionOf(id), cancellationToken: cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await JsonSerializer.DeserializeAsync<Document>(response.Content, Json, cancellation);
    }

    /// <summary>Up to <paramref name="limit"/> documents, page after page (each asks for what is still missing).</summary>
    private async Task<List<Document>> QueryAsync(QueryDefinition query, int limit, CancellationToken cancellation)
    {
        var documents = new List<Document>();
        string? continuation = null;
        do
        {
            using var pages = container.GetItemQueryStreamIterator(
                query, continuation, new QueryRequestOptions { MaxItemCount = Math.Min(limit - documents.Count, 1000) });
            using var page = await pages.ReadNextAsync(cancellation);
            page.EnsureSuccessStatusCode();
            var body = await JsonSerializer.DeserializeAsync<QueryPage>(page.Content, Json, cancellation);
            documents.AddRange(body!.Documents);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null && documents.Count < limit);

        return documents;
    }

    private static PartitionKey PartitionOf(string id) => new(id);

    private static MemoryStream Serialize(Document document) => new(JsonSerializer.SerializeToUtf8Bytes(document, Json));

    private sealed record Document(
        string Id, long CreatedAtMs, bool Finished, bool Pending, Video Video, IReadOnlyList<CloudEvent> Outbox)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public Video Read()
        {
            Video.Version = ETag;
            return Video;
        }
    }

    private sealed record QueryPage(IReadOnlyList<Document> Documents);
}
