using System.Text.Json.Serialization;
using SoraFunctions.Core.Events;

namespace SoraFunctions.Core.Members;

[JsonConverter(typeof(JsonStringEnumConverter<RelationKind>))]
public enum RelationKind
{
    Follow,
    Block,
    Mute,
}

/// <summary>One member's relation to another: <see cref="From"/> follows, blocks or mutes <see cref="To"/>.</summary>
public sealed record Relation(string From, string To, RelationKind Kind, DateTimeOffset CreatedAt);

/// <summary>How two members stand, seen from <c>a</c>: each direction of following, blocking and muting.</summary>
public sealed record Relationship(bool Following, bool FollowedBy, bool Blocking, bool BlockedBy, bool Muting)
{
    public static readonly Relationship None = new(false, false, false, false, false);

    /// <summary>Each follows the other: what a cameo's "mutuals" permission asks.</summary>
    public bool Mutual => Following && FollowedBy;

    /// <summary>Either blocks the other: then each is hidden from the other everywhere.</summary>
    public bool Hidden => Blocking || BlockedBy;
}

/// <summary>Followers and following, counted.</summary>
public sealed record RelationCounts(int Followers, int Following);

/// <summary>
/// Follows, blocks and mutes. Setting one that holds already (or removing one that doesn't) changes nothing and
/// queues nothing, so a retried request is harmless; a change and its events commit together.
/// </summary>
public interface IRelationStore
{
    /// <summary>
    /// Adds the relations in <paramref name="add"/> and removes those in <paramref name="remove"/>, with the events, in
    /// one transaction; returns whether anything changed (the events are queued only then).
    /// </summary>
    Task<bool> ChangeAsync(IReadOnlyList<Relation> add, IReadOnlyList<Relation> remove, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default);

    Task<Relationship> BetweenAsync(string memberId, string otherId, CancellationToken cancellation = default);

    /// <summary>
    /// Who follows <paramref name="memberId"/> (<paramref name="incoming"/>) or whom they follow, or block, or mute:
    /// newest first; <paramref name="after"/> is the last member id of the previous page.
    /// </summary>
    Task<IReadOnlyList<Relation>> ListAsync(
        string memberId, RelationKind kind, bool incoming, int limit, string? after = null, CancellationToken cancellation = default);

    Task<RelationCounts> CountAsync(string memberId, CancellationToken cancellation = default);
}

/// <summary>What the relation events carry.</summary>
public sealed record RelationData(string From, string To);

public static class RelationEvents
{
    public static CloudEvent Followed(string from, string to, DateTimeOffset at) => Create(EventTypes.MemberFollowed, from, to, at);

    public static CloudEvent Unfollowed(string from, string to, DateTimeOffset at) => Create(EventTypes.MemberUnfollowed, from, to, at);

    public static CloudEvent Blocked(string from, string to, DateTimeOffset at) => Create(EventTypes.MemberBlocked, from, to, at);

    public static CloudEvent Muted(string from, string to, DateTimeOffset at) => Create(EventTypes.MemberMuted, from, to, at);

    private static CloudEvent Create(string type, string from, string to, DateTimeOffset at) =>
        CloudEvents.Create(type, from, new RelationData(from, to), at);
}
