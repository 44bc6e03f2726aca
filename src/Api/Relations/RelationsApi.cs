using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoraFunctions.Core.Members;

namespace SoraFunctions.Api;

/// <summary>
/// How members stand with each other: follow, block and mute (<c>/v1/members/{username}/…</c>), a member's followers
/// and following, and whom the caller blocks and mutes (<c>/v1/me/blocks</c>, <c>/v1/me/mutes</c>).
/// </summary>
public static class RelationsApi
{
    public static IEndpointRouteBuilder MapRelationsApi(this IEndpointRouteBuilder routes)
    {
        var members = routes.MemberGroup("/v1");
        foreach (var relation in new[] { "follow", "block", "mute" })
        {
            members.MapPost($"/members/{{username}}/{relation}", (string username, Caller caller, Relations relations, CancellationToken cancellation) =>
                RelateAsync(username, relation, true, caller, relations, cancellation)).Produces<ProfileObject>();
            members.MapDelete($"/members/{{username}}/{relation}", (string username, Caller caller, Relations relations, CancellationToken cancellation) =>
                RelateAsync(username, relation, false, caller, relations, cancellation)).Produces<ProfileObject>();
        }

        members.MapGet("/members/{username}/followers", (string username, Caller caller, Relations relations, string? limit, string? after, CancellationToken cancellation) =>
            FollowsAsync(username, true, caller, relations, limit, after, cancellation)).Produces<PageObject<ProfileObject>>();
        members.MapGet("/members/{username}/following", (string username, Caller caller, Relations relations, string? limit, string? after, CancellationToken cancellation) =>
            FollowsAsync(username, false, caller, relations, limit, after, cancellation)).Produces<PageObject<ProfileObject>>();
        members.MapGet("/me/blocks", (Caller caller, Relations relations, string? limit, string? after, CancellationToken cancellation) =>
            OwnRelationsAsync(RelationKind.Block, caller, relations, limit, after, cancellation)).Produces<PageObject<ProfileObject>>();
        members.MapGet("/me/mutes", (Caller caller, Relations relations, string? limit, string? after, CancellationToken cancellation) =>
            OwnRelationsAsync(RelationKind.Mute, caller, relations, limit, after, cancellation)).Produces<PageObject<ProfileObject>>();
        return routes;
    }

    /// <summary>Follow, unfollow, block, unblock, mute or unmute the member; answers their profile as it now stands (without counts after a block or an unblock).</summary>
    public static async Task<IResult> RelateAsync(
        string username, string relation, bool on, Caller caller, Relations relations, CancellationToken cancellation) =>
        TypedResults.Json(ProfileObject.From(await ((relation, on) switch
        {
            ("follow", true) => relations.FollowAsync(caller.Member, username, cancellation),
            ("follow", false) => relations.UnfollowAsync(caller.Member, username, cancellation),
            ("block", true) => relations.BlockAsync(caller.Member, username, cancellation),
            ("block", false) => relations.UnblockAsync(caller.Member, username, cancellation),
            ("mute", true) => relations.MuteAsync(caller.Member, username, cancellation),
            _ => relations.UnmuteAsync(caller.Member, username, cancellation),
        })), VideoObject.Json);

    /// <summary>A page of the member's followers or following, newest first (<c>limit</c> 1–100, <c>after</c> a member id).</summary>
    public static async Task<IResult> FollowsAsync(
        string username, bool followers, Caller caller, Relations relations, string? limit, string? after, CancellationToken cancellation)
    {
        var (page, next) = await relations.FollowsAsync(caller.Member, username, followers, VideosApi.PageSize(limit), after, cancellation);
        return TypedResults.Json(new PageObject<ProfileObject>([.. page.Select(ProfileObject.From)], next), VideoObject.Json);
    }

    /// <summary>A page of whom the caller blocks or mutes.</summary>
    public static async Task<IResult> OwnRelationsAsync(
        RelationKind kind, Caller caller, Relations relations, string? limit, string? after, CancellationToken cancellation)
    {
        var (page, next) = await relations.OwnAsync(caller.Member, kind, VideosApi.PageSize(limit), after, cancellation);
        return TypedResults.Json(new PageObject<ProfileObject>([.. page.Select(ProfileObject.From)], next), VideoObject.Json);
    }
}
