using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Api;

/// <summary>What Discover shows a member: the day's hashtags, trending posts, and creators of those posts they don't follow yet.</summary>
public sealed record Discovery(IReadOnlyList<TagCount> Hashtags, IReadOnlyList<FeedItem> Posts, IReadOnlyList<Profile> Creators);

/// <summary>
/// Finding people and posts, and Discover. Search reads the stores' indexes (<see cref="IMemberStore.SearchAsync"/>,
/// <see cref="IVideoStore.SearchPostedAsync"/>); what is trending is the same for everyone, so it is worked out at most
/// once every <see cref="FeedOptions.CandidatesKeptFor"/> per process — the hashtags of the last day's posts, and For
/// You's candidates (<see cref="CandidatePool"/>) ranked as For You ranks them for someone who follows no one — and then
/// each member's view of it leaves out their own posts, and creators hidden by a block or muted, as search does.
/// </summary>
public sealed class Search(
    IVideoStore videos, IMemberStore members, IRelationStore relations, CandidatePool pool, Feeds feeds, IOptions<FeedOptions> options, TimeProvider time)
{
    /// <summary>How far back the trending hashtags are counted.</summary>
    public static readonly TimeSpan TrendingWindow = TimeSpan.FromDays(1);

    public const int TrendingTags = 10;

    public const int TrendingPosts = 12;

    public const int SuggestedCreators = 8;

    private readonly Kept<Trends> trends = new(() => WorkOutTrendsAsync(videos, pool, time), () => options.Value.CandidatesKeptFor, time);

    /// <summary>Members whose username or display name's words begin with what was typed; one named exactly comes first.</summary>
    public async Task<IReadOnlyList<Profile>> MembersAsync(Member viewer, string? text, int limit, CancellationToken cancellation)
    {
        var query = MemberQuery.Parse(text);
        var exact = MemberQuery.ExactUsername(text!) is { } username && await members.FindByUsernameAsync(username, cancellation) is { State: MemberState.Active } named
            ? named
            : null;
        var searched = await members.SearchAsync(query, limit + 1, cancellation);
        var profiles = new List<Profile>(limit);
        foreach (var member in searched.Where(member => member.Id != exact?.Id).Prepend(exact).OfType<Member>())
        {
            if (profiles.Count == limit)
            {
                break;
            }

            var relationship = await relations.BetweenAsync(viewer.Id, member.Id, cancellation);
            if (!relationship.Hidden)
            {
                profiles.Add(new Profile(member, null, relationship));
            }
        }

        return profiles;
    }

    /// <summary>A page of the posts with every word and hashtag typed, newest first; <paramref name="after"/> is the last post of the previous page.</summary>
    public async Task<(IReadOnlyList<FeedItem> Items, string? Next)> PostsAsync(Member viewer, string? text, int limit, string? after, CancellationToken cancellation)
    {
        var query = PostQuery.Parse(text);
        var page = await videos.SearchPostedAsync(query, limit + 1, after, cancellation);
        var shown = await VisibleAsync(viewer, page.Take(limit), limit, new Dictionary<string, Relationship> { [viewer.Id] = Relationship.None }, cancellation);
        return (await feeds.ItemsAsync(shown, cancellation), page.Count > limit ? page[limit - 1].Id : null);
    }

    public async Task<Discovery> DiscoverAsync(Member viewer, CancellationToken cancellation)
    {
        var current = await trends.GetAsync();
        var standing = new Dictionary<string, Relationship>();
        var posts = await VisibleAsync(viewer, current.Posts.Where(post => post.OwnerId != viewer.Id), TrendingPosts, standing, cancellation);
        var creators = new List<Profile>();
        foreach (var creatorId in posts.Select(post => post.OwnerId).Distinct())
        {
            if (creators.Count < SuggestedCreators && !standing[creatorId].Following && await members.GetAsync(creatorId, cancellation) is { State: MemberState.Active } creator)
            {
                creators.Add(new Profile(creator, null, standing[creatorId]));
            }
        }

        return new Discovery(current.Tags, await feeds.ItemsAsync(posts, cancellation), creators);
    }

    /// <summary>The first <paramref name="wanted"/> of the posts the viewer may see here: none of a creator hidden from them by a block, or muted.</summary>
    private async Task<List<Video>> VisibleAsync(
        Member viewer, IEnumerable<Video> posts, int wanted, Dictionary<string, Relationship> standing, CancellationToken cancellation)
    {
        var visible = new List<Video>();
        foreach (var post in posts.TakeWhile(_ => visible.Count < wanted))
        {
            if (!standing.TryGetValue(post.OwnerId, out var relationship))
            {
                relationship = standing[post.OwnerId] = await relations.BetweenAsync(viewer.Id, post.OwnerId, cancellation);
            }

            if (!relationship.Hidden && !relationship.Muting)
            {
                visible.Add(post);
            }
        }

        return visible;
    }

    private static async Task<Trends> WorkOutTrendsAsync(IVideoStore videos, CandidatePool pool, TimeProvider time)
    {
        var at = time.GetUtcNow();
        var tags = await videos.ListTrendingTagsAsync(at - TrendingWindow, TrendingTags);
        var candidates = await pool.GetAsync();
        var byId = candidates.Posts.ToDictionary(post => post.Id);
        var ranked = ForYouRanking.Rank(
            [.. candidates.Posts.Select(post => new Candidate(
                post.Id, post.OwnerId, post.PostedAt!.Value, new EngagementSummary(candidates.Counts[post.Id], false, false), FollowsCreator: false, SharesCameo: false))],
            at);
        return new Trends(tags, [.. ranked.Select(scored => byId[scored.Candidate.VideoId])]);
    }

    private sealed record Trends(IReadOnlyList<TagCount> Tags, IReadOnlyList<Video> Posts);
}

