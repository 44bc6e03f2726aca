using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Api;

/// <summary>Feed settings (section <see cref="SectionName"/>).</summary>
public sealed class FeedOptions
{
    public const string SectionName = "Sora:Feeds";

    /// <summary>
    /// An author with at least this many followers is not fanned out: their posts are merged into their followers'
    /// Following feeds when read: where one post's fan-out would take longer than a second on the embedded store, as
    /// bench/Feed measures it (~40 µs a follower on this class of machine).
    /// </summary>
    public int PullFrom { get; set; } = 25_000;

    /// <summary>How many of the newest posts For You ranks for each page (and Discover for what is trending).</summary>
    public int Candidates { get; set; } = 300;

    /// <summary>
    /// How long the candidates (<see cref="CandidatePool"/>) and what is trending are kept before they are read again: a
    /// new post reaches For You and Discover within this time.
    /// </summary>
    public TimeSpan CandidatesKeptFor { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Keeps the Following feeds as events arrive (at least once: every step is safe to repeat). A post goes into the feed
/// of each follower who doesn't mute its author — unless the author has <see cref="FeedOptions.PullFrom"/> followers or
/// more, who are then marked to be merged at read time; unposting and removal take it out of every feed, an unfollow,
/// a mute or a block takes the author's posts out of the feed concerned, and a follow brings the newest few in. A
/// posted remix is counted for the video it remixes.
/// </summary>
public sealed class FeedFanOut(
    IFeedStore feeds, IVideoStore videos, IMemberStore members, IRelationStore relations, IEngagementStore engagement, IOptions<FeedOptions> options)
    : IEventHandler
{
    /// <summary>How many followers are written to in one transaction.</summary>
    public const int Batch = 1_000;

    /// <summary>How many of an author's newest posts a new follower's feed takes in.</summary>
    public const int Backfill = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        switch (cloudEvent.Type)
        {
            case EventTypes.VideoPosted or EventTypes.VideoRestored when Data<VideoPostedData>(cloudEvent) is { } posted:
                if (await videos.GetAsync(posted.VideoId, cancellation) is { IsPosted: true } video)
                {
                    await FanOutAsync(video, cancellation);
                    if (video.RemixOf is { } remixOf)
                    {
                        await engagement.SetRemixAsync(remixOf.ParentId, video.Id, posted: true, cancellation);
                    }
                }

                break;
            case EventTypes.VideoUnposted when Data<VideoPostedData>(cloudEvent) is { } unposted:
                await WithdrawAsync(unposted.VideoId, cancellation);
                break;
            case EventTypes.VideoRemoved when Data<VideoRemovedData>(cloudEvent) is { } removed:
                await WithdrawAsync(removed.VideoId, cancellation);
                break;
            case EventTypes.MemberUnfollowed or EventTypes.MemberMuted when Data<RelationData>(cloudEvent) is { } ended:
                await feeds.RemoveAuthorAsync(ended.From, ended.To, cancellation);
                break;
            case EventTypes.MemberBlocked when Data<RelationData>(cloudEvent) is { } block:
                await feeds.RemoveAuthorAsync(block.From, block.To, cancellation);
                await feeds.RemoveAuthorAsync(block.To, block.From, cancellation);
                break;
            case EventTypes.MemberFollowed when Data<RelationData>(cloudEvent) is { } follow:
                await BackfillAsync(follow.From, follow.To, cancellation);
                break;
        }
    }

    /// <summary>Writes the post into its author's followers' feeds, a batch at a time; or marks a much-followed author to be merged.</summary>
    public async Task FanOutAsync(Video video, CancellationToken cancellation)
    {
        var pulled = await IsPulledAsync(video.OwnerId, cancellation);
        await feeds.SetPulledAsync(video.OwnerId, pulled, cancellation);
        if (pulled || await members.GetAsync(video.OwnerId, cancellation) is not { } author)
        {
            return;
        }

        var item = FeedItem.Of(video, author.Username);
        var muting = await MutersAsync(video.OwnerId, cancellation);
        string? after = null;
        while (true)
        {
            var followers = await relations.ListAsync(video.OwnerId, RelationKind.Follow, incoming: true, Batch, after, cancellation);
            if (followers.Count == 0)
            {
                return;
            }

            await feeds.AddAsync([.. followers.Select(follow => follow.From).Where(follower => !muting.Contains(follower))], item, cancellation);
            after = followers[^1].From;
        }
    }

    /// <summary>Takes a post no longer public out of every feed, and out of the remixes counted for the video it remixes.</summary>
    private async Task WithdrawAsync(string videoId, CancellationToken cancellation)
    {
        await feeds.RemoveVideoAsync(videoId, cancellation);
        if ((await videos.GetAsync(videoId, cancellation))?.RemixOf is { } remixOf)
        {
            await engagement.SetRemixAsync(remixOf.ParentId, videoId, posted: false, cancellation);
        }
    }

    private async Task BackfillAsync(string followerId, string authorId, CancellationToken cancellation)
    {
        if (await members.GetAsync(authorId, cancellation) is not { } author || await IsPulledAsync(authorId, cancellation))
        {
            return;
        }

        foreach (var post in await videos.ListPostedAsync(authorId, Backfill, cancellation: cancellation))
        {
            await feeds.AddAsync([followerId], FeedItem.Of(post, author.Username), cancellation);
        }
    }

    private async Task<bool> IsPulledAsync(string authorId, CancellationToken cancellation) =>
        (await relations.CountAsync(authorId, cancellation)).Followers >= options.Value.PullFrom;

    /// <summary>Everyone who mutes the member (few, usually).</summary>
    private async Task<HashSet<string>> MutersAsync(string memberId, CancellationToken cancellation)
    {
        var muters = new HashSet<string>();
        for (var page = await relations.ListAsync(memberId, RelationKind.Mute, incoming: true, Batch, cancellation: cancellation);
             page.Count > 0;
             page = await relations.ListAsync(memberId, RelationKind.Mute, incoming: true, Batch, page[^1].From, cancellation))
        {
            muters.UnionWith(page.Select(relation => relation.From));
        }

        return muters;
    }

    private static T? Data<T>(CloudEvent cloudEvent) where T : class => cloudEvent.Data?.Deserialize<T>(Json);
}

/// <summary>
/// For You's and Discover's candidates: the newest <see cref="FeedOptions.Candidates"/> posts with their counts, read
/// at most once every <see cref="FeedOptions.CandidatesKeptFor"/> per process, so that a page costs what is the member's
/// own (their relations, their likes and views among the candidates), not hundreds of posts and their counts.
/// </summary>
public sealed class CandidatePool
{
    private readonly Kept<Candidates> kept;

