using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Orchestrations.Cameos;

/// <summary>A cameo a prompt casts, with the terms it was cast under.</summary>
public sealed record CastCameo(CameoCast Cast, Cameo Cameo);

/// <summary>The cameos a prompt's @mentions cast with their consent, and the mentions without it.</summary>
public sealed record Casting(IReadOnlyList<CastCameo> Granted, IReadOnlyList<string> Refused)
{
    public IReadOnlyList<CameoCast> Casts => [.. Granted.Select(cast => cast.Cast)];

    /// <summary>The first cast cameo whose owner's terms the prompt breaks.</summary>
    public VideoError? Conflict(string prompt) =>
        Granted.Select(cast => CameoPreferences.Conflict(prompt, cast.Cast.Username, cast.Cameo.Preferences)).FirstOrDefault(error => error is not null);
}

/// <summary>
/// Resolves <c>@username</c> to that member's active cameo, or <c>@handle</c> to that character, and asks <see cref="CameoConsent"/> whether it may appear for
/// the requester: when a video is asked for (its casts become co-owners), when its prompt is screened, and again
/// right before it is published.
/// </summary>
public sealed class CameoCasting(IMemberStore members, ICameoStore cameos, IRelationStore relations, TimeProvider time)
{
    public async Task<Casting> ResolveAsync(IReadOnlyList<string> mentions, Member requester, CancellationToken cancellation)
    {
        var granted = new List<CastCameo>();
        var refused = new List<string>();
        foreach (var mention in mentions)
        {
            var member = await members.FindByUsernameAsync(mention, cancellation);
            var cast = member is not null
                ? (await PermittedAsync(member, requester, cancellation)).FirstOrDefault(c => c.Cameo.Kind == CameoKind.Person)
                : await cameos.FindByHandleAsync(mention, cancellation) is { IsActive: true } character
                    && await members.GetAsync(character.OwnerId, cancellation) is { } owner
                    && await PermitsAsync(character, owner, requester, cancellation)
                    ? Cast(character, owner)
                    : null;
            if (cast is not null)
            {
                granted.Add(cast);
            }
            else
            {
                refused.Add(mention);
            }
        }

        return new Casting(granted, refused);
    }

    /// <summary>How many followed members <see cref="CastableAsync"/> looks at.</summary>
    public const int CastableScan = 200;

    /// <summary>
    /// The cameos and characters the requester may cast that a prompt's <c>@</c> suggests: their own, then those of the
    /// members they follow (the newest <see cref="CastableScan"/> follows) whose terms permit them. Anyone else's that
    /// permits them is cast by its exact <c>@username</c> or <c>@handle</c> all the same.
    /// </summary>
    public async Task<IReadOnlyList<CastCameo>> CastableAsync(Member requester, CancellationToken cancellation)
    {
        var castable = new List<CastCameo>(await PermittedAsync(requester, requester, cancellation));
        foreach (var follow in await relations.ListAsync(requester.Id, RelationKind.Follow, incoming: false, CastableScan, cancellation: cancellation))
        {
            if (await members.GetAsync(follow.To, cancellation) is { } owner)
            {
                castable.AddRange(await PermittedAsync(owner, requester, cancellation));
            }
        }

        return castable;
    }

    /// <summary>The owner's active cameo and characters (the cameo first) whose terms permit the requester, cast for them.</summary>
    private async Task<List<CastCameo>> PermittedAsync(Member owner, Member requester, CancellationToken cancellation)
    {
        var permitted = new List<CastCameo>();
        foreach (var cameo in (await cameos.ListByOwnerAsync(owner.Id, cancellation)).Where(c => c.IsActive).OrderBy(c => c.Kind))
        {
            if (await PermitsAsync(cameo, owner, requester, cancellation))
            {
                permitted.Add(Cast(cameo, owner));
            }
        }

        return permitted;
    }

    /// <summary>The cameo as cast: by its owner's username, a character by its handle.</summary>
    private static CastCameo Cast(Cameo cameo, Member owner) => new(new CameoCast(cameo.Id, owner.Id, cameo.Handle ?? owner.Username), cameo);

    /// <summary>The cast cameo as it stands now, if it still consents to appear for the requester; null when it no longer does.</summary>
    public async Task<Cameo?> ConsentingAsync(CameoCast cast, Member requester, CancellationToken cancellation) =>
        await cameos.GetAsync(cast.CameoId, cancellation) is { } cameo
        && await members.GetAsync(cast.OwnerId, cancellation) is { } owner
        && await PermitsAsync(cameo, owner, requester, cancellation)
            ? cameo
            : null;

    private async Task<bool> PermitsAsync(Cameo cameo, Member owner, Member requester, CancellationToken cancellation)
    {
        var relationship = owner.Id == requester.Id ? Relationship.None : await relations.BetweenAsync(owner.Id, requester.Id, cancellation);
        return CameoConsent.Permits(cameo, owner, requester, relationship, time.GetUtcNow());
    }
}
