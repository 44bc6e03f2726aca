using Microsoft.AspNetCore.Identity;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Api;

/// <summary>
/// Joining, signing in and out, API keys and invites: the one place their rules live, for the API and the CLI alike.
/// Passwords are kept only as ASP.NET Core Identity's PasswordHasher makes them (PBKDF2-HMAC-SHA512, 100,000
/// iterations, a random salt each).
/// </summary>
public sealed class Accounts(IMemberStore members, SignInThrottle throttle, TimeProvider time)
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 128;
    public const int MaxKeysPerMember = 20;
    public const int MaxInvitesMinted = 100;

    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(14);

    /// <summary>How long a browser stays known as a member's after it first signed in as them.</summary>
    public static readonly TimeSpan DeviceLifetime = TimeSpan.FromDays(365);

    private static readonly PasswordHasher<Member> Hasher = new();

    /// <summary>A hash of no one's password, checked when the username is unknown so that a miss takes as long as a wrong password.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(null!, "no one's password");

    /// <summary>
    /// A new member with an invite: every rule is checked before anything is written, and a refusal (an underage
    /// birthdate, a taken username, a used invite) keeps nothing. The new member gets <see cref="Invite.PerMember"/> invites.
    /// </summary>
    public async Task<Member> JoinAsync(string? inviteCode, string? username, string? birthdate, string? password, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(inviteCode))
        {
            throw Rejected(AccountCodes.InviteInvalid, "An invite code is required to join.");
        }

        var code = Invite.Normalize(inviteCode);
        var invite = await members.FindInviteAsync(code, cancellation);
        // An invite vouches for its inviter: a deleted or suspended member's unused ones admit no one.
        if (invite is null || await members.GetAsync(invite.InviterId, cancellation) is not { IsActive: true })
        {
            throw Rejected(AccountCodes.InviteInvalid, "That invite code is not valid.");
        }

        return await AddMemberAsync(invite, username, birthdate, password, MemberRole.Member, cancellation);
    }

    /// <summary>An admin with no invite: how the first one is made (<c>./sora admin create</c>).</summary>
    public Task<Member> CreateAdminAsync(string? username, string? birthdate, string? password, CancellationToken cancellation) =>
        AddMemberAsync(null, username, birthdate, password, MemberRole.Admin, cancellation);

    private async Task<Member> AddMemberAsync(
        Invite? invite, string? username, string? birthdate, string? password, MemberRole role, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        if (!DateOnly.TryParseExact(birthdate, "yyyy-MM-dd", out var born))
        {
            throw Rejected(AccountCodes.BirthdateInvalid, "The birthdate must be a date as YYYY-MM-DD.");
        }

        var member = Member.Join(Member.NewId(), username ?? "", born, role, invite?.InviterId, now);
        member.SetPasswordHash(HashPassword(member, password));
        var outcome = await members.TryJoinAsync(
            member, invite?.Code, Invite.Mint(member.Id, Invite.PerMember, now), [MemberEvents.Joined(member, now)], cancellation);
        return outcome switch
        {
            JoinOutcome.Joined => member,
            JoinOutcome.UsernameTaken => throw Rejected(AccountCodes.UsernameTaken, $"The username '{member.Username}' is taken."),
            JoinOutcome.InviteUsed => throw Rejected(AccountCodes.InviteUsed, "That invite code has been used."),
            _ => throw Rejected(AccountCodes.InviteInvalid, "That invite code is not valid."),
        };
    }

    /// <summary>
    /// Checks a username and password; returns the member, a new session and, for a browser not yet known to be theirs,
    /// a device token that marks it known from then on (<see cref="SignInThrottle"/>); or throws
    /// <see cref="SignInRefusedException"/> (wrong, or throttled). Attempts from the member's known browser
    /// (<paramref name="deviceToken"/>) count against it alone, any other against the username and the client's address.
    /// </summary>
    public async Task<SignedIn> SignInAsync(string? username, string? password, string address, string? deviceToken, CancellationToken cancellation)
    {
        var name = (username ?? "").Trim().ToLowerInvariant();
        var now = time.GetUtcNow();
        var member = name.Length is > 0 and <= 64 ? await members.FindByUsernameAsync(name, cancellation) : null;
        var device = member is null ? null : await KnownDeviceAsync(member, deviceToken, now, cancellation);
        var attempt = throttle.Begin(SignInThrottle.SignIn(name, address, device?.Id), now, out var wait)
            ?? throw new SignInRefusedException(AccountCodes.SignInThrottled, "Too many failed sign-ins; try again later.", wait);
        var verdict = Hasher.VerifyHashedPassword(member!, member?.PasswordHash ?? DecoyHash, password ?? "");
        if (member is not { IsActive: true, PasswordHash: not null } || verdict == PasswordVerificationResult.Failed)
        {
            throw new SignInRefusedException(AccountCodes.SignInFailed, "The username or password is wrong.", null);
        }

        attempt.Succeeded();
        var (session, token) = await StartSessionAsync(member, cancellation);
        return new SignedIn(member, session, token, device is null ? await NewDeviceAsync(member, cancellation) : null);
    }

    /// <summary>The member's browser the token marks as theirs, if it does.</summary>
    private async Task<Credential?> KnownDeviceAsync(Member member, string? deviceToken, DateTimeOffset now, CancellationToken cancellation) =>
        deviceToken is { Length: > 0 and <= 256 }
        && await members.AuthenticateAsync(Credential.HashOf(deviceToken), cancellation) is { Credential: { Kind: CredentialKind.Device } device }
        && device.MemberId == member.Id && device.IsUsableAt(now)
            ? device
            : null;

    /// <summary>A device token for a browser a member has just proved is theirs (signed in, or joined).</summary>
    public async Task<string> NewDeviceAsync(Member member, CancellationToken cancellation)
    {
        var (device, token) = Credential.Issue(member.Id, CredentialKind.Device, "browser", time.GetUtcNow(), DeviceLifetime);
        await members.AddCredentialAsync(device, cancellation: cancellation);
        return token;
    }

    /// <summary>A new browser session for a member who has just proved who they are (signed in, or joined).</summary>
    public async Task<(Credential Session, string Token)> StartSessionAsync(Member member, CancellationToken cancellation)
    {
        var (session, token) = Credential.Issue(member.Id, CredentialKind.Session, "browser", time.GetUtcNow(), SessionLifetime);
        await members.AddCredentialAsync(session, cancellation: cancellation);
        return (session, token);
    }

    public Task SignOutAsync(Credential session, CancellationToken cancellation) =>
        members.RevokeCredentialAsync(session.MemberId, session.Id, time.GetUtcNow(), cancellation);

    /// <summary>
    /// Changes the password, confirmed by the current one; every other browser session ends with it (API keys stay:
    /// they are revoked one by one), so whoever knew the old password is signed out everywhere but here.
    /// </summary>
    public async Task ChangePasswordAsync(Caller caller, string? currentPassword, string? newPassword, CancellationToken cancellation)
    {
        var member = caller.Member;
        Confirm(member, currentPassword, "The current password is wrong.");

        var hash = HashPassword(member, newPassword);
        await members.ChangeAsync(member, current =>
        {
            current.SetPasswordHash(hash);
            return [];
        }, cancellation);
        var now = time.GetUtcNow();
        foreach (var session in await members.ListCredentialsAsync(member.Id, CredentialKind.Session, cancellation))
        {
            if (session.Id != caller.Credential.Id && session.IsUsableAt(now))
            {
                await members.RevokeCredentialAsync(member.Id, session.Id, now, cancellation);
            }
        }
    }

    /// <summary>
    /// Deletes the account, confirmed by its password: it stops signing in at once, and a
    /// <see cref="Core.Events.EventTypes.MemberDeleted"/> event committed with it has <see cref="MemberDeletionHandler"/>
    /// take its videos down (through the same removal every takedown uses), revoke its keys and end its relations.
    /// </summary>
    public async Task DeleteAsync(Member member, string? password, CancellationToken cancellation)
    {
        if (member.Id == Member.LocalId)
        {
            throw Rejected(AccountCodes.LocalMemberKept, "The machine's own member runs the local commands; it is not deleted.");
        }

        if (member.PasswordHash is not null)
        {
            Confirm(member, password, "Confirm deleting the account with its password.");
        }

        await members.ChangeAsync(member, current => current.Erase() ? [MemberEvents.Deleted(current, time.GetUtcNow())] : null, cancellation);
    }

    /// <summary>
    /// A signed-in member's password, asked again before a change that only they should make. Wrong guesses are bounded
    /// as sign-ins are (<see cref="SignInThrottle.Confirmation"/>, the account's own bucket), so that a stolen session or
    /// key finds the password no faster than signing in could; a member without a password (or <paramref name="password"/>
    /// null for one) never matches.
    /// </summary>
    private void Confirm(Member member, string? password, string wrong)
    {
        var attempt = throttle.Begin(SignInThrottle.Confirmation(member.Id), time.GetUtcNow(), out var wait)
            ?? throw new SignInRefusedException(AccountCodes.SignInThrottled, "Too many wrong passwords; try again later.", wait);
        if (member.PasswordHash is not { } hash || password is null || Hasher.VerifyHashedPassword(member, hash, password) == PasswordVerificationResult.Failed)
        {
            throw Rejected(AccountCodes.PasswordWrong, wrong);
        }

        attempt.Succeeded();
    }

    /// <summary>
    /// An admin suspends a member (every request of theirs is refused until reinstated: 403 AUTH.MEMBER_SUSPENDED) or
    /// reinstates them, and so does a moderator for a plain member; a <see cref="Core.Events.EventTypes.MemberSuspended"/>
    /// event goes with a suspension.
    /// </summary>
    public async Task<Member> SuspendAsync(Member staff, string username, bool suspend, CancellationToken cancellation)
    {
        if (staff.Role is not (MemberRole.Admin or MemberRole.Moderator))
        {
            throw Rejected(AccountCodes.Forbidden, "Only admins and moderators suspend and reinstate members.");
        }

        var member = await members.FindByUsernameAsync(username, cancellation) is { State: not MemberState.Deleted } found
            ? found
            : throw Rejected(AccountCodes.MemberNotFound, $"No member is called '{username}'.");
        if (member.Id == staff.Id || member.Id == Member.LocalId || (staff.Role != MemberRole.Admin && member.Role != MemberRole.Member))
        {
            throw Rejected(AccountCodes.Forbidden, "Neither yourself, the machine's own member nor (but by an admin) a moderator or admin is suspended.");
        }

        return await members.ChangeAsync(member, current =>
        {
            var was = current.State;
            if (suspend)
            {
                current.Suspend();
            }
            else
            {
                current.Reinstate();
            }

            return current.State == was ? null : suspend ? [MemberEvents.Suspended(current, staff.Id, time.GetUtcNow())] : [];
        }, cancellation);
    }

    /// <summary>A new API key; its token is returned this once and kept only as a hash.</summary>
    public async Task<(Credential Key, string Token)> CreateKeyAsync(Member member, string? name, CancellationToken cancellation)
    {
        var label = (name ?? "").Trim();
        if (label.Length is 0 or > 64 || !WrittenText.IsVisibleLine(label))
        {
            throw Rejected(AccountCodes.KeyNameInvalid, "A key needs a name of 1 to 64 visible characters.");
        }

        var (key, token) = Credential.Issue(member.Id, CredentialKind.ApiKey, label, time.GetUtcNow());
        return await members.AddCredentialAsync(key, MaxKeysPerMember, cancellation)
            ? (key, token)
            : throw Rejected(AccountCodes.TooManyKeys, $"A member may hold at most {MaxKeysPerMember} keys; revoke one first.");
    }

    public Task<IReadOnlyList<Credential>> ListKeysAsync(Member member, CancellationToken cancellation) =>
        members.ListCredentialsAsync(member.Id, CredentialKind.ApiKey, cancellation);

    /// <summary>Revokes one of the member's keys (another member's key is not found); it stops working at once.</summary>
    public async Task RevokeKeyAsync(Member member, string keyId, CancellationToken cancellation)
    {
        if (!keyId.StartsWith("key_", StringComparison.Ordinal) || !await members.RevokeCredentialAsync(member.Id, keyId, time.GetUtcNow(), cancellation))
        {
            throw Rejected(AccountCodes.KeyNotFound, $"You have no key '{keyId}'.");
        }
    }

    public Task<IReadOnlyList<Invite>> ListInvitesAsync(Member member, CancellationToken cancellation) =>
        members.ListInvitesAsync(member.Id, cancellation);

    /// <summary>An admin appoints a member moderator (they see and act on the moderation queue) or makes them a member again.</summary>
    public async Task<Member> AppointAsync(Member admin, string username, bool moderator, CancellationToken cancellation)
    {
        if (admin.Role != MemberRole.Admin)
        {
            throw Rejected(AccountCodes.Forbidden, "Only admins appoint moderators.");
        }

        var member = await members.FindByUsernameAsync(username, cancellation) is { State: not MemberState.Deleted } found
            ? found
            : throw Rejected(AccountCodes.MemberNotFound, $"No member is called '{username}'.");
        return await members.ChangeAsync(member, current =>
        {
            var was = current.Role;
            current.Appoint(moderator);
            return current.Role == was ? null : [];
        }, cancellation);
    }

    /// <summary>More invites for an admin to hand out; anyone else is refused (<see cref="AccountCodes.Forbidden"/>).</summary>
    public async Task<IReadOnlyList<Invite>> MintInvitesAsync(Member admin, int count, CancellationToken cancellation)
    {
        if (admin.Role != MemberRole.Admin)
        {
            throw Rejected(AccountCodes.Forbidden, "Only admins mint invites.");
        }

        if (count is < 1 or > MaxInvitesMinted)
        {
            throw Rejected("INVITE.COUNT_OUT_OF_RANGE", $"count must be from 1 to {MaxInvitesMinted}.");
        }

        var invites = Invite.Mint(admin.Id, count, time.GetUtcNow());
        await members.AddInvitesAsync(invites, cancellation);
        return invites;
    }

    /// <summary>The machine's own member, made on first use: who the local commands act as.</summary>
    public async Task<Member> LocalMemberAsync(CancellationToken cancellation)
    {
        if (await members.GetAsync(Member.LocalId, cancellation) is { } local)
        {
            return local;
        }

        var now = time.GetUtcNow();
        var made = Member.Local(now);
        await members.TryJoinAsync(made, inviteCode: null, Invite.Mint(made.Id, Invite.PerMember, now), [MemberEvents.Joined(made, now)], cancellation);
        return await members.GetAsync(Member.LocalId, cancellation) ?? throw new InvalidOperationException("The local member vanished.");
    }

    private static string HashPassword(Member member, string? password)
    {
        if (password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            throw Rejected(AccountCodes.PasswordWeak, $"A password has {MinPasswordLength} to {MaxPasswordLength} characters.");
        }

        if (password.Contains(member.Username, StringComparison.OrdinalIgnoreCase) || password.Distinct().Count() < 4)
        {
            throw Rejected(AccountCodes.PasswordWeak, "The password is too easy to guess: not the username, and more than a few distinct characters.");
        }

        return Hasher.HashPassword(member, password);
    }

    private static RequestRejectedException Rejected(string code, string message) => new(new VideoError(code, message));
}

/// <summary>A sign-in refused: the code, and how long to wait when it was throttled.</summary>
public sealed class SignInRefusedException(string code, string message, TimeSpan? retryAfter) : Exception(message)
{
    public string Code { get; } = code;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>A member signed in: their new session and, for a browser not known to be theirs before, its device token.</summary>
public sealed record SignedIn(Member Member, Credential Session, string Token, string? DeviceToken);
