using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// The document operations the Cosmos DB stores share, on a container partitioned by <c>/id</c> (each document its own
/// logical partition, so every read by id is a 1 RU point read) or by a key its ids begin with: create once, read with the ETag, patch guarded by it,
/// query page after page, and an outbox kept in the documents themselves (<c>outbox</c> and <c>pending</c>), so a
/// change and its events commit in one write.
/// </summary>
/// <remarks>
/// A container partitioned by a field its ids do not begin with names that field (<paramref name="partitionField"/>, the
/// field and this instance's value), so the documents the helper makes itself (an admission's gate) carry it too.
/// </remarks>
public sealed class CosmosDocuments(Container container, Func<string, PartitionKey>? partitionKeyOf = null, (string Name, string Value)? partitionField = null)
{
    /// <summary>Each document's partition key, from its id: the id itself unless the container is partitioned otherwise.</summary>
    private readonly Func<string, PartitionKey> partitionOf = partitionKeyOf ?? (id => new PartitionKey(id));

    /// <summary>Cosmos DB's limit on the operations of one patch.</summary>
    public const int MaxPatchOperations = 10;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Creates the database and a container partitioned by <paramref name="partitionPath"/> if they don't exist; with
    /// <paramref name="defaultTimeToLive"/> (-1: on, each document's own <c>ttl</c>) Cosmos DB drops documents as they expire.
    /// </summary>
    public static async Task<Container> CreateIfMissingAsync(
        CosmosClient client, string database, string container, Action<IndexingPolicy> index, CancellationToken cancellation, string partitionPath = "/id",
        int? defaultTimeToLive = null)
    {
        var properties = new ContainerProperties(container, partitionPath) { DefaultTimeToLive = defaultTimeToLive };
        index(properties.IndexingPolicy);
        Database created = await client.CreateDatabaseIfNotExistsAsync(database, cancellationToken: cancellation);
        return await created.CreateContainerIfNotExistsAsync(properties, cancellationToken: cancellation);
    }

