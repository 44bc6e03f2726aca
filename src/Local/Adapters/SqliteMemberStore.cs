using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// Members, invites and credentials in the metadata database (<see cref="SqliteMetadata"/>): the username's UNIQUE
/// index and the invite's redemption inside one write transaction make a name or an invite taken once, however many
/// try at once.
/// </summary>
public sealed class SqliteMemberStore(DataFolder data) : IMemberStore
{
    private const string CredentialColumns =
        "c.id, c.member_id, c.kind, c.name, c.hash, c.prefix, c.created_at, c.expires_at, c.last_used_at, c.revoked_at, c.anti_forgery";

    private const string InviteColumns = "code, inviter, created_at, redeemed_by, redeemed_at";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string connectionString = SqliteMetadata.Prepare(data);

    public Task<JoinOutcome> TryJoinAsync(
        Member member, string? inviteCode, IReadOnlyList<Invite> invites, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        using var session = Open();
        var outcome = JoinOutcome.Joined;
        session.InTransaction(() =>
        {
            if (session.Scalar<long>("SELECT count(*) FROM members WHERE username = $username", ("$username", member.Username)) > 0
                || session.Scalar<long>(SqliteMetadata.HandleTaken, ("$handle", member.Username)) > 0)
            {
                outcome = JoinOutcome.UsernameTaken;
                return;
            }

            if (inviteCode is not null)
            {
                var redeemed = session.Query(
                    "SELECT redeemed_by FROM invites WHERE code = $code", reader => reader.GetNullableString(0), ("$code", inviteCode));
                if (redeemed.Count == 0)
                {
                    outcome = JoinOutcome.InviteInvalid;
                    return;
                }

                if (redeemed[0] is not null)
                {
                    outcome = JoinOutcome.InviteUsed;
                    return;
                }

                session.Execute(
                    "UPDATE invites SET redeemed_by = $member, redeemed_at = $at WHERE code = $code",
                    ("$member", member.Id), ("$at", member.CreatedAt.ToUnixTimeMilliseconds()), ("$code", inviteCode));
            }

            session.Execute(
                "INSERT INTO members (id, username, doc, version) VALUES ($id, $username, $doc, 1)",
                ("$id", member.Id), ("$username", member.Username), ("$doc", JsonSerializer.Serialize(member, Json)));
            InsertInvites(session, invites);
            SqliteSearch.IndexMember(session, member);
            SqliteMetadata.Enqueue(session, events);
        });
        if (outcome == JoinOutcome.Joined)
        {
            member.Version = "1";
        }

        return Task.FromResult(outcome);
    }

