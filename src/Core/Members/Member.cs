using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Members;

[JsonConverter(typeof(JsonStringEnumConverter<MemberRole>))]
public enum MemberRole
{
    Member,
    Moderator,
    Admin,
}

[JsonConverter(typeof(JsonStringEnumConverter<MemberState>))]
public enum MemberState
{
    Active,
    Suspended,
    Deleted,
}

/// <summary>
/// A person with an account. The birthdate is never shown to anyone else; it sets the screening rules (under 18: the
/// minor policy). The password hash is the only secret kept, and only as a slow salted hash.
/// </summary>
public sealed class Member
{
    public const int MinimumAge = 13;
    public const int AdultAge = 18;

    [JsonConstructor]
    private Member(string id, string username, DateOnly? birthdate, MemberRole role, string? inviterId, DateTimeOffset createdAt)
    {
        Id = id;
        Username = username;
        Birthdate = birthdate;
        Role = role;
        InviterId = inviterId;
        CreatedAt = createdAt;
    }

    public string Id { get; }

    /// <summary>Lower case, unique, 3–30 of <c>[a-z0-9._]</c>.</summary>
    public string Username { get; }

    /// <summary>Null only for the machine's own local member (screened as an adult) and for a deleted account.</summary>
    [JsonInclude]
    public DateOnly? Birthdate { get; private set; }

    [JsonInclude]
    public MemberRole Role { get; private set; }

    public string? InviterId { get; }

    public DateTimeOffset CreatedAt { get; }

    [JsonInclude]
    public MemberState State { get; private set; } = MemberState.Active;

    [JsonInclude]
    public string DisplayName { get; private set; } = "";

    [JsonInclude]
    public string Bio { get; private set; } = "";

    /// <summary>The avatar image's name in the clip store, once one was accepted.</summary>
    [JsonInclude]
    public string? Avatar { get; private set; }

    [JsonInclude]
    public string? PasswordHash { get; private set; }

    /// <summary>The store's concurrency token for the record this object was read from (see <see cref="Video.Version"/>).</summary>
    [JsonIgnore]
    public string? Version { get; set; }

    /// <summary>The id of the machine's own member (<see cref="Local"/>).</summary>
    public const string LocalId = "member_local";

    public static string NewId() => $"member_{Guid.NewGuid():N}";

    /// <summary>
    /// A new member, checked: a valid username and an age of at least <see cref="MinimumAge"/> on <paramref name="today"/>
    /// (throws <see cref="RequestRejectedException"/> otherwise).
    /// </summary>
    public static Member Join(
        string id, string username, DateOnly birthdate, MemberRole role, string? inviterId, DateTimeOffset at)
    {
        var name = Usernames.Validate(username);
        if (birthdate > DateOnly.FromDateTime(at.UtcDateTime) || birthdate.Year < 1900)
        {
            throw Rejected(AccountCodes.BirthdateInvalid, "The birthdate must be a real date in the past (YYYY-MM-DD).");
        }

        var member = new Member(id, name, birthdate, role, inviterId, at) { DisplayName = name };
        if (member.AgeOn(at) < MinimumAge)
        {
            throw Rejected(AccountCodes.Underage, $"Members must be at least {MinimumAge} years old.");
        }

        return member;
    }

    /// <summary>The machine's own member, who runs the local commands without signing in (username <see cref="Usernames.Local"/>).</summary>
    public static Member Local(DateTimeOffset at) =>
        new(LocalId, Usernames.Local, birthdate: null, MemberRole.Admin, inviterId: null, at) { DisplayName = "This machine" };

    /// <summary>Whole years since the birthdate on that day; null when it is not known.</summary>
    public int? AgeOn(DateTimeOffset at)
    {
        if (Birthdate is not { } born)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(at.UtcDateTime);
        var age = today.Year - born.Year;
        return born > today.AddYears(-age) ? age - 1 : age;
    }

    public bool IsActive => State == MemberState.Active;

    public void SetPasswordHash(string hash) => PasswordHash = hash;

    public void UpdateProfile(string? displayName, string? bio)
    {
        if (displayName is not null)
        {
            DisplayName = ProfileText(displayName, "display_name", 50, oneLine: true);
        }

        if (bio is not null)
        {
            Bio = ProfileText(bio, "bio", 300, oneLine: false);
        }
    }

    public void SetAvatar(string? name) => Avatar = name;

    public void ChangeRole(MemberRole role) => Role = role;

    /// <summary>
    /// Deletes the account: what it said of the person (birthdate, profile, avatar, password) is erased and it can no
    /// longer sign in; the record stays as a tombstone that keeps its username from being taken by someone else. False
    /// when it was deleted already.
    /// </summary>
    public bool Erase()
    {
        if (State == MemberState.Deleted)
        {
            return false;
        }

        State = MemberState.Deleted;
        Birthdate = null;
        DisplayName = "";
        Bio = "";
        Avatar = null;
        PasswordHash = null;
        return true;
    }

    public void Suspend() => State = State == MemberState.Deleted ? State : MemberState.Suspended;

    /// <summary>Makes a plain member a moderator, or a moderator a plain member again; admins stay admins.</summary>
    public void Appoint(bool moderator) => Role = Role == MemberRole.Admin ? Role : moderator ? MemberRole.Moderator : MemberRole.Member;

