using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Members, invites and credentials on Cosmos DB for NoSQL, in one container partitioned by <c>/id</c>, each kind of
/// document under an id of its own so that every hot path is a point read:
/// <list type="bullet">
/// <item><c>{member id}</c> — the member (and the outbox of their events): read by id 1 RU, save ~10 RU (a patch guarded
/// by the ETag);</item>
/// <item><c>username:{name}</c> — the claim that makes a username unique (creating it is the check: 409 when taken),
/// ~6 RU, among characters' handles too (their claims are <see cref="CosmosCameoStore"/>'s); sign-in reads it, then the
/// member: 2 RU;</item>
/// <item><c>invite:{code}</c> — an invite, redeemed by a patch guarded by its ETag, so one joiner wins: ~7 RU;</item>
/// <item><c>credential:{hash}</c> — an API key or session: authenticating a request reads it and the member, 2 RU in
/// all; recording a use is a ~10 RU patch at most once a minute per key;</item>
/// <item>adding an API key under the cap: admitted first through the gate document
/// <c>admission:credentials:ApiKey:{member id}</c> (<see cref="CosmosDocuments.AdmitAsync"/>), ~15 RU;</item>
/// <item>listing a member's keys or invites, and revoking a key by its id: one query on the indexed <c>memberId</c>
/// (cross-partition: one request per physical partition), ~3 RU;</item>
/// <item>people search: the member document keeps every prefix of an active member's name terms
/// (<see cref="SearchTerms.PrefixesOf"/>, a few dozen) in the indexed array <c>namePrefixes</c> and their username in
/// <c>username</c>; a query is one cross-partition query of <c>ARRAY_CONTAINS</c> per typed prefix ordered by the
/// username, an index lookup of a few RU (about 3 plus 1 per 10 members returned).</item>
/// </list>
/// The container also holds the relations (<see cref="CosmosRelationStore"/>), the cameos (<see cref="CosmosCameoStore"/>)
/// and the notifications (<see cref="CosmosNotificationStore"/>); its outbox — every document's with
/// events pending, relations' and cameos' included — is drained here.
/// Joining with an invite is eight requests (the claim, the invite read and redeemed, the member, their four invites),
/// ~45 RU; <c>bench/Cosmos</c> counts each path's requests.
/// Joining touches three documents, which Cosmos DB cannot write in one transaction (batches are per partition): the
/// username is claimed first, then the invite redeemed, then the member created; a step that fails undoes the ones
/// before it. A process killed between the steps leaves a claimed name (or a redeemed invite) with no member behind it
/// (not found by sign-in; the name stays taken until an admin releases it).
/// </summary>
public sealed class CosmosMemberStore(Container container) : IMemberStore, IOutbox
{
    private readonly CosmosDocuments documents = new(container);