    /// <summary>Creates the document; false when one with its id exists. Returns the new ETag through <paramref name="etag"/>.</summary>
    public async Task<(bool Created, string? ETag)> CreateAsync<T>(string id, T document, CancellationToken cancellation)
    {
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(document, Json));
        using var response = await container.CreateItemStreamAsync(body, partitionOf(id), cancellationToken: cancellation);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return (false, null);
        }

        response.EnsureSuccessStatusCode();
        return (true, response.Headers.ETag);
    }

    public async Task<T?> ReadAsync<T>(string id, CancellationToken cancellation) where T : class
    {
        using var response = await container.ReadItemStreamAsync(id, partitionOf(id), cancellationToken: cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await JsonSerializer.DeserializeAsync<T>(response.Content, Json, cancellation);
    }

    /// <summary>
    /// Patches the document if it still has <paramref name="etag"/> (any version when null); returns the new ETag, or null
    /// when the document changed or is gone.
    /// </summary>
    public async Task<string?> PatchAsync(string id, IReadOnlyList<PatchOperation> operations, string? etag, CancellationToken cancellation)
    {
        if (operations.Count > MaxPatchOperations)
        {
            throw new ArgumentException($"A patch has at most {MaxPatchOperations} operations.", nameof(operations));
        }

        using var response = await container.PatchItemStreamAsync(
            id, partitionOf(id), operations, new PatchItemRequestOptions { IfMatchEtag = etag }, cancellation);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return response.Headers.ETag;
    }

    /// <summary>
    /// Deletes the document (only if it still has <paramref name="etag"/>, when given); gone already is fine. False when it
    /// changed since.
    /// </summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellation, string? etag = null)
    {
        using var response = await container.DeleteItemStreamAsync(
            id, partitionOf(id), etag is null ? null : new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken: cancellation);
        if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed))
        {
            response.EnsureSuccessStatusCode();
        }

        return response.StatusCode != HttpStatusCode.PreconditionFailed;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> documents, page after page (each asks for what is still missing); within one
    /// logical partition when <paramref name="partition"/> names it.
    /// </summary>
    public async Task<List<T>> QueryAsync<T>(QueryDefinition query, int limit, CancellationToken cancellation, PartitionKey? partition = null)
    {
        var documents = new List<T>();
        string? continuation = null;
        do
        {
            using var pages = container.GetItemQueryStreamIterator(
                query, continuation, new QueryRequestOptions { MaxItemCount = Math.Min(limit - documents.Count, 1000), PartitionKey = partition });
            using var page = await pages.ReadNextAsync(cancellation);
            page.EnsureSuccessStatusCode();
            var body = await JsonSerializer.DeserializeAsync<QueryPage<T>>(page.Content, Json, cancellation);
            documents.AddRange(body!.Documents);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null && documents.Count < limit);

        return documents;
    }

    /// <summary>
    /// Decides admissions to something capped (a member's keys, a member's clips) one at a time, since Cosmos DB has no
    /// transaction across documents: the gate document <paramref name="gateId"/> holds the claims admitted within the
    /// last <paramref name="settle"/> (time for what each admitted to be written), and a claim joins it only by a patch
    /// guarded by the gate's ETag, so of two decided at once one is decided again, counting the other.
    /// <paramref name="admit"/> is given the claims still settling (the caller counts those it does not see written yet)
    /// and throws or answers false to refuse; a claim admitted before is admitted again without asking.
    /// </summary>
    public async Task<bool> AdmitAsync(
        string gateId, string claim, DateTimeOffset now, TimeSpan settle, Func<IReadOnlyList<string>, Task<bool>> admit, CancellationToken cancellation)
    {
        while (true)
        {
            if (await ReadAsync<GateDocument>(gateId, cancellation) is not { } gate)
            {
                await CreateAsync(gateId, new GateDocument(gateId, "admission", [])
                {
                    Partition = partitionField is var (name, value) ? new Dictionary<string, object> { [name] = value } : null,
                }, cancellation);
                continue;
            }

            var settling = gate.Claims.Where(existing => existing.AtMs > (now - settle).ToUnixTimeMilliseconds()).ToList();
            if (settling.Any(existing => existing.Id == claim))
            {
                return true;
            }

            if (!await admit([.. settling.Select(existing => existing.Id)]))
            {
                return false;
            }

            if (await PatchAsync(gateId, [PatchOperation.Set<IReadOnlyList<Claim>>("/claims", [.. settling, new Claim(claim, now.ToUnixTimeMilliseconds())])], gate.ETag, cancellation) is not null)
            {
                return true;
            }
        }
    }

    /// <summary>The patch operations that queue <paramref name="events"/> in a document's outbox.</summary>
    public static IEnumerable<PatchOperation> Enqueue(IReadOnlyList<CloudEvent> events) => events.Count == 0
        ? []
        : [PatchOperation.Set("/pending", true), .. events.Select(cloudEvent => PatchOperation.Add("/outbox/-", cloudEvent))];

    /// <summary>Events waiting in documents' outboxes; a key is the document's id and the event's.</summary>
    public async Task<IReadOnlyList<PendingEvent>> PendingAsync(int limit, CancellationToken cancellation)
    {
        var documents = await QueryAsync<OutboxDocument>(new QueryDefinition("SELECT c.id, c.outbox FROM c WHERE c.pending = true"), limit, cancellation);
        return [.. documents.SelectMany(document => document.Outbox.Select(e => new PendingEvent($"{document.Id}/{e.Id}", e))).Take(limit)];
    }

    /// <summary>
    /// Removes delivered events from each document's outbox, guarded by its ETag: a save that lands in between makes the
    /// removal read the document again, so its new events stay.
    /// </summary>
    public async Task MarkDeliveredAsync(IReadOnlyCollection<string> keys, CancellationToken cancellation)
    {
        foreach (var delivered in keys.Select(key => key.Split('/', 2)).GroupBy(parts => parts[0], parts => parts[1]))
        {
            while (await ReadAsync<OutboxDocument>(delivered.Key, cancellation) is { } document)
            {
                var remaining = document.Outbox.Where(e => !delivered.Contains(e.Id)).ToList();
                if (remaining.Count == document.Outbox.Count
                    || await PatchAsync(document.Id, [PatchOperation.Set("/outbox", remaining), PatchOperation.Set("/pending", remaining.Count > 0)], document.ETag, cancellation) is not null)
                {
                    break;
                }
            }
        }
    }

    private sealed record OutboxDocument(string Id, IReadOnlyList<CloudEvent> Outbox)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }

    private sealed record QueryPage<T>(IReadOnlyList<T> Documents);

    private sealed record Claim(string Id, long AtMs);

    private sealed record GateDocument(string Id, string Type, IReadOnlyList<Claim> Claims)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        /// <summary>The partition field, where the container's key is not the id.</summary>
        [JsonExtensionData]
        public Dictionary<string, object>? Partition { get; init; }
    }
}
