using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Following feeds on Cosmos DB, in a container of their own partitioned by <c>/memberId</c>, so that a member's feed is
/// one logical partition:
/// <list type="bullet">
/// <item><c>{member}|{video}</c> — a post in a member's feed, with the item a player needs: a fan-out is one create per
/// follower (~7 RU; 409 for one there already), <see cref="Parallelism"/> at a time;</item>
/// <item>a page: one single-partition query ordered by the composite index (postedAtMs DESC, id DESC), ~3 RU for 20;</item>
/// <item>keeping a feed at <see cref="IFeedStore.Capacity"/>: after one post in <see cref="TrimEvery"/> (chosen by its id,
/// so every follower's feed is trimmed at the same posts) a query for the ids of the newest 500 and a few more (~10 RU)
/// and a delete of each beyond — a feed holds a few more than 500 between trims;</item>
/// <item>removing a post from every feed: a cross-partition query on <c>videoId</c> and a delete per copy; an author's posts
/// from one feed: a single-partition query and a delete per post;</item>
/// <item><c>~pulled|{author}</c> — an author merged at read time; listing them is a single-partition query.</item>
/// </list>
/// </summary>
public sealed class CosmosFeedStore(Container container) : IFeedStore
{
    public const string PartitionPath = "/memberId";

    public const int Parallelism = 32;

    public const int TrimEvery = 8;

    private const string Pulled = "~pulled";

    private readonly CosmosDocuments documents = new(container, id => new PartitionKey(id[..id.IndexOf('|', StringComparison.Ordinal)]));

    public static Task<Container> CreateIfMissingAsync(CosmosClient client, string database, string container, CancellationToken cancellation = default) =>
        CosmosDocuments.CreateIfMissingAsync(client, database, container, index =>
        {
            index.CompositeIndexes.Add(
            [
                new CompositePath { Path = "/postedAtMs", Order = CompositePathSortOrder.Descending },
                new CompositePath { Path = "/id", Order = CompositePathSortOrder.Descending },
            ]);
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/item/*" });
        }, cancellation, PartitionPath);

    public async Task AddAsync(IReadOnlyList<string> memberIds, FeedItem item, CancellationToken cancellation = default)
    {
        var trim = (uint)item.VideoId.Aggregate(17, (hash, c) => unchecked((hash * 31) + c)) % TrimEvery == 0;
        await Parallel.ForEachAsync(memberIds, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellation }, async (member, token) =>
        {
            var id = $"{member}|{item.VideoId}";
            var (created, _) = await documents.CreateAsync(
                id, new PostDocument(id, member, item.VideoId, item.AuthorId, item.PostedAt.ToUnixTimeMilliseconds(), item), token);
            if (created && trim)
            {
                await TrimAsync(member, token);
            }
        });
    }

    public async Task RemoveVideoAsync(string videoId, CancellationToken cancellation = default)
    {
        var copies = await documents.QueryAsync<string>(
            new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.videoId = @video").WithParameter("@video", videoId), int.MaxValue, cancellation);
        foreach (var id in copies)
        {
            await documents.DeleteAsync(id, cancellation);
        }
    }

    public async Task RemoveAuthorAsync(string memberId, string authorId, CancellationToken cancellation = default)
    {
        var posts = await documents.QueryAsync<string>(
            new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.memberId = @member AND c.authorId = @author")
                .WithParameter("@member", memberId).WithParameter("@author", authorId),
            int.MaxValue, cancellation, new PartitionKey(memberId));
        foreach (var id in posts)
        {
            await documents.DeleteAsync(id, cancellation);
        }
    }

    public async Task<IReadOnlyList<FeedItem>> PageAsync(string memberId, int limit, FeedCursor? after = null, CancellationToken cancellation = default)
    {
        var query = "SELECT * FROM c WHERE c.memberId = @member AND IS_DEFINED(c.videoId)";
        if (after is not null)
        {
            query += " AND (c.postedAtMs < @at OR (c.postedAtMs = @at AND c.id < @id))";
        }

        var definition = new QueryDefinition($"{query} ORDER BY c.postedAtMs DESC, c.id DESC")
            .WithParameter("@member", memberId).WithParameter("@at", after?.PostedAt.ToUnixTimeMilliseconds())
            .WithParameter("@id", after is null ? null : $"{memberId}|{after.VideoId}");
        return [.. (await documents.QueryAsync<PostDocument>(definition, limit, cancellation, new PartitionKey(memberId))).Take(limit).Select(post => post.Item)];
    }

    public async Task SetPulledAsync(string authorId, bool pulled, CancellationToken cancellation = default)
    {
        var id = $"{Pulled}|{authorId}";
        if (pulled)
        {
            await documents.CreateAsync(id, new PulledDocument(id, Pulled, authorId), cancellation);
        }
        else
        {
            await documents.DeleteAsync(id, cancellation);
        }
    }

    public async Task<IReadOnlyList<string>> ListPulledAsync(CancellationToken cancellation = default) =>
        await documents.QueryAsync<string>(
            new QueryDefinition("SELECT VALUE c.authorId FROM c WHERE c.memberId = @pulled").WithParameter("@pulled", Pulled),
            int.MaxValue, cancellation, new PartitionKey(Pulled));

    private async Task TrimAsync(string memberId, CancellationToken cancellation)
    {
        const int Read = IFeedStore.Capacity + (2 * TrimEvery);
        var newest = await documents.QueryAsync<string>(
            new QueryDefinition($"SELECT TOP {Read} VALUE c.id FROM c WHERE c.memberId = @member AND IS_DEFINED(c.videoId) ORDER BY c.postedAtMs DESC, c.id DESC")
                .WithParameter("@member", memberId),
            Read, cancellation, new PartitionKey(memberId));
        foreach (var id in newest.Skip(IFeedStore.Capacity))
        {
            await documents.DeleteAsync(id, cancellation);
        }
    }

    private sealed record PostDocument(string Id, string MemberId, string VideoId, string AuthorId, long PostedAtMs, FeedItem Item);

    private sealed record PulledDocument(string Id, string MemberId, string AuthorId);
}
