using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Api;

/// <summary>
/// Likes, comments, views and shares of posts: <c>/v1/videos/{id}/likes</c>, <c>/v1/videos/{id}/comments</c>,
/// <c>/v1/videos/{id}/views</c>, <c>/v1/videos/{id}/shares</c>; <c>/v1/me/likes</c>, the posts one likes; and
/// <c>/v1/shared/{token}</c>, open to anyone with the link.
/// </summary>
public static class EngagementApi
{
    public static IEndpointRouteBuilder MapEngagementApi(this IEndpointRouteBuilder routes)
    {
        var video = routes.MemberGroup("/v1/videos/{id}");
        video.MapGet("/likes", LikesAsync).Produces<EngagementObject>();
        video.MapPost("/views", ViewAsync).Produces<EngagementObject>();
        video.MapPost("/likes", (string id, Caller caller, Engagement engagement, CancellationToken cancellation) => LikeAsync(id, true, caller, engagement, cancellation)).Produces<EngagementObject>();
        video.MapDelete("/likes", (string id, Caller caller, Engagement engagement, CancellationToken cancellation) => LikeAsync(id, false, caller, engagement, cancellation)).Produces<EngagementObject>();
        video.MapGet("/comments", CommentsAsync).Produces<CommentList>();
        video.MapPost("/comments", CommentAsync).AcceptsJson<CommentBody>().Produces<CommentObject>(StatusCodes.Status201Created);
        video.MapDelete("/comments/{commentId}", DeleteCommentAsync).Produces<DeletedObject>();
        video.MapPost("/shares", ShareAsync).Produces<ShareObject>(StatusCodes.Status201Created);
        routes.MemberGroup("/v1/me/likes").MapGet("/", LikedAsync).Produces<FeedList>();
        var shared = routes.OpenGroup("/v1/shared/{token}");
        shared.MapGet("/", SharedAsync).Produces<FeedItemObject>();
        shared.MapGet("/content", SharedContentAsync).ProducesContent();
        routes.MemberGroup("/v1/shared/{token}").MapDelete("/", RevokeShareAsync).Produces(StatusCodes.Status204NoContent);
        return routes;
    }

    /// <summary>Ends a share link the caller made (204): it opens nothing from then on.</summary>
    public static async Task<IResult> RevokeShareAsync(string token, Caller caller, Engagement engagement, CancellationToken cancellation)
    {
        await engagement.RevokeShareAsync(caller.Member, token, cancellation);
        return TypedResults.NoContent();
    }

    /// <summary>The posts the caller likes, the latest liked first, as feed items; <c>cursor</c> is a page's <c>next_cursor</c>.</summary>
    public static async Task<IResult> LikedAsync(Caller caller, Engagement engagement, IMemberStore members, string? limit, string? cursor, CancellationToken cancellation)
    {
        var (posts, next) = await engagement.LikedAsync(caller.Member, VideosApi.PageSize(limit), cursor, cancellation);
        var items = new List<FeedItemObject>(posts.Count);
        foreach (var post in posts)
        {
            items.Add(FeedItemObject.From(FeedItem.Of(post, (await members.GetAsync(post.OwnerId, cancellation))?.Username ?? ""), null));
        }

        return TypedResults.Json(new FeedList(items, next is not null, next), VideoObject.Json);
    }

