using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Cameos on Cosmos DB, in the members' container (its outbox is drained through <see cref="CosmosMemberStore"/>):
/// <list type="bullet">
/// <item><c>{cameo id}</c> — the cameo (~35 KB with its face descriptor): a point read, 1 RU per KB read; saved by a
/// patch guarded by the ETag;</item>
/// <item><c>{challenge id}</c> — a challenge, claimed by a patch guarded by its ETag, so one recording wins;</item>
/// <item><c>username:{handle}</c> — a character's claim on its handle, in the namespace usernames share (creating it is
/// the check); released when the character fails or is deleted, and a claim left behind by one that stopped before
/// releasing it is taken over, guarded by its ETag;</item>
/// <item>a member's cameos: one query on the indexed <c>ownerId</c>; those being verified (a restart resumes them): one
/// query on <c>status</c>; the active faces: one query on <c>status</c>
/// that reads every active cameo's descriptor — fine for thousands of members; at a larger scale the face check belongs
/// in a face-search index (Azure AI Face's large face list, or a vector index on the descriptor).</item>
/// </list>
/// </summary>
public sealed class CosmosCameoStore(Container container) : ICameoStore
{
    private readonly CosmosDocuments documents = new(container);

    public async Task AddChallengeAsync(CameoChallenge challenge, CancellationToken cancellation = default) =>
        await documents.CreateAsync(challenge.Id, new ChallengeDocument(challenge.Id, "challenge", challenge), cancellation);