    public CandidatePool(IVideoStore videos, IEngagementStore engagement, IOptions<FeedOptions> options, TimeProvider time)
    {
        kept = new Kept<Candidates>(
            async () =>
            {
                var posts = await videos.ListPostedByAsync(null, options.Value.Candidates, new FeedCursor(time.GetUtcNow().AddMilliseconds(1), ""));
                return new Candidates(posts, await engagement.CountAllAsync([.. posts.Select(post => post.Id)]));
            },
            () => options.Value.CandidatesKeptFor,
            time);
    }

    /// <summary>The posts (newest first) and their counts.</summary>
    public sealed record Candidates(IReadOnlyList<Video> Posts, IReadOnlyDictionary<string, EngagementCounts> Counts);

    public Task<Candidates> GetAsync() => kept.GetAsync();
}

/// <summary>A feed page: its items (with each one's score parts when explained) and where the next page starts.</summary>
public sealed record FeedPage(IReadOnlyList<(FeedItem Item, ScoreParts? Parts)> Items, FeedCursor? Next);

/// <summary>
/// Reads the two feeds. Following: the member's fanned-out feed merged with the posts of the much-followed authors they
/// follow. For You: the candidates (<see cref="CandidatePool"/>) posted by the moment the feed was opened (the cursor
/// keeps that moment), less the member's own, the ones they have seen and those of creators hidden by a block or muted,
/// ranked by <see cref="ForYouRanking"/>.
/// </summary>
public sealed class Feeds(
    IFeedStore feeds, IVideoStore videos, IMemberStore members, IRelationStore relations, IEngagementStore engagement, CandidatePool pool,
    TimeProvider time)
{
    /// <summary>How many of a member's follows, blocks and mutes For You reads to know how they stand to each creator.</summary>
    public const int RelationsRead = 5_000;

    public async Task<FeedPage> FollowingAsync(Member member, int limit, FeedCursor? after, CancellationToken cancellation)
    {
        var page = await feeds.PageAsync(member.Id, limit + 1, after, cancellation);
        var followed = new List<string>();
        foreach (var author in await feeds.ListPulledAsync(cancellation))
        {
            if (await relations.BetweenAsync(member.Id, author, cancellation) is { Following: true, Muting: false, Hidden: false })
            {
                followed.Add(author);
            }
        }

        if (followed.Count > 0)
        {
            var merged = await ItemsAsync(await videos.ListPostedByAsync(followed, limit + 1, after, cancellation), cancellation);
            // An author merged now may have been fanned out before: their older posts are in the feed too, once.
            page = [.. page.Concat(merged).DistinctBy(item => item.VideoId)
                .OrderByDescending(item => item.PostedAt).ThenByDescending(item => item.VideoId, StringComparer.Ordinal).Take(limit + 1)];
        }

        return new FeedPage([.. page.Take(limit).Select(item => (item, (ScoreParts?)null))], page.Count > limit ? page[limit - 1].Cursor : null);
    }

    /// <summary>A page of For You after <paramref name="after"/> (the moment it was opened and the last post shown).</summary>
    public async Task<FeedPage> ForYouAsync(Member member, int limit, FeedCursor? after, CancellationToken cancellation)
    {
        var openedAt = after?.PostedAt ?? time.GetUtcNow();
        var candidates = await pool.GetAsync();
        IReadOnlyList<Video> posts = [.. candidates.Posts.Where(post => post.PostedAt <= openedAt)];
        var following = await IdsAsync(member.Id, RelationKind.Follow, incoming: false, cancellation);
        var hidden = (await IdsAsync(member.Id, RelationKind.Block, incoming: false, cancellation))
            .Concat(await IdsAsync(member.Id, RelationKind.Block, incoming: true, cancellation))
            .Concat(await IdsAsync(member.Id, RelationKind.Mute, incoming: false, cancellation))
            .Append(member.Id)
            .ToHashSet();
        posts = [.. posts.Where(post => !hidden.Contains(post.OwnerId))];
        var own = await engagement.MemberEngagementAsync([.. posts.Select(post => post.Id)], member.Id, cancellation);
        var ranked = ForYouRanking.Rank(
            [.. posts
                .Where(post => !own.Viewed.Contains(post.Id) || post.Id == after?.VideoId) // the cursor's own post places the page, seen or not
                .Select(post => new Candidate(
                    post.Id, post.OwnerId, post.PostedAt!.Value, new EngagementSummary(candidates.Counts[post.Id], own.Liked.Contains(post.Id), own.Viewed.Contains(post.Id)),
                    following.Contains(post.OwnerId), post.IsCoOwnedBy(member.Id)))],
            openedAt);
        var start = after is null ? 0 : ranked.Select(scored => scored.Candidate.VideoId).ToList().IndexOf(after.VideoId) + 1;
        var chosen = ranked.Skip(start).Take(limit + 1).ToList();
        var byId = posts.ToDictionary(post => post.Id);
        var items = (await ItemsAsync([.. chosen.Take(limit).Select(scored => byId[scored.Candidate.VideoId])], cancellation)).ToDictionary(item => item.VideoId);
        return new FeedPage(
            [.. chosen.Take(limit).Where(scored => items.ContainsKey(scored.Candidate.VideoId)).Select(scored => (items[scored.Candidate.VideoId], (ScoreParts?)scored.Parts))],
            chosen.Count > limit ? new FeedCursor(openedAt, chosen[limit - 1].Candidate.VideoId) : null);
    }

    /// <summary>How many of a post's remixes its page lists.</summary>
    public const int RemixesListed = 50;

    /// <summary>
    /// The posted remixes of a post the member may see, newest first: none by a creator hidden from them by a block, or
    /// muted; the post itself answers as anywhere when they may not see it (404).
    /// </summary>
    public async Task<IReadOnlyList<FeedItem>> RemixesAsync(Member member, string videoId, CancellationToken cancellation)
    {
        if (await videos.GetAsync(videoId, cancellation) is not { } video || !await VideoAccess.CanViewAsync(member, video, relations, cancellation))
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.VideoNotFound, $"No video has id '{videoId}'."));
        }

        var remixes = new List<Video>();
        foreach (var remix in (await videos.ListRemixesAsync(videoId, cancellation)).Where(remix => remix.IsPosted).OrderByDescending(remix => remix.PostedAt))
        {
            if (remixes.Count == RemixesListed)
            {
                break;
            }

            if (remix.OwnerId == member.Id || await relations.BetweenAsync(member.Id, remix.OwnerId, cancellation) is { Hidden: false, Muting: false })
            {
                remixes.Add(remix);
            }
        }

        return await ItemsAsync(remixes, cancellation);
    }

    /// <summary>The posts as feed items, their authors read once each (a post whose author is gone is left out).</summary>
    public async Task<List<FeedItem>> ItemsAsync(IReadOnlyList<Video> posts, CancellationToken cancellation)
    {
        var usernames = new Dictionary<string, string?>();
        var items = new List<FeedItem>(posts.Count);
        foreach (var post in posts)
        {
            if (!usernames.TryGetValue(post.OwnerId, out var username))
            {
                username = usernames[post.OwnerId] = (await members.GetAsync(post.OwnerId, cancellation))?.Username;
            }

            if (username is not null)
            {
                items.Add(FeedItem.Of(post, username));
            }
        }

        return items;
    }

    private async Task<HashSet<string>> IdsAsync(string memberId, RelationKind kind, bool incoming, CancellationToken cancellation) =>
        [.. (await relations.ListAsync(memberId, kind, incoming, RelationsRead, cancellation: cancellation)).Select(relation => incoming ? relation.From : relation.To)];
}