    public void Reinstate() => State = State == MemberState.Deleted ? State : MemberState.Active;

    private static string ProfileText(string value, string field, int limit, bool oneLine)
    {
        var text = value.Trim();
        if (text.Length > limit || !(oneLine ? Safety.WrittenText.IsVisibleLine(text) : Safety.WrittenText.IsVisible(text)))
        {
            throw Rejected(AccountCodes.ProfileInvalid, $"{field} must be at most {limit} visible characters.");
        }

        return text;
    }

    internal static RequestRejectedException Rejected(string code, string message) => new(new VideoError(code, message));
}

/// <summary>Usernames: 3–30 of <c>[a-z0-9._]</c>, compared without case, a few kept for the service itself.</summary>
public static partial class Usernames
{
    /// <summary>The username of the machine's own member (<see cref="Member.Local"/>); no one else may take it.</summary>
    public const string Local = "local";

    private static readonly HashSet<string> Reserved = [Local, "admin", "administrator", "moderator", "mod", "sora", "support", "root", "system", "api", "www"];

    /// <summary>The username in lower case, or throws <see cref="RequestRejectedException"/> with <see cref="AccountCodes.UsernameInvalid"/>.</summary>
    public static string Validate(string? username)
    {
        var name = (username ?? "").ToLowerInvariant();
        if (!IsWellFormed(name))
        {
            throw Member.Rejected(AccountCodes.UsernameInvalid,
                "A username has 3 to 30 characters: letters a–z, digits, '.' and '_'.");
        }

        if (IsReserved(name))
        {
            throw Member.Rejected(AccountCodes.UsernameTaken, $"The username '{name}' is taken.");
        }

        return name;
    }

    /// <summary>Whether the lower-case name has a username's form (what an <c>@</c> mention can name).</summary>
    public static bool IsWellFormed(string name) => Pattern().IsMatch(name);

    /// <summary>Whether the name is kept for the service itself.</summary>
    public static bool IsReserved(string name) => Reserved.Contains(name);

    [GeneratedRegex("^[a-z0-9._]{3,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>The stable codes of the identity and access layer.</summary>
public static class AccountCodes
{
    public const string AuthMissing = "AUTH.MISSING";
    public const string KeyInvalid = "AUTH.KEY_INVALID";
    public const string KeyRevoked = "AUTH.KEY_REVOKED";
    public const string SessionInvalid = "AUTH.SESSION_INVALID";
    public const string MemberSuspended = "AUTH.MEMBER_SUSPENDED";
    public const string SignInFailed = "AUTH.SIGN_IN_FAILED";
    public const string SignInThrottled = "AUTH.SIGN_IN_THROTTLED";
    public const string CsrfMissing = "AUTH.CSRF_MISSING";
    public const string Forbidden = "AUTH.FORBIDDEN";
    public const string RateLimited = "RATE.LIMITED";
    public const string UsernameInvalid = "ACCOUNT.USERNAME_INVALID";
    public const string UsernameTaken = "ACCOUNT.USERNAME_TAKEN";
    public const string Underage = "ACCOUNT.UNDERAGE";
    public const string BirthdateInvalid = "ACCOUNT.BIRTHDATE_INVALID";
    public const string PasswordWeak = "ACCOUNT.PASSWORD_WEAK";
    public const string ProfileInvalid = "ACCOUNT.PROFILE_INVALID";
    public const string PasswordWrong = "ACCOUNT.PASSWORD_WRONG";
    public const string LocalMemberKept = "ACCOUNT.LOCAL_MEMBER";
    public const string MemberNotFound = "ACCOUNT.NOT_FOUND";
    public const string InviteInvalid = "INVITE.INVALID";
    public const string InviteUsed = "INVITE.USED";
    public const string KeyNameInvalid = "KEY.NAME_INVALID";
    public const string KeyNotFound = "KEY.NOT_FOUND";
    public const string TooManyKeys = "KEY.TOO_MANY";
}

/// <summary>What <see cref="Events.EventTypes.MemberJoined"/> carries: nothing private (no birthdate).</summary>
public sealed record MemberJoinedData(string MemberId, string Username, string? InviterId);

/// <summary>What <see cref="Events.EventTypes.MemberDeleted"/> carries: every area lets go of what the member had.</summary>
public sealed record MemberDeletedData(string MemberId);

/// <summary>What <see cref="Events.EventTypes.MemberSuspended"/> carries: who was suspended, and by whom.</summary>
public sealed record MemberSuspendedData(string MemberId, string By);

public static class MemberEvents
{
    public static Events.CloudEvent Suspended(Member member, string by, DateTimeOffset at) =>
        Events.CloudEvents.Create(Events.EventTypes.MemberSuspended, member.Id, new MemberSuspendedData(member.Id, by), at);

    public static Events.CloudEvent Deleted(Member member, DateTimeOffset at) =>
        Events.CloudEvents.Create(Events.EventTypes.MemberDeleted, member.Id, new MemberDeletedData(member.Id), at);

    public static Events.CloudEvent Joined(Member member, DateTimeOffset at) =>
        Events.CloudEvents.Create(Events.EventTypes.MemberJoined, member.Id, new MemberJoinedData(member.Id, member.Username, member.InviterId), at);
}
