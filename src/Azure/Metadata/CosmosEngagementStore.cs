using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Likes, comments and views on Cosmos DB, in a container of their own partitioned by <c>/videoId</c>, so that everything about
/// one video is one logical partition:
/// <list type="bullet">
/// <item><c>{video}|like|{member}</c> — a like: liking is a point read and a create or a patch of <c>active</c>
/// (unliking marks it inactive, so that the change and its events are one write): ~8 RU;</item>
/// <item><c>{video}|{comment id}</c> — a comment: a create (~7 RU); deleting one is a patch;</item>
/// <item><c>{video}|view|{member}|{day}</c> — a completed view, counted once per viewer a day: a create (409 when
/// counted already);</item>
/// <item><c>{video}|share|{secret hash}</c> — a public link to the post: a create, and a point read when it is opened;</item>
/// <item><c>{video}|remix|{remix}</c> — a posted remix of the video: a create, and a delete once unposted or removed;</item>
/// <item>counts: four single-partition <c>COUNT</c> queries (~3 RU each); a page of comments: one single-partition query
/// ordered by the composite index (createdAtMs ASC, id ASC);</item>
/// <item>a member's likes and views among a feed's candidates: one cross-partition query on the indexed
/// <c>memberId</c>, a few RU.</item>
/// </list>
/// Each document keeps the outbox of the events its change raised; this store drains them.
/// </summary>
public sealed class CosmosEngagementStore(Container container) : IEngagementStore, IOutbox
{
    private readonly CosmosDocuments documents = new(container, id => new PartitionKey(id[..id.IndexOf('|', StringComparison.Ordinal)]));

    public const string PartitionPath = "/videoId";