/// <summary><c>/v1/feed</c>: the caller's Following and For You feeds, a page at a time.</summary>
public static class FeedsApi
{
    public static IEndpointRouteBuilder MapFeedsApi(this IEndpointRouteBuilder routes)
    {
        var feed = routes.MemberGroup("/v1/feed");
        feed.MapGet("/following", FollowingAsync).Produces<FeedList>();
        feed.MapGet("/for_you", ForYouAsync).Produces<FeedList>();
        routes.MemberGroup("/v1/videos").MapGet("/{id}/remixes", RemixesAsync).Produces<FeedList>();
        return routes;
    }

    /// <summary>The posted remixes of a post, newest first (at most <see cref="Feeds.RemixesListed"/>).</summary>
    public static async Task<IResult> RemixesAsync(string id, Caller caller, Feeds feeds, CancellationToken cancellation) =>
        TypedResults.Json(
            new FeedList([.. (await feeds.RemixesAsync(caller.Member, id, cancellation)).Select(item => FeedItemObject.From(item, null))], false, null), VideoObject.Json);

    /// <summary>The posts of the people the caller follows, newest first; <c>cursor</c> is a page's <c>next_cursor</c>.</summary>
    public static async Task<IResult> FollowingAsync(Caller caller, Feeds feeds, string? limit, string? cursor, CancellationToken cancellation) =>
        Answer(await feeds.FollowingAsync(caller.Member, VideosApi.PageSize(limit), FeedCursor.Parse(cursor), cancellation));

