using System.Security.Cryptography;
using System.Text;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Orchestrations.Cameos;

/// <summary>A cameo as its owner sees it: the record, its verification's progress, and its approved members' usernames.</summary>
public sealed record CameoView(Cameo Cameo, int Progress, string? Step, IReadOnlyList<string> ApprovedUsernames);

/// <summary>A change to a cameo's terms; what is null stays as it is.</summary>
public sealed record CameoTerms(CameoPermission? Permission = null, IReadOnlyList<string>? Approved = null, string? Preferences = null, bool? ReviewRequired = null);

/// <summary>
/// Recording, reading, changing and deleting cameos: the one entry point the CLI and the HTTP API share. Only a cameo's
/// owner sees it here; to anyone else it does not exist (<see cref="CameoCodes.NotFound"/>).
/// </summary>
public sealed class CameoService(ICameoStore cameos, IMemberStore members, IRelationStore relations, IClipStore clips, OrchestrationClient orchestrations, TimeProvider time)
{
    public async Task<CameoChallenge> ChallengeAsync(Member member, CancellationToken cancellation = default)
    {
        var challenge = CameoChallenge.Issue(member.Id, time.GetUtcNow());
        await cameos.AddChallengeAsync(challenge, cancellation);
        return challenge;
    }

    /// <summary>
    /// Takes a recording made for the member's challenge (a local file, copied into the clip store) and starts verifying
    /// it. The cameo's id derives from the challenge, so a retried upload yields the same cameo and one verification; a
    /// challenge answers one recording, within its lifetime. A member has one cameo at a time.
    /// </summary>
    public async Task<Cameo> RecordAsync(Member member, string challengeId, string? name, string recording, CancellationToken cancellation = default)
    {
        var id = IdFor(challengeId);
        var challenge = await cameos.ClaimChallengeAsync(challengeId, member.Id, id, cancellation)
            ?? throw Rejected(CameoCodes.ChallengeUnknown, $"You have no challenge '{challengeId}'; ask for one first.");
        if (challenge.UsedBy != id)
        {
            throw Rejected(CameoCodes.ChallengeUsed, "That challenge was answered already; ask for a new one.");
        }

        if (await cameos.GetAsync(id, cancellation) is { } retried)
        {
            await StartVerificationAsync(retried, cancellation);
            return retried;
        }

        var now = time.GetUtcNow();
        if (challenge.ExpiresAt < now)
        {
            throw Rejected(CameoCodes.ChallengeExpired, $"The challenge expired at {challenge.ExpiresAt:u}; ask for a new one and record within {CameoChallenge.Lifetime.TotalMinutes:0} minutes.");
        }

        if ((await cameos.ListByOwnerAsync(member.Id, cancellation)).Any(c => c.Kind == CameoKind.Person && c.Status is CameoStatus.Active or CameoStatus.Verifying))
        {
            throw Rejected(CameoCodes.Exists, "You have a cameo already; delete it before recording another.");
        }

        var cameo = Cameo.Record(id, challenge, name, now);
        await clips.PutFileAsync(Cameo.RecordingOf(id), recording, cancellation);
        await cameos.TryCreateAsync(cameo, [], cancellation);
        await StartVerificationAsync(cameo, cancellation);
        return cameo;
    }

