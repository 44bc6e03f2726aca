using SoraFunctions.Core.Members;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Api;

/// <summary>A member as another sees them: the account, their counts (null where the viewer may not see them) and how the two stand.</summary>
public sealed record Profile(Member Member, RelationCounts? Counts, Relationship Relationship);

/// <summary>
/// Following, blocking and muting, and who may see whom: the one place these rules live. Blocking hides each from the
/// other everywhere (a profile, a list, a follow: as if the other did not exist) and ends their follows both ways.
/// </summary>
public sealed class Relations(IMemberStore members, IRelationStore relations, TimeProvider time)
{
    public const string SelfCode = "RELATION.SELF";

    /// <summary>The member as <paramref name="viewer"/> may see them; throws <see cref="AccountCodes.MemberNotFound"/> when hidden.</summary>
    public async Task<Profile> ProfileAsync(Member viewer, string username, CancellationToken cancellation)
    {
        var (member, relationship) = await VisibleAsync(viewer, username, cancellation);
        return new Profile(member, await relations.CountAsync(member.Id, cancellation), relationship);
    }

    public Task<Profile> FollowAsync(Member viewer, string username, CancellationToken cancellation) =>
        ChangeAsync(viewer, username, (me, other, at) => ([new Relation(me, other, RelationKind.Follow, at)], [], [RelationEvents.Followed(me, other, at)]), cancellation);

    public Task<Profile> UnfollowAsync(Member viewer, string username, CancellationToken cancellation) =>
        ChangeAsync(viewer, username, (me, other, at) => ([], [new Relation(me, other, RelationKind.Follow, at)], [RelationEvents.Unfollowed(me, other, at)]), cancellation);

    public Task<Profile> MuteAsync(Member viewer, string username, CancellationToken cancellation) =>
        ChangeAsync(viewer, username, (me, other, at) => ([new Relation(me, other, RelationKind.Mute, at)], [], [RelationEvents.Muted(me, other, at)]), cancellation);

    public Task<Profile> UnmuteAsync(Member viewer, string username, CancellationToken cancellation) =>
        ChangeAsync(viewer, username, (me, other, at) => ([], [new Relation(me, other, RelationKind.Mute, at)], []), cancellation);

    /// <summary>
    /// Blocks the member, ending their follows both ways; answers them without their counts, as the viewer's list of
    /// blocks shows them. One who blocks the viewer (and is not blocked by them) is no one to them (404), as everywhere.
    /// </summary>
    public async Task<Profile> BlockAsync(Member viewer, string username, CancellationToken cancellation)
    {
        var other = await BlockableAsync(viewer, username, cancellation);
        var at = time.GetUtcNow();
        await relations.ChangeAsync(
            [new Relation(viewer.Id, other.Id, RelationKind.Block, at)],
            [new Relation(viewer.Id, other.Id, RelationKind.Follow, at), new Relation(other.Id, viewer.Id, RelationKind.Follow, at)],
            [RelationEvents.Blocked(viewer.Id, other.Id, at)], cancellation);
        return new Profile(other, null, await relations.BetweenAsync(viewer.Id, other.Id, cancellation));
    }

    /// <summary>Ends the viewer's block; answered as <see cref="BlockAsync"/> is, whether or not the other still blocks them.</summary>
    public async Task<Profile> UnblockAsync(Member viewer, string username, CancellationToken cancellation)
    {
        var other = await BlockableAsync(viewer, username, cancellation);
        await relations.ChangeAsync([], [new Relation(viewer.Id, other.Id, RelationKind.Block, time.GetUtcNow())], [], cancellation);
        return new Profile(other, null, await relations.BetweenAsync(viewer.Id, other.Id, cancellation));
    }

    /// <summary>Another member the viewer sees or blocks themselves: one who blocks the viewer alone is no one to them.</summary>
    private async Task<Member> BlockableAsync(Member viewer, string username, CancellationToken cancellation)
    {
        var other = await ExistingAsync(viewer, username, cancellation);
        return await relations.BetweenAsync(viewer.Id, other.Id, cancellation) is { BlockedBy: true, Blocking: false } ? throw NotFound(username) : other;
    }