    /// <summary>Posts ranked for the caller; <c>explain=true</c> adds each one's score parts.</summary>
    public static async Task<IResult> ForYouAsync(Caller caller, Feeds feeds, string? limit, string? cursor, string? explain, CancellationToken cancellation)
    {
        var explained = explain switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new RequestRejectedException(new VideoError("VALIDATION.EXPLAIN.INVALID", "explain must be true or false.")),
        };
        var page = await feeds.ForYouAsync(caller.Member, VideosApi.PageSize(limit), FeedCursor.Parse(cursor), cancellation);
        return Answer(explained ? page : page with { Items = [.. page.Items.Select(entry => (entry.Item, (ScoreParts?)null))] });
    }

    private static IResult Answer(FeedPage page) =>
        TypedResults.Json(new FeedList([.. page.Items.Select(entry => FeedItemObject.From(entry.Item, entry.Parts))], page.Next is not null, page.Next?.ToString()), VideoObject.Json);
}

/// <summary>
/// A post in a feed, with what a player needs: its author, caption, duration and size, a remix's label and the video it
/// remixes (as the video object names it), and where its content is (the master, the 360p preview, the poster, the
/// spritesheet and the captions); <c>score</c> when explained.
/// </summary>
public sealed record FeedItemObject(
    string Id, string Author, string Caption, long PostedAt, string Seconds, string Size, string? RemixLabel, string? RemixedFromVideoId, FeedContent Content,
    ScoreParts? Score)
{
    [JsonPropertyOrder(-1)]
    public string Object => "feed.item";

    /// <summary>The item, its content where <paramref name="content"/> says (the video's own route unless a share link's).</summary>
    public static FeedItemObject From(FeedItem item, ScoreParts? parts, string? content = null)
    {
        content ??= $"/v1/videos/{item.VideoId}/content";
        return new FeedItemObject(
            item.VideoId, item.AuthorUsername, item.Caption, item.PostedAt.ToUnixTimeSeconds(), item.Seconds.ToString(CultureInfo.InvariantCulture),
            item.Size, item.RemixCredit, item.RemixOf, new FeedContent(
                content, $"{content}?variant=preview", $"{content}?variant=thumbnail", $"{content}?variant=spritesheet", $"{content}?variant=captions"),
            parts);
    }
}

public sealed record FeedContent(string Video, string Preview, string Poster, string Spritesheet, string Captions);

public sealed record FeedList(IReadOnlyList<FeedItemObject> Data, bool HasMore, string? NextCursor)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}