    public static Task<Container> CreateIfMissingAsync(CosmosClient client, string database, string container, CancellationToken cancellation = default) =>
        CosmosDocuments.CreateIfMissingAsync(client, database, container, index =>
        {
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/member/*" });
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/credential/*" });
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/cameo/*" });
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/challenge/*" });
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/outbox/*" });
            CosmosRelationStore.Index(index);
            CosmosNotificationStore.Index(index);
            index.ExcludedPaths.Add(new ExcludedPath { Path = "/case/*" });
        }, cancellation);

    public async Task<JoinOutcome> TryJoinAsync(
        Member member, string? inviteCode, IReadOnlyList<Invite> invites, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        var claim = UsernameId(member.Username);
        if (!(await documents.CreateAsync(claim, new UsernameDocument(claim, UsernameClaim, member.Id), cancellation)).Created)
        {
            return JoinOutcome.UsernameTaken;
        }

        InviteDocument? redeemed = null;
        try
        {
            if (inviteCode is not null)
            {
                var invite = await documents.ReadAsync<InviteDocument>(InviteId(inviteCode), cancellation);
                var at = member.CreatedAt.ToUnixTimeMilliseconds();
                if (invite is null || invite.RedeemedBy is not null
                    || await documents.PatchAsync(invite.Id, [PatchOperation.Set("/redeemedBy", member.Id), PatchOperation.Set("/redeemedAtMs", at)], invite.ETag, cancellation) is null)
                {
                    await documents.DeleteAsync(claim, cancellation);
                    return invite is null ? JoinOutcome.InviteInvalid : JoinOutcome.InviteUsed;
                }

                redeemed = invite;
            }

            var (_, etag) = await documents.CreateAsync(member.Id, new MemberDocument(member.Id, "member", member, events, events.Count > 0, member.Username, NamePrefixes(member)), cancellation);
            member.Version = etag;
        }
        catch
        {
            if (redeemed is not null)
            {
                await documents.PatchAsync(redeemed.Id, [PatchOperation.Remove("/redeemedBy"), PatchOperation.Remove("/redeemedAtMs")], null, CancellationToken.None);
            }

            await documents.DeleteAsync(claim, CancellationToken.None);
            throw;
        }

        await AddInvitesAsync(invites, cancellation);
        return JoinOutcome.Joined;
    }

    public async Task<Member?> GetAsync(string id, CancellationToken cancellation = default) =>
        id.StartsWith("member_", StringComparison.Ordinal) ? (await documents.ReadAsync<MemberDocument>(id, cancellation))?.Read() : null;

    public async Task<Member?> FindByUsernameAsync(string username, CancellationToken cancellation = default) =>
        await documents.ReadAsync<UsernameDocument>(UsernameId(username.ToLowerInvariant()), cancellation) is { Type: UsernameClaim } claim
            ? await GetAsync(claim.MemberId, cancellation)
            : null;

    public async Task SaveAsync(Member member, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        var version = member.Version ?? throw new InvalidOperationException($"{member.Id} was not read from the store.");
        member.Version = await documents.PatchAsync(
                member.Id, [PatchOperation.Set("/member", member), PatchOperation.Set("/namePrefixes", NamePrefixes(member)), .. CosmosDocuments.Enqueue(events)],
                version, cancellation)
            ?? throw new VersionConflictException(member.Id);
    }

    public async Task<IReadOnlyList<Member>> SearchAsync(MemberQuery query, int limit, CancellationToken cancellation = default)
    {
        var conditions = string.Join(" AND ", query.Prefixes.Select((_, i) => $"ARRAY_CONTAINS(c.namePrefixes, @p{i})"));
        var definition = new QueryDefinition($"SELECT * FROM c WHERE c.type = 'member' AND {conditions} ORDER BY c.username");
        foreach (var (prefix, i) in query.Prefixes.Select((prefix, i) => (prefix, i)))
        {
            definition = definition.WithParameter($"@p{i}", prefix);
        }

        return [.. (await documents.QueryAsync<MemberDocument>(definition, limit, cancellation)).Take(limit).Select(document => document.Read())];
    }

    /// <summary>What people search finds an active member by; nothing for a suspended or deleted one.</summary>
    private static IReadOnlyList<string>? NamePrefixes(Member member) => member.State == MemberState.Active ? SearchTerms.PrefixesOf(member) : null;

    public async Task AddInvitesAsync(IReadOnlyList<Invite> invites, CancellationToken cancellation = default)
    {
        foreach (var invite in invites)
        {
            var id = InviteId(invite.Code);
            await documents.CreateAsync(id, new InviteDocument(id, "invite", invite.Code, invite.InviterId, invite.CreatedAt.ToUnixTimeMilliseconds(), null, null), cancellation);
        }
    }

    public async Task<Invite?> FindInviteAsync(string code, CancellationToken cancellation = default) =>
        (await documents.ReadAsync<InviteDocument>(InviteId(code), cancellation))?.Read();

    public async Task<IReadOnlyList<Invite>> ListInvitesAsync(string memberId, CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<InviteDocument>(
                new QueryDefinition("SELECT * FROM c WHERE c.type = 'invite' AND c.inviterId = @member").WithParameter("@member", memberId),
                int.MaxValue, cancellation))
            .Select(document => document.Read())
            .OrderBy(invite => invite.RedeemedBy is not null).ThenByDescending(invite => invite.CreatedAt).ThenBy(invite => invite.Code, StringComparer.Ordinal)];

    /// <summary>How long a credential admitted under a limit counts before its document is expected to be there.</summary>
    private static readonly TimeSpan AdmissionSettle = TimeSpan.FromMinutes(1);

    public async Task<bool> AddCredentialAsync(Credential credential, int? limit = null, CancellationToken cancellation = default)
    {
        if (limit is { } most && !await documents.AdmitAsync(
                $"admission:credentials:{credential.Kind}:{credential.MemberId}", credential.Id, credential.CreatedAt, AdmissionSettle, async settling =>
                {
                    var held = (await QueryCredentialsAsync(credential.MemberId, null, cancellation))
                        .Where(document => document.Kind == credential.Kind).Select(document => document.Credential).ToList();
                    return held.Count(existing => existing.RevokedAt is null) + settling.Count(id => !held.Any(existing => existing.Id == id)) < most;
                }, cancellation))
        {
            return false;
        }

        var id = CredentialId(credential.Hash);
        await documents.CreateAsync(id, new CredentialDocument(id, "credential", credential.Id, credential.MemberId, credential.Kind, credential), cancellation);
        return true;
    }

    public async Task<Authenticated?> AuthenticateAsync(string hash, CancellationToken cancellation = default) =>
        await documents.ReadAsync<CredentialDocument>(CredentialId(hash), cancellation) is { } found
        && await GetAsync(found.MemberId, cancellation) is { } member
            ? new Authenticated(found.Credential, member)
            : null;

    public async Task<IReadOnlyList<Credential>> ListCredentialsAsync(string memberId, CredentialKind kind, CancellationToken cancellation = default) =>
        [.. (await QueryCredentialsAsync(memberId, null, cancellation))
            .Where(document => document.Kind == kind).Select(document => document.Credential)
            .OrderByDescending(credential => credential.CreatedAt).ThenBy(credential => credential.Id, StringComparer.Ordinal)];

    public async Task<bool> RevokeCredentialAsync(string memberId, string credentialId, DateTimeOffset at, CancellationToken cancellation = default)
    {
        if ((await QueryCredentialsAsync(memberId, credentialId, cancellation)).SingleOrDefault() is not { } found)
        {
            return false;
        }

        if (found.Credential.RevokedAt is null)
        {
            await documents.PatchAsync(found.Id, [PatchOperation.Set("/credential/revokedAt", at)], null, cancellation);
        }

        return true;
    }

    public Task RecordUseAsync(Credential credential, DateTimeOffset at, CancellationToken cancellation = default) =>
        documents.PatchAsync(CredentialId(credential.Hash), [PatchOperation.Set("/credential/lastUsedAt", at)], null, cancellation);

    public Task<IReadOnlyList<PendingEvent>> PendingAsync(int limit, CancellationToken cancellation = default) =>
        documents.PendingAsync(limit, cancellation);

    public Task MarkDeliveredAsync(IReadOnlyCollection<string> keys, CancellationToken cancellation = default) =>
        documents.MarkDeliveredAsync(keys, cancellation);

    private Task<List<CredentialDocument>> QueryCredentialsAsync(string memberId, string? credentialId, CancellationToken cancellation) =>
        documents.QueryAsync<CredentialDocument>(
            new QueryDefinition("SELECT * FROM c WHERE c.type = 'credential' AND c.memberId = @member AND (IS_NULL(@id) OR c.credentialId = @id)")
                .WithParameter("@member", memberId).WithParameter("@id", credentialId),
            int.MaxValue, cancellation);

    /// <summary>
    /// The claim on a name in the namespace usernames and characters' handles share (see <see cref="CosmosCameoStore"/>):
    /// its type says which took it.
    /// </summary>
    internal static string UsernameId(string username) => $"username:{username}";

    private const string UsernameClaim = "username";

    private static string InviteId(string code) => $"invite:{code}";

    private static string CredentialId(string hash) => $"credential:{hash}";

    private sealed record MemberDocument(
        string Id, string Type, Member Member, IReadOnlyList<CloudEvent> Outbox, bool Pending, string? Username, IReadOnlyList<string>? NamePrefixes)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public Member Read()
        {
            Member.Version = ETag;
            return Member;
        }
    }

    private sealed record UsernameDocument(string Id, string Type, string MemberId);

    private sealed record InviteDocument(string Id, string Type, string Code, string InviterId, long CreatedAtMs, string? RedeemedBy, long? RedeemedAtMs)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public Invite Read() => new(
            Code, InviterId, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs), RedeemedBy,
            RedeemedAtMs is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
    }

    private sealed record CredentialDocument(string Id, string Type, string CredentialId, string MemberId, CredentialKind Kind, Credential Credential);
}
