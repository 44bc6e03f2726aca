using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Notifications on Cosmos DB, in the members' container: one document per notification under its own id (adding is a
/// create, 409 — left as it is — for a redelivered event's); a member's page is one query on the indexed
/// <c>memberId</c> ordered by the composite index (createdAtMs DESC, id DESC); the unread count one <c>COUNT</c>
/// query; marking read patches each unread one.
/// </summary>
public sealed class CosmosNotificationStore(Container container) : INotificationStore
{
    private readonly CosmosDocuments documents = new(container);

    /// <summary>The composite index a member's page is ordered by.</summary>
    public static void Index(IndexingPolicy index) => index.CompositeIndexes.Add(
    [
        new CompositePath { Path = "/createdAtMs", Order = CompositePathSortOrder.Descending },
        new CompositePath { Path = "/id", Order = CompositePathSortOrder.Descending },
    ]);

    public async Task AddAsync(Notification notification, CancellationToken cancellation = default) =>
        await documents.CreateAsync(notification.Id, Document.From(notification), cancellation);

    public async Task<IReadOnlyList<Notification>> ListAsync(string memberId, int limit, string? after = null, CancellationToken cancellation = default)
    {
        var query = "SELECT * FROM c WHERE c.type = 'notification' AND c.memberId = @member";
        long? cursorAt = null;
        if (after is not null)
        {
            if (await documents.ReadAsync<Document>(after, cancellation) is not { } cursor || cursor.MemberId != memberId)
            {
                return [];
            }

            cursorAt = cursor.CreatedAtMs;
            query += " AND (c.createdAtMs < @at OR (c.createdAtMs = @at AND c.id < @after))";
        }

        var definition = new QueryDefinition($"{query} ORDER BY c.createdAtMs DESC, c.id DESC")
            .WithParameter("@member", memberId).WithParameter("@at", cursorAt).WithParameter("@after", after);
        return [.. (await documents.QueryAsync<Document>(definition, limit, cancellation)).Take(limit).Select(d => d.ToNotification())];
    }

    public async Task<int> CountUnreadAsync(string memberId, CancellationToken cancellation = default) =>
        (await documents.QueryAsync<int>(
            new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.type = 'notification' AND c.memberId = @member AND c.read = false")
                .WithParameter("@member", memberId),
            1, cancellation)).Single();

    public async Task MarkReadAsync(string memberId, DateTimeOffset upTo, CancellationToken cancellation = default)
    {
        var unread = await documents.QueryAsync<Document>(
            new QueryDefinition("SELECT * FROM c WHERE c.type = 'notification' AND c.memberId = @member AND c.read = false AND c.createdAtMs <= @upTo")
                .WithParameter("@member", memberId).WithParameter("@upTo", upTo.ToUnixTimeMilliseconds()),
            int.MaxValue, cancellation);
        foreach (var notification in unread)
        {
            await documents.PatchAsync(notification.Id, [PatchOperation.Set("/read", true)], null, cancellation);
        }
    }

    private sealed record Document(
        string Id, string Type, string MemberId, NotificationKind Kind, string ActorId, string? VideoId, string? CommentId, long CreatedAtMs, bool Read)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public static Document From(Notification n) =>
            new(n.Id, "notification", n.MemberId, n.Kind, n.ActorId, n.VideoId, n.CommentId, n.CreatedAt.ToUnixTimeMilliseconds(), n.Read);

        public Notification ToNotification() => new(Id, MemberId, Kind, ActorId, VideoId, CommentId, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs), Read);
    }
}
