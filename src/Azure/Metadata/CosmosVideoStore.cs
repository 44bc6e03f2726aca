using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Video records and their event outbox on Cosmos DB for NoSQL, one document per video in one container partitioned by
/// <c>/id</c>:
/// <code>{ "id", "ownerId", "createdAtMs", "finished", "removed", "restorable", "postedAtMs", "pending", "cameoIds": […], "remixOf", "video": {…}, "outbox": [CloudEvent…] }</code>
/// Access paths, and their cost for a ~2 KB record (request units as Cosmos DB charges them):
/// <list type="bullet">
/// <item>read by id (status polls, every pipeline step): a point read in the record's own partition, 1 RU;</item>
/// <item>create: ~7 RU; 409 when the id exists (a retried request); a member's clip is first admitted by their
/// allowance through the gate document <c>admission:videos:{owner}</c> (<see cref="CosmosDocuments.AdmitAsync"/>: a
/// read, the owner's recent videos, a patch guarded by the ETag; ~15 RU), so starts at once never pass a cap
/// together;</item>
/// <item>save: one patch of <c>/video</c> and <c>/finished</c> that appends the events to <c>/outbox</c>, guarded by
/// the ETag the record was read with (If-Match), so the record and its events commit together without a transaction
/// (Cosmos DB's batches are per partition, and this is one document): ~10 RU;</item>
/// <item>a page of a member's newest (or oldest) videos: a point read of the cursor (1 RU) and one query on the owner, ordered by
/// the composite index (ownerId ASC, createdAtMs DESC, id DESC), ~3 RU for 20 items while the container fits one physical partition (a cross-partition
/// query fans out one request per physical partition);</item>
/// <item>a member's posts, newest posted first: one query on the owner ordered by the composite indexes (postedAtMs DESC,
/// id DESC) and (ownerId ASC, postedAtMs DESC, id DESC), as the newest videos are; a draft's <c>postedAtMs</c> is null;</item>
/// <item>posts of several members or of everyone, newest posted first (merged into Following feeds, For You's candidates):
/// one cross-partition query ordered by the composite index (postedAtMs DESC, id DESC);</item>
/// <item>post search: a posted video's terms (<see cref="SearchTerms.OfPost"/>, hashtags as <c>#tag</c>) are kept in the
/// indexed array <c>searchTerms</c> (none for a draft or a video taken down); a query is one cross-partition query of
/// <c>ARRAY_CONTAINS</c> per term, ordered by the composite index (postedAtMs DESC, id DESC): index lookups, a few RU a
/// page. Cosmos DB's full-text search (<c>FullTextContains</c>, BM25 ranking) would add stemming, but needs a full-text
/// policy and index on the container and no emulator available here runs it; exact terms answer what the app asks
/// (words and hashtags), and the contract suite checks them on the emulator;</item>
/// <item>trending hashtags: the terms of the posts of the last day (one query on <c>postedAtMs</c>, ~1 RU per 10 posts),
/// counted here; the API keeps the answer for a minute;</item>
/// <item>the videos that cast a cameo (its deletion takes them down): one query on the indexed <c>cameoIds</c>;</item>
/// <item>a member's or a cameo's videos moderation took down (restorable; their deletion ends them too): one query on the
/// owner or the cameo and the indexed boolean <c>restorable</c>;</item>
/// <item>the remixes of a video (its takedown labels them): one query on the indexed <c>remixOf</c>, the parent's id;</item>
/// <item>unfinished videos (resume after a restart) and pending events (the relay): queries on the range-indexed
/// booleans <c>finished</c> and <c>pending</c>, ~3 RU when they match nothing.</item>
/// </list>
/// Pages follow continuation tokens: Cosmos DB may return fewer items than asked with a token for the rest. Before a
/// cross-partition query the SDK asks the gateway for a query plan (on Linux it cannot compute one itself), a request
/// without a charge. <c>bench/Cosmos</c> counts each operation's requests.
/// </summary>
public sealed class CosmosVideoStore(Container container) : IVideoStore, IOutbox
{
    /// <summary>How many of the day's posts the trending hashtags are counted over, at most.</summary>
    public const int TrendingPostsRead = 10_000;

    private readonly CosmosDocuments documents = new(container);