    /// <summary>
    /// A page of the member's followers (<paramref name="incoming"/>) or of whom they follow, newest first, without
    /// anyone hidden from the viewer; <c>next</c> continues after the page (null at the end).
    /// </summary>
    public async Task<(IReadOnlyList<Member> Members, string? Next)> FollowsAsync(
        Member viewer, string username, bool incoming, int limit, string? after, CancellationToken cancellation)
    {
        var (member, _) = await VisibleAsync(viewer, username, cancellation);
        return await PageAsync(viewer, member.Id, RelationKind.Follow, incoming, limit, after, cancellation);
    }

    /// <summary>A page of whom the viewer blocks or mutes (only they see it).</summary>
    public Task<(IReadOnlyList<Member> Members, string? Next)> OwnAsync(Member viewer, RelationKind kind, int limit, string? after, CancellationToken cancellation) =>
        PageAsync(null, viewer.Id, kind, incoming: false, limit, after, cancellation);

    /// <summary>The member, if <paramref name="viewer"/> may see them (else <see cref="AccountCodes.MemberNotFound"/>).</summary>
    public async Task<Member> VisibleMemberAsync(Member viewer, string username, CancellationToken cancellation) =>
        (await VisibleAsync(viewer, username, cancellation)).Member;

    private async Task<(IReadOnlyList<Member> Members, string? Next)> PageAsync(
        Member? viewer, string memberId, RelationKind kind, bool incoming, int limit, string? after, CancellationToken cancellation)
    {
        var page = await relations.ListAsync(memberId, kind, incoming, limit + 1, after, cancellation);
        var shown = new List<Member>();
        foreach (var relation in page.Take(limit))
        {
            var otherId = incoming ? relation.From : relation.To;
            if (await members.GetAsync(otherId, cancellation) is { State: not MemberState.Deleted } other
                && (viewer is null || other.Id == viewer.Id || !(await relations.BetweenAsync(viewer.Id, other.Id, cancellation)).Hidden))
            {
                shown.Add(other);
            }
        }

        return (shown, page.Count > limit ? (incoming ? page[limit - 1].From : page[limit - 1].To) : null);
    }

    private async Task<Profile> ChangeAsync(
        Member viewer, string username,
        Func<string, string, DateTimeOffset, (IReadOnlyList<Relation> Add, IReadOnlyList<Relation> Remove, IReadOnlyList<Core.Events.CloudEvent> Events)> change,
        CancellationToken cancellation)
    {
        var (other, _) = await VisibleAsync(viewer, username, cancellation);
        if (other.Id == viewer.Id)
        {
            throw new RequestRejectedException(new VideoError(SelfCode, "That is you."));
        }

        var (add, remove, events) = change(viewer.Id, other.Id, time.GetUtcNow());
        await relations.ChangeAsync(add, remove, events, cancellation);
        return await ProfileAfterAsync(viewer, other, cancellation);
    }

    /// <summary>The other member's profile as it stands after a change the viewer made.</summary>
    private async Task<Profile> ProfileAfterAsync(Member viewer, Member other, CancellationToken cancellation) =>
        new(other, await relations.CountAsync(other.Id, cancellation), await relations.BetweenAsync(viewer.Id, other.Id, cancellation));

    /// <summary>Another member who exists and is not hidden from the viewer by a block either way.</summary>
    private async Task<(Member Member, Relationship Relationship)> VisibleAsync(Member viewer, string username, CancellationToken cancellation)
    {
        var member = await ExistingAsync(viewer, username, cancellation, allowSelf: true);
        var relationship = member.Id == viewer.Id ? Relationship.None : await relations.BetweenAsync(viewer.Id, member.Id, cancellation);
        return relationship.Hidden ? throw NotFound(username) : (member, relationship);
    }

    private async Task<Member> ExistingAsync(Member viewer, string username, CancellationToken cancellation, bool allowSelf = false)
    {
        var member = await members.FindByUsernameAsync(username, cancellation);
        if (member is not { State: not MemberState.Deleted })
        {
            throw NotFound(username);
        }

        return member.Id != viewer.Id || allowSelf
            ? member
            : throw new RequestRejectedException(new VideoError(SelfCode, "That is you."));
    }

    private static RequestRejectedException NotFound(string username) =>
        new(new VideoError(AccountCodes.MemberNotFound, $"No member is called '{username}'."));
}