    /// <summary>
    /// Takes a character's video (a local file, copied into the clip store) and starts checking it: a character is no
    /// person, so no challenge is asked, and a face in it refuses it. Cast as <c>@<paramref name="handle"/></c>, or when
    /// none is asked for, the first free of the handles its name suggests (<see cref="CameoHandles.Candidates"/>). With
    /// an <paramref name="idempotencyKey"/> a retried request answers the character the first one made.
    /// </summary>
    public async Task<Cameo> CreateCharacterAsync(
        Member member, string? name, string? handle, string recording, string? idempotencyKey, CancellationToken cancellation = default)
    {
        var id = idempotencyKey is null ? Cameo.NewId() : IdFor($"{member.Id}\n{idempotencyKey}");
        if (await cameos.GetAsync(id, cancellation) is { } retried)
        {
            return retried.OwnerId == member.Id ? await ResumedAsync(retried, cancellation) : throw NotFound(id);
        }

        if ((await cameos.ListByOwnerAsync(member.Id, cancellation)).Count(c => c.Kind == CameoKind.Character && c.Status is CameoStatus.Active or CameoStatus.Verifying)
            >= Cameo.MaxCharacters)
        {
            throw Rejected(CameoCodes.TooManyCharacters, $"You have {Cameo.MaxCharacters} characters; delete one before making another.");
        }

        var now = time.GetUtcNow();
        var handles = handle is null ? CameoHandles.Candidates(name ?? "") : [CameoHandles.Validate(handle)];
        var candidates = handles.Select(candidate => Cameo.Character(id, member.Id, name ?? "", candidate, now)).ToList();
        await clips.PutFileAsync(Cameo.RecordingOf(id), recording, cancellation);
        foreach (var character in candidates)
        {
            switch (await cameos.TryCreateAsync(character, [], cancellation))
            {
                case CameoCreation.Created:
                    await StartVerificationAsync(character, cancellation);
                    return character;
                case CameoCreation.Exists:
                    return await ResumedAsync(await cameos.GetAsync(id, cancellation) ?? throw NotFound(id), cancellation);
            }
        }

        await clips.DeleteFolderAsync(Cameo.FolderOf(id), cancellation);
        throw CameoHandles.Taken(candidates[0].Handle!);
    }

    private async Task<Cameo> ResumedAsync(Cameo cameo, CancellationToken cancellation)
    {
        if (cameo.Status == CameoStatus.Verifying)
        {
            await StartVerificationAsync(cameo, cancellation);
        }

        return cameo;
    }

    /// <summary>
    /// Starts the verification of every cameo still verifying that has none (a process stopped between taking the
    /// recording and starting it); the engine resumes the others by itself. Returns their ids.
    /// </summary>
    public async Task<IReadOnlyList<string>> ResumeAsync(CancellationToken cancellation = default)
    {
        var verifying = await cameos.ListVerifyingAsync(cancellation);
        foreach (var cameo in verifying)
        {
            if (await orchestrations.GetInstanceAsync(cameo.Id, cancellation: cancellation) is null)
            {
                await StartVerificationAsync(cameo, cancellation);
            }
        }

        return [.. verifying.Select(cameo => cameo.Id)];
    }

    /// <summary>The owner's cameo; null when there is none or it is someone else's (or deleted).</summary>
    public async Task<CameoView?> GetAsync(Member owner, string id, CancellationToken cancellation = default) =>
        await OwnAsync(owner, id, cancellation) is { } cameo ? await ViewAsync(cameo, cancellation) : null;

    /// <summary>The member's cameos (verifying, active and failed), newest first.</summary>
    public async Task<IReadOnlyList<CameoView>> ListAsync(Member owner, CancellationToken cancellation = default)
    {
        var views = new List<CameoView>();
        foreach (var cameo in await cameos.ListByOwnerAsync(owner.Id, cancellation))
        {
            views.Add(await ViewAsync(cameo, cancellation));
        }

        return views;
    }

    /// <summary>Changes the cameo's terms; takes effect for every video not yet published (consent is checked again before publishing).</summary>
    public Task<CameoView> UpdateAsync(Member owner, string id, CameoTerms terms, CancellationToken cancellation = default) =>
        ChangeAsync(owner, id, async cameo =>
        {
            if (terms.Permission is { } permission)
            {
                cameo.SetPermission(permission, owner.AgeOn(time.GetUtcNow()));
            }

            if (terms.Approved is { } usernames)
            {
                cameo.SetApproved(await MemberIdsAsync(owner, usernames, cameo.Approved, cancellation));
            }

            if (terms.Preferences is { } preferences)
            {
                cameo.SetPreferences(preferences);
            }

            if (terms.ReviewRequired is { } review)
            {
                cameo.RequireReview(review);
            }
        }, cancellation);

    /// <summary>Adds the member to the approved list, or with <paramref name="approve"/> false takes them off it (their future uses stop).</summary>
    public Task<CameoView> ApproveAsync(Member owner, string id, string username, bool approve, CancellationToken cancellation = default) =>
        ChangeAsync(owner, id, async cameo =>
        {
            var memberId = (await MemberIdsAsync(owner, [username], approve ? [] : cameo.Approved, cancellation))[0];
            cameo.SetApproved(approve ? [.. cameo.Approved, memberId] : cameo.Approved.Where(approved => approved != memberId));
        }, cancellation);