    /// <summary>Creates the database and the container (partition key, composite indexes) if they don't exist.</summary>
    public static Task<Container> CreateIfMissingAsync(CosmosClient client, string database, string container, CancellationToken cancellation = default) =>
        CosmosDocuments.CreateIfMissingAsync(client, database, container, index =>
        {
            index.CompositeIndexes.Add(
            [
                new CompositePath { Path = "/createdAtMs", Order = CompositePathSortOrder.Descending },
                new CompositePath { Path = "/id", Order = CompositePathSortOrder.Descending },
            ]);
            index.CompositeIndexes.Add(
            [
                new CompositePath { Path = "/createdAtMs", Order = CompositePathSortOrder.Ascending },
                new CompositePath { Path = "/id", Order = CompositePathSortOrder.Ascending },
            ]);
            index.CompositeIndexes.Add(
            [
                new CompositePath { Path = "/ownerId", Order = CompositePathSortOrder.Ascending },
                new CompositePath { Path = "/createdAtMs", Order = CompositePathSortOrder.Descending },
                new CompositePath { Path = "/id", Order = CompositePathSortOrder.Descending },
            ]);
            index.CompositeIndexes.Add(
            [
                new CompositePath { Path = "/postedAtMs", Order = CompositePathSortOrder.Descending },
                new CompositePath { Path = "/id", Order = CompositePathSortOrder.Descending },
            ]);
            index.CompositeIndexes.Add(
            [
                new CompositePath { Path = "/ownerId", Order = CompositePathSortOrder.Ascending },
                new CompositePath { Path = "/postedAtMs", Order = CompositePathSortOrder.Descending },
                new CompositePath { Path = "/id", Order = CompositePathSortOrder.Descending },
            ]);
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/video/*" });
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/outbox/*" });
        }, cancellation);

    /// <summary>How long a clip admitted counts before its record is expected to be there.</summary>
    private static readonly TimeSpan AdmissionSettle = TimeSpan.FromMinutes(1);

    public async Task<bool> TryCreateAsync(Video video, IReadOnlyList<CloudEvent> events, VideoAdmission? admission = null, CancellationToken cancellation = default)
    {
        if (admission is not null)
        {
            if (await documents.ReadAsync<Document>(video.Id, cancellation) is not null)
            {
                return false;
            }

            await documents.AdmitAsync($"admission:videos:{video.OwnerId}", video.Id, video.CreatedAt, AdmissionSettle, async settling =>
            {
                var recent = await ListRecentAsync(video.OwnerId, admission.Since, cancellation);
                admission.Check(recent, settling.Count(id => !recent.Any(written => written.Id == id)));
                return true;
            }, cancellation);
        }

        var (created, etag) = await documents.CreateAsync(
            video.Id,
            new Document(
                video.Id, video.OwnerId, video.CreatedAt.ToUnixTimeMilliseconds(), video.IsFinished, video.IsRemoved, events.Count > 0, video, events,
                [.. video.Cameos.Select(cast => cast.CameoId)], PostedAtMs(video), video.RemixOf?.ParentId, video.IsRestorable, SearchTermsOf(video)),
            cancellation);
        if (created)
        {
            video.Version = etag;
        }

        return created;
    }

    public async Task<Video?> GetAsync(string id, CancellationToken cancellation = default) =>
        (await documents.ReadAsync<Document>(id, cancellation))?.Read();

    public async Task<IReadOnlyList<Video>> ListAsync(
        string ownerId, int limit, string? after = null, bool draftsOnly = false, bool oldestFirst = false, CancellationToken cancellation = default)
    {
        var (beyond, direction) = oldestFirst ? (">", "ASC") : ("<", "DESC");
        var query = "SELECT * FROM c WHERE c.ownerId = @owner AND c.removed = false";
        if (draftsOnly)
        {
            query += " AND NOT IS_NUMBER(c.postedAtMs)";
        }

        long? cursorAt = null;
        if (after is not null)
        {
            if (await documents.ReadAsync<Document>(after, cancellation) is not { } cursor)
            {
                return [];
            }

            cursorAt = cursor.CreatedAtMs;
            query += $" AND (c.createdAtMs {beyond} @createdAtMs OR (c.createdAtMs = @createdAtMs AND c.id {beyond} @id))";
        }

        var definition = new QueryDefinition($"{query} ORDER BY c.createdAtMs {direction}, c.id {direction}")
            .WithParameter("@owner", ownerId).WithParameter("@createdAtMs", cursorAt).WithParameter("@id", after);
        return [.. (await documents.QueryAsync<Document>(definition, limit, cancellation)).Take(limit).Select(document => document.Read())];
    }

    public async Task<IReadOnlyList<Video>> ListRecentAsync(string ownerId, DateTimeOffset since, CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<Document>(
                new QueryDefinition("SELECT * FROM c WHERE c.ownerId = @owner AND (c.createdAtMs >= @since OR c.finished = false)")
                    .WithParameter("@owner", ownerId).WithParameter("@since", since.ToUnixTimeMilliseconds()),
                int.MaxValue, cancellation))
            .Select(document => document.Read())];

    public Task<IReadOnlyList<Video>> ListPostedAsync(string ownerId, int limit, string? after = null, CancellationToken cancellation = default) =>
        PostsAfterAsync("c.ownerId = @owner", [("@owner", ownerId)], limit, after, cancellation);

    public async Task<IReadOnlyList<Video>> ListPostedByAsync(
        IReadOnlyList<string>? ownerIds, int limit, FeedCursor? after = null, CancellationToken cancellation = default)
    {
        var query = "SELECT * FROM c WHERE IS_NUMBER(c.postedAtMs)";
        if (ownerIds is not null)
        {
            query += " AND ARRAY_CONTAINS(@owners, c.ownerId)";
        }

        if (after is not null)
        {
            query += " AND (c.postedAtMs < @at OR (c.postedAtMs = @at AND c.id < @id))";
        }

        var definition = new QueryDefinition($"{query} ORDER BY c.postedAtMs DESC, c.id DESC")
            .WithParameter("@owners", ownerIds).WithParameter("@at", after?.PostedAt.ToUnixTimeMilliseconds()).WithParameter("@id", after?.VideoId);
        return [.. (await documents.QueryAsync<Document>(definition, limit, cancellation)).Take(limit).Select(document => document.Read())];
    }

    public Task<IReadOnlyList<Video>> SearchPostedAsync(PostQuery query, int limit, string? after = null, CancellationToken cancellation = default) =>
        PostsAfterAsync(
            string.Join(" AND ", query.Terms.Select((_, i) => $"ARRAY_CONTAINS(c.searchTerms, @t{i})")),
            query.Terms.Select((term, i) => ($"@t{i}", (object?)term)), limit, after, cancellation);

    /// <summary>
    /// A page of the posts that meet <paramref name="conditions"/>, the most recently posted first, after the post
    /// <paramref name="after"/> (read first for its posting time; nothing when it is no longer a post).
    /// </summary>
    private async Task<IReadOnlyList<Video>> PostsAfterAsync(
        string conditions, IEnumerable<(string Name, object? Value)> parameters, int limit, string? after, CancellationToken cancellation)
    {
        var query = $"SELECT * FROM c WHERE IS_NUMBER(c.postedAtMs) AND {conditions}";
        long? cursorAt = null;
        if (after is not null)
        {
            if (await documents.ReadAsync<Document>(after, cancellation) is not { PostedAtMs: { } postedAt })
            {
                return [];
            }

            cursorAt = postedAt;
            query += " AND (c.postedAtMs < @at OR (c.postedAtMs = @at AND c.id < @id))";
        }

        var definition = new QueryDefinition($"{query} ORDER BY c.postedAtMs DESC, c.id DESC").WithParameter("@at", cursorAt).WithParameter("@id", after);
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        return [.. (await documents.QueryAsync<Document>(definition, limit, cancellation)).Take(limit).Select(document => document.Read())];
    }

    public async Task<IReadOnlyList<TagCount>> ListTrendingTagsAsync(DateTimeOffset since, int limit, CancellationToken cancellation = default)
    {
        var posts = await documents.QueryAsync<TermsDocument>(
            new QueryDefinition("SELECT c.searchTerms FROM c WHERE c.postedAtMs >= @since").WithParameter("@since", since.ToUnixTimeMilliseconds()),
            TrendingPostsRead, cancellation);
        return [.. posts.SelectMany(post => post.SearchTerms ?? []).Where(term => term.StartsWith('#'))
            .GroupBy(term => term[1..], StringComparer.Ordinal)
            .Select(tag => new TagCount(tag.Key, tag.Count()))
            .OrderByDescending(tag => tag.Posts).ThenBy(tag => tag.Tag, StringComparer.Ordinal)
            .Take(limit)];
    }

    public async Task<IReadOnlyList<Video>> ListByCameoAsync(string cameoId, int limit, CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<Document>(
                new QueryDefinition("SELECT * FROM c WHERE ARRAY_CONTAINS(c.cameoIds, @cameo) AND c.removed = false").WithParameter("@cameo", cameoId),
                limit, cancellation))
            .Take(limit).Select(document => document.Read())];

    public async Task<IReadOnlyList<Video>> ListRestorableAsync(string? ownerId, string? cameoId, int limit, CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<Document>(
                new QueryDefinition(
                        $"SELECT * FROM c WHERE {(ownerId is not null ? "c.ownerId = @owner" : "ARRAY_CONTAINS(c.cameoIds, @cameo)")} AND c.restorable = true")
                    .WithParameter("@owner", ownerId).WithParameter("@cameo", cameoId),
                limit, cancellation))
            .Take(limit).Select(document => document.Read())];

    public async Task<IReadOnlyList<Video>> ListRemixesAsync(string parentId, CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<Document>(
                new QueryDefinition("SELECT * FROM c WHERE c.remixOf = @parent AND c.removed = false").WithParameter("@parent", parentId),
                int.MaxValue, cancellation))
            .Select(document => document.Read())];

    /// <summary>All of them, read in the composite index's order and reversed (one index serves every query).</summary>
    public async Task<IReadOnlyList<Video>> ListUnfinishedAsync(CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<Document>(
                new QueryDefinition("SELECT * FROM c WHERE c.finished = false ORDER BY c.createdAtMs DESC, c.id DESC"),
                int.MaxValue, cancellation))
            .Select(document => document.Read()).Reverse()];

    public async Task SaveAsync(Video video, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        var version = video.Version ?? throw new InvalidOperationException($"{video.Id} was not read from the store.");
        video.Version = await documents.PatchAsync(
            video.Id,
            [
                PatchOperation.Set("/video", video), PatchOperation.Set("/finished", video.IsFinished), PatchOperation.Set("/removed", video.IsRemoved),
                PatchOperation.Set("/restorable", video.IsRestorable),
                PatchOperation.Set("/postedAtMs", PostedAtMs(video)), PatchOperation.Set("/searchTerms", SearchTermsOf(video)), .. CosmosDocuments.Enqueue(events),
            ],
            version,
            cancellation)
            ?? throw new VersionConflictException(video.Id);
    }

    public Task<IReadOnlyList<PendingEvent>> PendingAsync(int limit, CancellationToken cancellation = default) =>
        documents.PendingAsync(limit, cancellation);

    public Task MarkDeliveredAsync(IReadOnlyCollection<string> keys, CancellationToken cancellation = default) =>
        documents.MarkDeliveredAsync(keys, cancellation);

    /// <summary>The posting time the index keeps: none for a draft or a video taken down.</summary>
    private static long? PostedAtMs(Video video) => video.IsPosted ? video.PostedAt!.Value.ToUnixTimeMilliseconds() : null;

    /// <summary>What search finds a post by: nothing for a draft or a video taken down.</summary>
    private static IReadOnlyList<string>? SearchTermsOf(Video video) => video.IsPosted ? SearchTerms.OfPost(video) : null;

    private sealed record TermsDocument(IReadOnlyList<string>? SearchTerms);

    private sealed record Document(
        string Id, string OwnerId, long CreatedAtMs, bool Finished, bool Removed, bool Pending, Video Video, IReadOnlyList<CloudEvent> Outbox,
        IReadOnlyList<string>? CameoIds, long? PostedAtMs, string? RemixOf, bool Restorable, IReadOnlyList<string>? SearchTerms)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public Video Read()
        {
            Video.Version = ETag;
            return Video;
        }
    }
}
