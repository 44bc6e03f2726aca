using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using SoraFunctions.Core.Events;

namespace SoraFunctions.Core.Members;

[JsonConverter(typeof(JsonStringEnumConverter<CredentialKind>))]
public enum CredentialKind
{
    /// <summary>For programs: <c>Authorization: Bearer sora_…</c>, named, until revoked.</summary>
    ApiKey,

    /// <summary>For the browser: a cookie from signing in, until it expires or the member signs out.</summary>
    Session,

    /// <summary>
    /// A browser known to be the member's (it signed in as them): its sign-in attempts count against it alone, so no
    /// stranger's guesses lock the member out of it. Sent only to sign in; it authenticates nothing.
    /// </summary>
    Device,
}

/// <summary>
/// An API key, a session or a known device: a random token given to its holder once and kept here only as its SHA-256 hash (a token of
/// 256 random bits needs no slow hash), with what the holder may see of it: its name, a short prefix, its last use.
/// A session also carries its anti-forgery token, which cookie-authenticated writes must echo.
/// </summary>
public sealed record Credential(
    string Id, string MemberId, CredentialKind Kind, string Name, string Hash, string Prefix, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null, DateTimeOffset? LastUsedAt = null, DateTimeOffset? RevokedAt = null, string? AntiForgery = null)
{
    public const string KeyTokenPrefix = "sora_sk_";
    public const string SessionTokenPrefix = "sora_ss_";
    public const string DeviceTokenPrefix = "sora_sd_";

    public bool IsUsableAt(DateTimeOffset at) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > at);

    /// <summary>A new credential and the token its holder gets (the only time it exists outside their hands).</summary>
    public static (Credential Credential, string Token) Issue(
        string memberId, CredentialKind kind, string name, DateTimeOffset at, TimeSpan? lifetime = null)
    {
        var token = kind switch { CredentialKind.ApiKey => KeyTokenPrefix, CredentialKind.Session => SessionTokenPrefix, _ => DeviceTokenPrefix } + RandomToken();
        var id = kind switch { CredentialKind.ApiKey => "key_", CredentialKind.Session => "session_", _ => "device_" }
            + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return (new Credential(
            id, memberId, kind, name, HashOf(token), token[..(KeyTokenPrefix.Length + 4)], at, at + lifetime, null, null,
            kind == CredentialKind.Session ? RandomToken() : null), token);
    }

    /// <summary>The stored form of a token.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether a presented anti-forgery token is this session's, compared in constant time.</summary>
    public bool AcceptsAntiForgery(string? presented) =>
        AntiForgery is { } expected && presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    private static string RandomToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A single-use code that lets one person join; every member gets <see cref="PerMember"/>, admins mint more.</summary>
public sealed record Invite(string Code, string InviterId, DateTimeOffset CreatedAt, string? RedeemedBy = null, DateTimeOffset? RedeemedAt = null)
{
    public const int PerMember = 4;

    public static IReadOnlyList<Invite> Mint(string inviterId, int count, DateTimeOffset at) =>
        [.. Enumerable.Range(0, count).Select(_ => new Invite(NewCode(), inviterId, at))];

    /// <summary>Ten characters from an alphabet without look-alikes, in two groups: <c>K7QF-M2XPRA</c> (about 50 bits).</summary>
    private static string NewCode()
    {
        const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var code = RandomNumberGenerator.GetString(Alphabet, 10);
        return $"{code[..4]}-{code[4..]}";
    }

    /// <summary>How a typed code is compared: upper case, without spaces.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();
}

/// <summary>What joining found, when it did not add the member.</summary>
public enum JoinOutcome
{
    Joined,
    UsernameTaken,
    InviteInvalid,
    InviteUsed,
}

/// <summary>A credential that authenticated a request, with the member it belongs to.</summary>
public sealed record Authenticated(Credential Credential, Member Member);

/// <summary>
/// Members, their invites and their credentials. A member joins, redeeming an invite and receiving their own, in one
/// transaction with their events (the outbox), so a username or an invite is taken once however many try at once.
/// </summary>
public interface IMemberStore
{
    Task<JoinOutcome> TryJoinAsync(
        Member member, string? inviteCode, IReadOnlyList<Invite> invites, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default);

    Task<Member?> GetAsync(string id, CancellationToken cancellation = default);

    Task<Member?> FindByUsernameAsync(string username, CancellationToken cancellation = default);

    /// <summary>
    /// Active members with a name term (<see cref="Social.SearchTerms.OfMember"/>) beginning with each prefix of the
    /// query, by username.
    /// </summary>
    Task<IReadOnlyList<Member>> SearchAsync(Social.MemberQuery query, int limit, CancellationToken cancellation = default);

    /// <summary>Saves the record and queues its events if the stored record is still the version read (else <see cref="Ports.VersionConflictException"/>).</summary>
    Task SaveAsync(Member member, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default);

    Task AddInvitesAsync(IReadOnlyList<Invite> invites, CancellationToken cancellation = default);

    Task<Invite?> FindInviteAsync(string code, CancellationToken cancellation = default);

    /// <summary>The member's invites, unused first, then newest first.</summary>
    Task<IReadOnlyList<Invite>> ListInvitesAsync(string memberId, CancellationToken cancellation = default);

    /// <summary>
    /// Adds the credential; with a <paramref name="limit"/>, only while its member holds fewer than that many of its kind
    /// not revoked (false, and nothing added, otherwise), decided one at a time however many are added at once.
    /// </summary>
    Task<bool> AddCredentialAsync(Credential credential, int? limit = null, CancellationToken cancellation = default);

    /// <summary>The credential with that hash and its member, in one read: the hot path of every request.</summary>
    Task<Authenticated?> AuthenticateAsync(string hash, CancellationToken cancellation = default);

    /// <summary>The member's credentials of that kind, revoked ones included, newest first.</summary>
    Task<IReadOnlyList<Credential>> ListCredentialsAsync(string memberId, CredentialKind kind, CancellationToken cancellation = default);

    /// <summary>Revokes the member's credential; false when the member has no such credential (revoking twice is true).</summary>
    Task<bool> RevokeCredentialAsync(string memberId, string credentialId, DateTimeOffset at, CancellationToken cancellation = default);

    Task RecordUseAsync(Credential credential, DateTimeOffset at, CancellationToken cancellation = default);
}

public static class MemberStoreExtensions
{
    /// <summary>
    /// Changes the member and saves the change with the events it raises (null: nothing to save), reading the member
    /// again and redoing the change when another write landed meanwhile (their own from another tab, an admin's): a
    /// conflict loses nothing and fails nothing. Answers the member as saved.
    /// </summary>
    public static async Task<Member> ChangeAsync(
        this IMemberStore members, Member member, Func<Member, IReadOnlyList<CloudEvent>?> change, CancellationToken cancellation = default)
    {
        for (var current = member; ; current = await members.GetAsync(member.Id, cancellation) ?? throw new InvalidOperationException($"Member {member.Id} vanished."))
        {
            if (change(current) is not { } events)
            {
                return current;
            }

            try
            {
                await members.SaveAsync(current, events, cancellation);
                return current;
            }
            catch (Ports.VersionConflictException)
            {
                // Saved meanwhile: read it again and redo the change.
            }
        }
    }
}