/// <summary><c>/v1/search</c> and <c>/v1/discover</c>: finding people and posts.</summary>
public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder routes)
    {
        var members = routes.MemberGroup("/v1");
        members.MapGet("/search/members", MembersAsync).Produces<PageObject<ProfileObject>>();
        members.MapGet("/search/posts", PostsAsync).Produces<FeedList>();
        members.MapGet("/discover", DiscoverAsync).Produces<DiscoverObject>();
        return routes;
    }

    /// <summary>Members by the beginning of their username or display name (<c>q</c>), with how the caller stands with each.</summary>
    public static async Task<IResult> MembersAsync(Caller caller, Search search, string? q, string? limit, CancellationToken cancellation) =>
        TypedResults.Json(
            new PageObject<ProfileObject>([.. (await search.MembersAsync(caller.Member, q, VideosApi.PageSize(limit), cancellation)).Select(ProfileObject.From)], null),
            VideoObject.Json);

    /// <summary>Posts with every word and <c>#hashtag</c> of <c>q</c>, newest first; <c>cursor</c> is a page's <c>next_cursor</c>.</summary>
    public static async Task<IResult> PostsAsync(Caller caller, Search search, string? q, string? limit, string? cursor, CancellationToken cancellation)
    {
        var (items, next) = await search.PostsAsync(caller.Member, q, VideosApi.PageSize(limit), cursor, cancellation);
        return TypedResults.Json(new FeedList([.. items.Select(item => FeedItemObject.From(item, null))], next is not null, next), VideoObject.Json);
    }

    public static async Task<IResult> DiscoverAsync(Caller caller, Search search, CancellationToken cancellation)
    {
        var discovery = await search.DiscoverAsync(caller.Member, cancellation);
        return TypedResults.Json(
            new DiscoverObject(
                [.. discovery.Hashtags.Select(tag => new HashtagObject(tag.Tag, tag.Posts))],
                [.. discovery.Posts.Select(item => FeedItemObject.From(item, null))],
                [.. discovery.Creators.Select(ProfileObject.From)]),
            VideoObject.Json);
    }
}

public sealed record HashtagObject(string Tag, int Posts);

public sealed record DiscoverObject(IReadOnlyList<HashtagObject> Hashtags, IReadOnlyList<FeedItemObject> Posts, IReadOnlyList<ProfileObject> Creators)
{
    [JsonPropertyOrder(-1)]
    public string Object => "discover";
}