    public async Task<CameoChallenge?> ClaimChallengeAsync(string challengeId, string ownerId, string cameoId, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (!challengeId.StartsWith("challenge_", StringComparison.Ordinal)
                || await documents.ReadAsync<ChallengeDocument>(challengeId, cancellation) is not { Type: "challenge" } document
                || document.Challenge.OwnerId != ownerId)
            {
                return null;
            }

            if (document.Challenge.UsedBy is not null)
            {
                return document.Challenge;
            }

            var claimed = document.Challenge with { UsedBy = cameoId };
            if (await documents.PatchAsync(challengeId, [PatchOperation.Set("/challenge", claimed)], document.ETag, cancellation) is not null)
            {
                return claimed;
            }
        }
    }

    public async Task<CameoCreation> TryCreateAsync(Cameo cameo, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        if (cameo.Handle is { } handle && !await ClaimAsync(handle, cameo, cancellation))
        {
            return CameoCreation.HandleTaken;
        }

        bool created;
        string? etag;
        try
        {
            (created, etag) = await documents.CreateAsync(
                cameo.Id, new CameoDocument(cameo.Id, "cameo", cameo.OwnerId, cameo.Status, cameo.CreatedAt.ToUnixTimeMilliseconds(), cameo, events, events.Count > 0),
                cancellation);
        }
        catch when (cameo.Handle is not null)
        {
            await ReleaseAsync(cameo, CancellationToken.None);
            throw;
        }

        if (!created)
        {
            return CameoCreation.Exists;
        }

        cameo.Version = etag;
        return CameoCreation.Created;
    }

    public async Task<Cameo?> GetAsync(string id, CancellationToken cancellation = default) =>
        id.StartsWith("cameo_", StringComparison.Ordinal) ? (await documents.ReadAsync<CameoDocument>(id, cancellation))?.Read() : null;

    public async Task<Cameo?> FindByHandleAsync(string handle, CancellationToken cancellation = default) =>
        await documents.ReadAsync<HandleDocument>(CosmosMemberStore.UsernameId(handle.ToLowerInvariant()), cancellation) is { Type: HandleClaim, CameoId: { } id }
        && await GetAsync(id, cancellation) is { Status: CameoStatus.Verifying or CameoStatus.Active } cameo
            ? cameo
            : null;

    public async Task<IReadOnlyList<Cameo>> ListByOwnerAsync(string ownerId, CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<CameoDocument>(
                new QueryDefinition("SELECT * FROM c WHERE c.type = 'cameo' AND c.ownerId = @owner AND c.status <> 'deleted'").WithParameter("@owner", ownerId),
                int.MaxValue, cancellation))
            .Select(document => document.Read()).OrderByDescending(cameo => cameo.CreatedAt).ThenByDescending(cameo => cameo.Id, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<Cameo>> ListVerifyingAsync(CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<CameoDocument>(
                new QueryDefinition("SELECT * FROM c WHERE c.type = 'cameo' AND c.status = 'verifying'"), int.MaxValue, cancellation))
            .Select(document => document.Read())];

    public async Task<IReadOnlyList<CameoFace>> ListFacesAsync(CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<FaceDocument>(
                new QueryDefinition("SELECT c.id, c.ownerId, c.cameo.face FROM c WHERE c.type = 'cameo' AND c.status = 'active'"),
                int.MaxValue, cancellation))
            .Where(document => document.Face is not null)
            .Select(document => new CameoFace(document.Id, document.OwnerId, document.Face!))];

    public async Task SaveAsync(Cameo cameo, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        var version = cameo.Version ?? throw new InvalidOperationException($"{cameo.Id} was not read from the store.");
        cameo.Version = await documents.PatchAsync(
                cameo.Id, [PatchOperation.Set("/cameo", cameo), PatchOperation.Set("/status", cameo.Status), .. CosmosDocuments.Enqueue(events)], version, cancellation)
            ?? throw new VersionConflictException(cameo.Id);
        if (cameo.Handle is not null && cameo.Status is CameoStatus.Failed or CameoStatus.Deleted)
        {
            await ReleaseAsync(cameo, cancellation);
        }
    }

    private const string HandleClaim = "character";

    /// <summary>
    /// Claims the character's handle: true when the claim is made or is this character's already (a retry). A claim
    /// whose character is no longer verifying or active (it stopped between its last save and the release) is taken
    /// over, only while it is unchanged.
    /// </summary>
    private async Task<bool> ClaimAsync(string handle, Cameo cameo, CancellationToken cancellation)
    {
        var id = CosmosMemberStore.UsernameId(handle);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if ((await documents.CreateAsync(id, new HandleDocument(id, HandleClaim, cameo.OwnerId, cameo.Id), cancellation)).Created)
            {
                return true;
            }

            if (await documents.ReadAsync<HandleDocument>(id, cancellation) is not { } claim)
            {
                continue; // released meanwhile
            }

            if (claim.CameoId == cameo.Id)
            {
                return true;
            }

            if (claim is not { Type: HandleClaim, CameoId: { } other } || await GetAsync(other, cancellation) is { Status: CameoStatus.Verifying or CameoStatus.Active })
            {
                return false;
            }

            await documents.DeleteAsync(id, cancellation, claim.ETag);
        }

        return false;
    }

    /// <summary>Frees the character's handle, if it still holds the claim.</summary>
    private async Task ReleaseAsync(Cameo cameo, CancellationToken cancellation)
    {
        var id = CosmosMemberStore.UsernameId(cameo.Handle!);
        if (await documents.ReadAsync<HandleDocument>(id, cancellation) is { Type: HandleClaim } claim && claim.CameoId == cameo.Id)
        {
            await documents.DeleteAsync(id, cancellation, claim.ETag);
        }
    }

    /// <summary>A claim on a name (see <see cref="CosmosMemberStore.UsernameId"/>): a member's (no <c>CameoId</c>) or a character's.</summary>
    private sealed record HandleDocument(string Id, string Type, string MemberId, string? CameoId)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }

    private sealed record ChallengeDocument(string Id, string Type, CameoChallenge Challenge)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }

    private sealed record CameoDocument(
        string Id, string Type, string OwnerId, CameoStatus Status, long CreatedAtMs, Cameo Cameo, IReadOnlyList<CloudEvent> Outbox, bool Pending)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public Cameo Read()
        {
            Cameo.Version = ETag;
            return Cameo;
        }
    }

    private sealed record FaceDocument(string Id, string OwnerId, FaceDescriptor? Face);
}