    /// <summary>
    /// Deletes the cameo: its face, voice and terms leave the record at once, and the <c>Cameo.Deleted</c> event takes
    /// its files and every video that casts it down (<see cref="CameoDeletionHandler"/>). False when there is no such cameo of the owner's.
    /// </summary>
    public async Task<bool> DeleteAsync(Member owner, string id, CancellationToken cancellation = default)
    {
        while (await OwnAsync(owner, id, cancellation) is { } cameo)
        {
            var now = time.GetUtcNow();
            if (!cameo.Delete(now))
            {
                return false;
            }

            try
            {
                await cameos.SaveAsync(cameo, [CameoEvents.Deleted(cameo, now)], cancellation);
                return true;
            }
            catch (VersionConflictException)
            {
                // Verification saved it meanwhile: read it again.
            }
        }

        return false;
    }

    private async Task<CameoView> ChangeAsync(Member owner, string id, Func<Cameo, Task> change, CancellationToken cancellation)
    {
        while (true)
        {
            var cameo = await OwnAsync(owner, id, cancellation) ?? throw NotFound(id);
            await change(cameo);
            try
            {
                await cameos.SaveAsync(cameo, [], cancellation);
                return await ViewAsync(cameo, cancellation);
            }
            catch (VersionConflictException)
            {
                // Changed meanwhile: read it again and redo the change.
            }
        }
    }

    private async Task<Cameo?> OwnAsync(Member owner, string id, CancellationToken cancellation) =>
        await cameos.GetAsync(id, cancellation) is { Status: not CameoStatus.Deleted } cameo && cameo.OwnerId == owner.Id ? cameo : null;

    private async Task<CameoView> ViewAsync(Cameo cameo, CancellationToken cancellation)
    {
        var progress = cameo.Status == CameoStatus.Verifying
            ? (await orchestrations.GetInstanceAsync(cameo.Id, cancellation: cancellation))?.ReadCustomStatusAs<PipelineProgress>()
            : null;
        var usernames = new List<string>();
        foreach (var memberId in cameo.Approved)
        {
            if (await members.GetAsync(memberId, cancellation) is { State: not MemberState.Deleted } member)
            {
                usernames.Add(member.Username);
            }
        }

        return new CameoView(cameo, cameo.Status == CameoStatus.Verifying ? progress?.Progress ?? 0 : 100, progress?.Step, usernames);
    }

    /// <summary>The ids of the members named, each of whom must exist and not be the owner.</summary>
    /// <summary>
    /// The ids of the other members named; one hidden from the owner by a block either way is no one to them, unless
    /// already <paramref name="listed"/> (whom they may keep or take off).
    /// </summary>
    private async Task<List<string>> MemberIdsAsync(Member owner, IEnumerable<string> usernames, IReadOnlyList<string> listed, CancellationToken cancellation)
    {
        var ids = new List<string>();
        foreach (var username in usernames)
        {
            var member = await members.FindByUsernameAsync(username, cancellation);
            if (member is not { State: not MemberState.Deleted } || member.Id == owner.Id
                || (!listed.Contains(member.Id) && (await relations.BetweenAsync(owner.Id, member.Id, cancellation)).Hidden))
            {
                throw Rejected(AccountCodes.MemberNotFound, $"No other member is called '{username}'.");
            }

            ids.Add(member.Id);
        }

        return ids;
    }

    private async Task StartVerificationAsync(Cameo cameo, CancellationToken cancellation)
    {
        try
        {
            await orchestrations.ScheduleNewOrchestrationInstanceAsync(
                cameo.Kind == CameoKind.Character ? nameof(VerifyCharacterOrchestration) : nameof(VerifyCameoOrchestration),
                cameo.Id, new StartOrchestrationOptions(cameo.Id), cancellation);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Started by an earlier attempt.
        }
    }

    /// <summary>A cameo's id derived from what makes a request one (a challenge, a member's idempotency key), so a retry finds it.</summary>
    private static string IdFor(string origin) =>
        $"cameo_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(origin)))[..32]}";

    public static RequestRejectedException NotFound(string id) => Rejected(CameoCodes.NotFound, $"No cameo of yours has id '{id}'.");

    private static RequestRejectedException Rejected(string code, string message) => new(new VideoError(code, message));
}