    public static Task<Container> CreateIfMissingAsync(CosmosClient client, string database, string container, CancellationToken cancellation = default) =>
        CosmosDocuments.CreateIfMissingAsync(client, database, container, index =>
        {
            index.CompositeIndexes.Add(
            [
                new CompositePath { Path = "/createdAtMs", Order = CompositePathSortOrder.Ascending },
                new CompositePath { Path = "/id", Order = CompositePathSortOrder.Ascending },
            ]);
            index.CompositeIndexes.Add(
            [
                new CompositePath { Path = "/createdAtMs", Order = CompositePathSortOrder.Descending },
                new CompositePath { Path = "/videoId", Order = CompositePathSortOrder.Descending },
            ]);
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/text/?" });
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/outbox/*" });
        }, cancellation, PartitionPath);

    public async Task<bool> SetLikeAsync(
        string videoId, string memberId, bool liked, DateTimeOffset at, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        var id = $"{videoId}|like|{memberId}";
        while (true)
        {
            var existing = await documents.ReadAsync<LikeDocument>(id, cancellation);
            if (existing is null)
            {
                if (!liked)
                {
                    return false;
                }

                if ((await documents.CreateAsync(id, new LikeDocument(id, "like", videoId, memberId, at.ToUnixTimeMilliseconds(), true, events, events.Count > 0), cancellation)).Created)
                {
                    return true;
                }

                continue; // liked at the same moment elsewhere: read it again
            }

            if (existing.Active == liked)
            {
                return false;
            }

            if (await documents.PatchAsync(id, [PatchOperation.Set("/active", liked), PatchOperation.Set("/createdAtMs", at.ToUnixTimeMilliseconds()), .. CosmosDocuments.Enqueue(events)], existing.ETag, cancellation) is not null)
            {
                return true;
            }
        }
    }

    public async Task<bool> LikesAsync(string videoId, string memberId, CancellationToken cancellation = default) =>
        await documents.ReadAsync<LikeDocument>($"{videoId}|like|{memberId}", cancellation) is { Active: true };

    /// <summary>One cross-partition query ordered by the composite index (createdAtMs DESC, videoId DESC), after a point read of the cursor's like.</summary>
    public async Task<IReadOnlyList<string>> ListLikedAsync(string memberId, int limit, string? after = null, CancellationToken cancellation = default)
    {
        var query = "SELECT VALUE c.videoId FROM c WHERE c.type = 'like' AND c.memberId = @member AND c.active = true";
        var cursor = after is null ? null : await documents.ReadAsync<LikeDocument>($"{after}|like|{memberId}", cancellation);
        if (after is not null && cursor is not { Active: true })
        {
            return [];
        }

        if (cursor is not null)
        {
            query += " AND (c.createdAtMs < @at OR (c.createdAtMs = @at AND c.videoId < @video))";
        }

        var definition = new QueryDefinition($"{query} ORDER BY c.createdAtMs DESC, c.videoId DESC")
            .WithParameter("@member", memberId).WithParameter("@at", cursor?.CreatedAtMs).WithParameter("@video", cursor?.VideoId);
        return [.. (await documents.QueryAsync<string>(definition, limit, cancellation)).Take(limit)];
    }

    public async Task<EngagementCounts> CountAsync(string videoId, CancellationToken cancellation = default)
    {
        async Task<int> Count(string condition) => (await documents.QueryAsync<int>(
            new QueryDefinition($"SELECT VALUE COUNT(1) FROM c WHERE c.videoId = @video AND {condition}").WithParameter("@video", videoId),
            1, cancellation, new PartitionKey(videoId))).Single();

        return new EngagementCounts(
            await Count("c.type = 'like' AND c.active = true"), await Count("c.type = 'comment' AND c.deleted = false"), await Count("c.type = 'view'"),
            await Count("c.type = 'remix'"));
    }

    public async Task AddShareAsync(Share share, CancellationToken cancellation = default)
    {
        var id = $"{share.VideoId}|share|{share.SecretSha256}";
        await documents.CreateAsync(id, new ShareDocument(id, "share", share.VideoId, share.MemberId, share.CreatedAt.ToUnixTimeMilliseconds()), cancellation);
    }

    public async Task<Share?> GetShareAsync(string videoId, string secretSha256, CancellationToken cancellation = default) =>
        await documents.ReadAsync<ShareDocument>($"{videoId}|share|{secretSha256}", cancellation) is { } share
            ? new Share(videoId, share.MemberId, secretSha256, DateTimeOffset.FromUnixTimeMilliseconds(share.CreatedAtMs))
            : null;

    public Task DeleteShareAsync(string videoId, string secretSha256, CancellationToken cancellation = default) =>
        documents.DeleteAsync($"{videoId}|share|{secretSha256}", cancellation);

    public async Task SetRemixAsync(string videoId, string remixId, bool posted, CancellationToken cancellation = default)
    {
        var id = $"{videoId}|remix|{remixId}";
        if (posted)
        {
            await documents.CreateAsync(id, new RemixDocument(id, "remix", videoId, remixId), cancellation);
        }
        else
        {
            await documents.DeleteAsync(id, cancellation);
        }
    }

    /// <summary>
    /// Each video's counts (<see cref="CountAsync"/>: four single-partition queries, ~12 RU), all at once: a few thousand
    /// RU for For You's few hundred candidates, which is why the feeds keep them (<c>CandidatePool</c>) and ask again at
    /// most once a minute per instance, not once a page.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, EngagementCounts>> CountAllAsync(IReadOnlyList<string> videoIds, CancellationToken cancellation = default) =>
        (await Task.WhenAll(videoIds.Distinct().Select(async id => (Id: id, Counts: await CountAsync(id, cancellation)))))
            .ToDictionary(row => row.Id, row => row.Counts);

    /// <summary>One cross-partition query on the indexed <c>memberId</c> for the member's likes and views of the videos.</summary>
    public async Task<MemberEngagement> MemberEngagementAsync(IReadOnlyList<string> videoIds, string memberId, CancellationToken cancellation = default)
    {
        var rows = await documents.QueryAsync<EngagementRow>(
            new QueryDefinition(
                    "SELECT c.videoId, c.type FROM c WHERE c.memberId = @member AND ARRAY_CONTAINS(@ids, c.videoId) " +
                    "AND ((c.type = 'like' AND c.active = true) OR c.type = 'view')")
                .WithParameter("@member", memberId).WithParameter("@ids", videoIds),
            int.MaxValue, cancellation);
        return new MemberEngagement(
            rows.Where(row => row.Type == "like").Select(row => row.VideoId).ToHashSet(), rows.Where(row => row.Type == "view").Select(row => row.VideoId).ToHashSet());
    }

    private sealed record EngagementRow(string VideoId, string Type);

    public async Task<bool> RecordViewAsync(string videoId, string memberId, DateOnly day, CancellationToken cancellation = default)
    {
        var id = $"{videoId}|view|{memberId}|{day:yyyy-MM-dd}";
        return (await documents.CreateAsync(id, new ViewDocument(id, "view", videoId, memberId), cancellation)).Created;
    }

    public async Task AddCommentAsync(Comment comment, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        var id = IdOf(comment.VideoId, comment.Id);
        await documents.CreateAsync(id, CommentDocument.From(id, comment, events), cancellation);
    }

    public async Task<Comment?> GetCommentAsync(string videoId, string commentId, CancellationToken cancellation = default) =>
        commentId.StartsWith("comment_", StringComparison.Ordinal)
            ? (await documents.ReadAsync<CommentDocument>(IdOf(videoId, commentId), cancellation))?.Read()
            : null;

    public async Task<IReadOnlyList<Comment>> ListCommentsAsync(
        string videoId, string? parentId, int limit, string? after = null, CancellationToken cancellation = default)
    {
        var query = "SELECT * FROM c WHERE c.videoId = @video AND c.type = 'comment' AND c.parent = @parent";
        long? cursorAt = null;
        string? cursorId = null;
        if (after is not null)
        {
            if (await documents.ReadAsync<CommentDocument>(IdOf(videoId, after), cancellation) is not { } cursor)
            {
                return [];
            }

            (cursorAt, cursorId) = (cursor.CreatedAtMs, cursor.Id);
            query += " AND (c.createdAtMs > @at OR (c.createdAtMs = @at AND c.id > @after))";
        }

        var definition = new QueryDefinition($"{query} ORDER BY c.createdAtMs ASC, c.id ASC")
            .WithParameter("@video", videoId).WithParameter("@parent", parentId ?? "").WithParameter("@at", cursorAt).WithParameter("@after", cursorId);
        return [.. (await documents.QueryAsync<CommentDocument>(definition, limit, cancellation, new PartitionKey(videoId))).Take(limit).Select(d => d.Read())];
    }

    public async Task<bool> DeleteCommentAsync(string videoId, string commentId, DateTimeOffset at, CancellationToken cancellation = default)
    {
        var id = IdOf(videoId, commentId);
        while (await documents.ReadAsync<CommentDocument>(id, cancellation) is { Deleted: false } comment)
        {
            if (await documents.PatchAsync(
                    id, [PatchOperation.Set("/deleted", true), PatchOperation.Set("/text", ""), PatchOperation.Set("/deletedAtMs", at.ToUnixTimeMilliseconds())],
                    comment.ETag, cancellation) is not null)
            {
                return true;
            }
        }

        return false;
    }

    public Task<IReadOnlyList<PendingEvent>> PendingAsync(int limit, CancellationToken cancellation = default) =>
        documents.PendingAsync(limit, cancellation);

    public Task MarkDeliveredAsync(IReadOnlyCollection<string> keys, CancellationToken cancellation = default) =>
        documents.MarkDeliveredAsync(keys, cancellation);

    private static string IdOf(string videoId, string commentId) => $"{videoId}|{commentId}";

    private sealed record ViewDocument(string Id, string Type, string VideoId, string MemberId);

    private sealed record RemixDocument(string Id, string Type, string VideoId, string RemixId);

    private sealed record ShareDocument(string Id, string Type, string VideoId, string MemberId, long CreatedAtMs);

    private sealed record LikeDocument(
        string Id, string Type, string VideoId, string MemberId, long CreatedAtMs, bool Active, IReadOnlyList<CloudEvent> Outbox, bool Pending)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }

    /// <summary>A comment; <see cref="Parent"/> is "" for a top-level one, so that one equality finds either kind.</summary>
    private sealed record CommentDocument(
        string Id, string Type, string VideoId, string CommentId, string Parent, string AuthorId, string Text, long CreatedAtMs, bool Deleted,
        long? DeletedAtMs, IReadOnlyList<CloudEvent> Outbox, bool Pending)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public static CommentDocument From(string id, Comment comment, IReadOnlyList<CloudEvent> events) => new(
            id, "comment", comment.VideoId, comment.Id, comment.ParentId ?? "", comment.AuthorId, comment.Text, comment.CreatedAt.ToUnixTimeMilliseconds(),
            false, null, events, events.Count > 0);

        public Comment Read() => new(
            CommentId, VideoId, AuthorId, Parent.Length == 0 ? null : Parent, Text, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs),
            DeletedAtMs is { } deleted ? DateTimeOffset.FromUnixTimeMilliseconds(deleted) : null);
    }
}
