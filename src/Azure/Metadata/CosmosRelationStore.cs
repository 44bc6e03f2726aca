using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Relations on Cosmos DB, in the members' container: one document per follow, block or mute under
/// <c>relation:{kind}:{from}:{to}</c>: how two members stand is five 1 RU point reads (each direction of follow and
/// block, and the mute), a follow a read and a write (~8 RU). Removing one marks it inactive rather
/// than deleting it, so that the change and its events (in the document's own outbox) are one write; a change of
/// several relations (a block ends both follows) writes each, its events riding on the first that changed; the
/// container's outbox is drained through <see cref="CosmosMemberStore"/>. Lists and counts are queries on the indexed
/// <c>from</c>/<c>to</c> (cross-partition, ~3 RU a page).
/// </summary>
public sealed class CosmosRelationStore(Container container) : IRelationStore
{
    private readonly CosmosDocuments documents = new(container);

    /// <summary>The composite indexes the pages of followers and following are ordered by.</summary>
    public static void Index(IndexingPolicy index)
    {
        foreach (var other in new[] { "/from", "/to" })
        {
            index.CompositeIndexes.Add(
            [
                new CompositePath { Path = "/createdAtMs", Order = CompositePathSortOrder.Descending },
                new CompositePath { Path = other, Order = CompositePathSortOrder.Descending },
            ]);
        }
    }

    public async Task<bool> ChangeAsync(IReadOnlyList<Relation> add, IReadOnlyList<Relation> remove, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        var changed = false;
        foreach (var (relation, active) in add.Select(r => (r, true)).Concat(remove.Select(r => (r, false))))
        {
            changed |= await SetAsync(relation, active, changed ? [] : events, cancellation);
        }

        return changed;
    }

    /// <summary>Makes the relation active or not; true when that changed it (and queued <paramref name="events"/> with it).</summary>
    private async Task<bool> SetAsync(Relation relation, bool active, IReadOnlyList<CloudEvent> events, CancellationToken cancellation)
    {
        var id = IdOf(relation.Kind, relation.From, relation.To);
        while (true)
        {
            var existing = await documents.ReadAsync<RelationDocument>(id, cancellation);
            if (existing is null)
            {
                if (!active)
                {
                    return false;
                }

                var document = new RelationDocument(id, "relation", relation.From, relation.To, relation.Kind, relation.CreatedAt.ToUnixTimeMilliseconds(), true, events, events.Count > 0);
                if ((await documents.CreateAsync(id, document, cancellation)).Created)
                {
                    return true;
                }

                continue; // created meanwhile: read it again
            }

            if (existing.Active == active)
            {
                return false;
            }

            List<PatchOperation> operations = [PatchOperation.Set("/active", active), .. CosmosDocuments.Enqueue(events)];
            if (active)
            {
                operations.Add(PatchOperation.Set("/createdAtMs", relation.CreatedAt.ToUnixTimeMilliseconds()));
            }

            if (await documents.PatchAsync(id, operations, existing.ETag, cancellation) is not null)
            {
                return true;
            }
        }
    }

    public async Task<Relationship> BetweenAsync(string memberId, string otherId, CancellationToken cancellation = default)
    {
        async Task<bool> Holds(RelationKind kind, string from, string to) =>
            await documents.ReadAsync<RelationDocument>(IdOf(kind, from, to), cancellation) is { Active: true };

        var reads = await Task.WhenAll(
            Holds(RelationKind.Follow, memberId, otherId), Holds(RelationKind.Follow, otherId, memberId),
            Holds(RelationKind.Block, memberId, otherId), Holds(RelationKind.Block, otherId, memberId), Holds(RelationKind.Mute, memberId, otherId));
        return new Relationship(reads[0], reads[1], reads[2], reads[3], reads[4]);
    }

    public async Task<IReadOnlyList<Relation>> ListAsync(
        string memberId, RelationKind kind, bool incoming, int limit, string? after = null, CancellationToken cancellation = default)
    {
        var (self, other) = incoming ? ("to", "from") : ("from", "to");
        var query = $"SELECT * FROM c WHERE c.type = 'relation' AND c.kind = @kind AND c.active = true AND c[\"{self}\"] = @member";
        long? cursorAt = null;
        if (after is not null)
        {
            var cursorId = incoming ? IdOf(kind, after, memberId) : IdOf(kind, memberId, after);
            if (await documents.ReadAsync<RelationDocument>(cursorId, cancellation) is not { Active: true } cursor)
            {
                return [];
            }

            cursorAt = cursor.CreatedAtMs;
            query += $" AND (c.createdAtMs < @at OR (c.createdAtMs = @at AND c[\"{other}\"] < @after))";
        }

        var definition = new QueryDefinition($"{query} ORDER BY c.createdAtMs DESC, c[\"{other}\"] DESC")
            .WithParameter("@kind", kind.ToString()).WithParameter("@member", memberId).WithParameter("@at", cursorAt).WithParameter("@after", after);
        return [.. (await documents.QueryAsync<RelationDocument>(definition, limit, cancellation)).Take(limit)
            .Select(d => new Relation(d.From, d.To, d.Kind, DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAtMs)))];
    }

    public async Task<RelationCounts> CountAsync(string memberId, CancellationToken cancellation = default)
    {
        async Task<int> Count(string end) => (await documents.QueryAsync<int>(
            new QueryDefinition($"SELECT VALUE COUNT(1) FROM c WHERE c.type = 'relation' AND c.kind = 'Follow' AND c.active = true AND c[\"{end}\"] = @member")
                .WithParameter("@member", memberId),
            1, cancellation)).Single();

        return new RelationCounts(await Count("to"), await Count("from"));
    }

    private static string IdOf(RelationKind kind, string from, string to) => $"relation:{kind}:{from}:{to}";

    private sealed record RelationDocument(
        string Id, string Type, string From, string To, RelationKind Kind, long CreatedAtMs, bool Active, IReadOnlyList<CloudEvent> Outbox, bool Pending)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }
}