    public Task<Member?> GetAsync(string id, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query("SELECT doc, version FROM members WHERE id = $id", ReadMember, ("$id", id)).SingleOrDefault());
    }

    public Task<Member?> FindByUsernameAsync(string username, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query(
            "SELECT doc, version FROM members WHERE username = $username", ReadMember, ("$username", username.ToLowerInvariant())).SingleOrDefault());
    }

    public Task SaveAsync(Member member, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        member.Version = SqliteMetadata.SaveVersioned(
            connectionString, member.Id, member.Version,
            "UPDATE members SET doc = $doc, version = version + 1 WHERE id = $id AND version = $version",
            [("$doc", JsonSerializer.Serialize(member, Json))],
            events,
            session => SqliteSearch.IndexMember(session, member));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Member>> SearchAsync(MemberQuery query, int limit, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Member> found = session.Query(
            """
            SELECT m.doc, m.version FROM (
                SELECT r.member_id AS id, s.username AS username FROM member_search s
                JOIN member_search_rows r ON r.row = s.rowid
                WHERE member_search MATCH $match
                ORDER BY s.username
                LIMIT $limit) found
            JOIN members m ON m.id = found.id
            ORDER BY found.username
            """,
            ReadMember, ("$match", SqliteSearch.MatchAll(query.Prefixes, prefixes: true)), ("$limit", limit));
        return Task.FromResult(found);
    }

    public Task AddInvitesAsync(IReadOnlyList<Invite> invites, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.InTransaction(() => InsertInvites(session, invites));
        return Task.CompletedTask;
    }

    public Task<Invite?> FindInviteAsync(string code, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query($"SELECT {InviteColumns} FROM invites WHERE code = $code", ReadInvite, ("$code", code)).SingleOrDefault());
    }

    public Task<IReadOnlyList<Invite>> ListInvitesAsync(string memberId, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Invite> invites = session.Query(
            $"SELECT {InviteColumns} FROM invites WHERE inviter = $member ORDER BY redeemed_by IS NOT NULL, created_at DESC, code",
            ReadInvite, ("$member", memberId));
        return Task.FromResult(invites);
    }

    public Task<bool> AddCredentialAsync(Credential credential, int? limit = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        // One statement: it holds the write lock from the count to the insert, so concurrent adds are decided in turn.
        var added = session.Execute(
            """
            INSERT INTO credentials (id, member_id, kind, name, hash, prefix, created_at, expires_at, last_used_at, revoked_at, anti_forgery)
            SELECT $id, $member, $kind, $name, $hash, $prefix, $created, $expires, NULL, NULL, $anti_forgery
            WHERE $limit IS NULL OR (SELECT COUNT(*) FROM credentials WHERE member_id = $member AND kind = $kind AND revoked_at IS NULL) < $limit
            """,
            ("$id", credential.Id), ("$member", credential.MemberId), ("$kind", credential.Kind.ToString()), ("$name", credential.Name),
            ("$hash", credential.Hash), ("$prefix", credential.Prefix), ("$created", credential.CreatedAt.ToUnixTimeMilliseconds()),
            ("$expires", credential.ExpiresAt?.ToUnixTimeMilliseconds()), ("$anti_forgery", credential.AntiForgery), ("$limit", limit));
        return Task.FromResult(added == 1);
    }

    public Task<Authenticated?> AuthenticateAsync(string hash, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query(
            $"SELECT {CredentialColumns}, m.doc, m.version FROM credentials c JOIN members m ON m.id = c.member_id WHERE c.hash = $hash",
            reader =>
            {
                var member = JsonSerializer.Deserialize<Member>(reader.GetString(11), Json)!;
                member.Version = reader.GetInt64(12).ToString(CultureInfo.InvariantCulture);
                return new Authenticated(ReadCredential(reader), member);
            },
            ("$hash", hash)).SingleOrDefault());
    }

    public Task<IReadOnlyList<Credential>> ListCredentialsAsync(string memberId, CredentialKind kind, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Credential> credentials = session.Query(
            $"SELECT {CredentialColumns} FROM credentials c WHERE c.member_id = $member AND c.kind = $kind ORDER BY c.created_at DESC, c.id",
            ReadCredential, ("$member", memberId), ("$kind", kind.ToString()));
        return Task.FromResult(credentials);
    }

    public Task<bool> RevokeCredentialAsync(string memberId, string credentialId, DateTimeOffset at, CancellationToken cancellation = default)
    {
        using var session = Open();
        var found = session.Execute(
            "UPDATE credentials SET revoked_at = coalesce(revoked_at, $at) WHERE id = $id AND member_id = $member",
            ("$at", at.ToUnixTimeMilliseconds()), ("$id", credentialId), ("$member", memberId));
        return Task.FromResult(found == 1);
    }

    public Task RecordUseAsync(Credential credential, DateTimeOffset at, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.Execute("UPDATE credentials SET last_used_at = $at WHERE id = $id", ("$at", at.ToUnixTimeMilliseconds()), ("$id", credential.Id));
        return Task.CompletedTask;
    }

    private static void InsertInvites(SqlSession session, IReadOnlyList<Invite> invites)
    {
        foreach (var invite in invites)
        {
            session.Execute(
                "INSERT INTO invites (code, inviter, created_at) VALUES ($code, $inviter, $at)",
                ("$code", invite.Code), ("$inviter", invite.InviterId), ("$at", invite.CreatedAt.ToUnixTimeMilliseconds()));
        }
    }

    private static Invite ReadInvite(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), Time(reader, 2)!.Value, reader.GetNullableString(3), Time(reader, 4));

    private static Member ReadMember(SqliteDataReader reader)
    {
        var member = JsonSerializer.Deserialize<Member>(reader.GetString(0), Json)!;
        member.Version = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        return member;
    }

    private static Credential ReadCredential(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), Enum.Parse<CredentialKind>(reader.GetString(2)), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), Time(reader, 6)!.Value, Time(reader, 7), Time(reader, 8), Time(reader, 9), reader.GetNullableString(10));

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private SqlSession Open() => SqliteMetadata.Open(connectionString);
}