    /// <summary>A public link to a post the caller sees (201): <c>{"token", "url"}</c>, the token shown this once.</summary>
    public static async Task<IResult> ShareAsync(string id, Caller caller, Engagement engagement, CancellationToken cancellation)
    {
        var token = await engagement.ShareAsync(caller.Member, id, cancellation);
        return TypedResults.Json(new ShareObject(id, token, $"/shared/{token}"), VideoObject.Json, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The post a share link opens, for anyone (no sign-in): what a player needs, its content under the link.</summary>
    public static async Task<IResult> SharedAsync(string token, Engagement engagement, IMemberStore members, CancellationToken cancellation)
    {
        var video = await engagement.SharedAsync(token, cancellation);
        var author = await members.GetAsync(video.OwnerId, cancellation);
        return TypedResults.Json(FeedItemObject.From(FeedItem.Of(video, author?.Username ?? ""), null, $"/v1/shared/{token}/content"), VideoObject.Json);
    }

    public static async Task<IResult> SharedContentAsync(string token, string? variant, Engagement engagement, IClipStore clips, CancellationToken cancellation) =>
        VideosApi.VariantRefusal(variant) ?? await VideosApi.ServeAsync(await engagement.SharedAsync(token, cancellation), variant ?? "video", clips, cancellation);

    public static async Task<IResult> LikesAsync(string id, Caller caller, Engagement engagement, CancellationToken cancellation) =>
        TypedResults.Json(EngagementObject.From(id, await engagement.CountAsync(caller.Member, id, cancellation)), VideoObject.Json);

    /// <summary>Likes (POST) or stops liking (DELETE) a post; answers its counts.</summary>
    public static async Task<IResult> LikeAsync(string id, bool like, Caller caller, Engagement engagement, CancellationToken cancellation) =>
        TypedResults.Json(EngagementObject.From(id, await engagement.LikeAsync(caller.Member, id, like, cancellation)), VideoObject.Json);

    /// <summary>A player reports a completed view of a post (counted once per viewer a day); answers its counts.</summary>
    public static async Task<IResult> ViewAsync(string id, Caller caller, Engagement engagement, CancellationToken cancellation) =>
        TypedResults.Json(EngagementObject.From(id, await engagement.ViewAsync(caller.Member, id, cancellation)), VideoObject.Json);

    /// <summary>A page of top-level comments, or with <c>parent_id</c> the replies to one, oldest first.</summary>
    public static async Task<IResult> CommentsAsync(
        string id, Caller caller, Engagement engagement, string? parent_id, string? limit, string? after, CancellationToken cancellation)
    {
        var (comments, next) = await engagement.CommentsAsync(caller.Member, id, parent_id, VideosApi.PageSize(limit), after, cancellation);
        return TypedResults.Json(new CommentList([.. comments.Select(c => CommentObject.From(c.Comment, c.Author))], next is not null, next), VideoObject.Json);
    }

    /// <summary>Comments on a post: <c>{"text", "parent_id"}</c> (a reply names the top-level comment it answers).</summary>
    public static async Task<IResult> CommentAsync(string id, HttpRequest request, Caller caller, Engagement engagement, CancellationToken cancellation)
    {
        var body = await AccountsApi.ReadAsync<CommentBody>(request, cancellation);
        var comment = await engagement.CommentAsync(caller.Member, id, body.ParentId, body.Text, cancellation);
        return TypedResults.Json(CommentObject.From(comment, caller.Member), VideoObject.Json, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> DeleteCommentAsync(string id, string commentId, Caller caller, Engagement engagement, CancellationToken cancellation)
    {
        await engagement.DeleteCommentAsync(caller.Member, id, commentId, cancellation);
        return TypedResults.Json(new DeletedObject(commentId, "comment.deleted"), VideoObject.Json);
    }
}

public sealed record CommentBody(string? Text, string? ParentId);

public sealed record EngagementObject(string VideoId, int Likes, int Comments, int Views, int Remixes, bool Liked)
{
    [JsonPropertyOrder(-1)]
    public string Object => "video.engagement";

    public static EngagementObject From(string videoId, VideoEngagement engagement) =>
        new(videoId, engagement.Counts.Likes, engagement.Counts.Comments, engagement.Counts.Views, engagement.Counts.Remixes, engagement.Liked);
}

/// <summary>A comment; a deleted one keeps its place without its words, and a deleted account's shows no author.</summary>
public sealed record CommentObject(string Id, string VideoId, string? ParentId, string? Author, string Text, long CreatedAt, bool Deleted)
{
    [JsonPropertyOrder(-1)]
    public string Object => "comment";

    public static CommentObject From(Comment comment, Member? author) => new(
        comment.Id, comment.VideoId, comment.ParentId, author?.Username, comment.Text, comment.CreatedAt.ToUnixTimeSeconds(), comment.IsDeleted);
}

public sealed record CommentList(IReadOnlyList<CommentObject> Data, bool HasMore, string? Next)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}

public sealed record ShareObject(string VideoId, string Token, string Url)
{
    [JsonPropertyOrder(-1)]
    public string Object => "share";
}
