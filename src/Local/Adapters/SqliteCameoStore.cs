using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// Cameos and their challenges in the metadata database (<see cref="SqliteMetadata"/>): a challenge is claimed by one
/// conditional update, so only one recording ever answers it.
/// </summary>
public sealed class SqliteCameoStore(DataFolder data) : ICameoStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string connectionString = SqliteMetadata.Prepare(data);

    public Task AddChallengeAsync(CameoChallenge challenge, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.Execute(
            "INSERT INTO cameo_challenges (id, owner, digits, turn, expires_at) VALUES ($id, $owner, $digits, $turn, $expires)",
            ("$id", challenge.Id), ("$owner", challenge.OwnerId), ("$digits", challenge.Digits), ("$turn", challenge.Turn.ToString()),
            ("$expires", challenge.ExpiresAt.ToUnixTimeMilliseconds()));
        return Task.CompletedTask;
    }

    public Task<CameoChallenge?> ClaimChallengeAsync(string challengeId, string ownerId, string cameoId, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.Execute(
            "UPDATE cameo_challenges SET used_by = $cameo WHERE id = $id AND owner = $owner AND used_by IS NULL",
            ("$cameo", cameoId), ("$id", challengeId), ("$owner", ownerId));
        return Task.FromResult(session.Query(
            "SELECT id, owner, digits, turn, expires_at, used_by FROM cameo_challenges WHERE id = $id AND owner = $owner",
            reader => new CameoChallenge(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), Enum.Parse<HeadTurn>(reader.GetString(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetNullableString(5)),
            ("$id", challengeId), ("$owner", ownerId)).SingleOrDefault());
    }

    public Task<CameoCreation> TryCreateAsync(Cameo cameo, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        using var session = Open();
        var outcome = CameoCreation.Created;
        session.InTransaction(() =>
        {
            if (session.Scalar<long>("SELECT count(*) FROM cameos WHERE id = $id", ("$id", cameo.Id)) > 0)
            {
                outcome = CameoCreation.Exists;
                return;
            }

            if (cameo.Handle is { } handle
                && (session.Scalar<long>("SELECT count(*) FROM members WHERE username = $handle", ("$handle", handle)) > 0
                    || session.Scalar<long>(SqliteMetadata.HandleTaken, ("$handle", handle)) > 0))
            {
                outcome = CameoCreation.HandleTaken;
                return;
            }

            session.Execute(
                "INSERT INTO cameos (id, owner, status, created_at, doc, version, handle) VALUES ($id, $owner, $status, $created, $doc, 1, $handle)",
                ("$id", cameo.Id), ("$owner", cameo.OwnerId), ("$status", cameo.Status.ToString()),
                ("$created", cameo.CreatedAt.ToUnixTimeMilliseconds()), ("$doc", JsonSerializer.Serialize(cameo, Json)), ("$handle", cameo.Handle));
            SqliteMetadata.Enqueue(session, events);
        });
        if (outcome == CameoCreation.Created)
        {
            cameo.Version = "1";
        }

        return Task.FromResult(outcome);
    }

    public Task<Cameo?> GetAsync(string id, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query("SELECT doc, version FROM cameos WHERE id = $id", Read, ("$id", id)).SingleOrDefault());
    }

    public Task<Cameo?> FindByHandleAsync(string handle, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query(
            "SELECT doc, version FROM cameos WHERE handle = $handle AND status IN ('Verifying', 'Active')", Read, ("$handle", handle.ToLowerInvariant())).SingleOrDefault());
    }

    public Task<IReadOnlyList<Cameo>> ListByOwnerAsync(string ownerId, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Cameo> cameos = session.Query(
            "SELECT doc, version FROM cameos WHERE owner = $owner AND status <> $deleted ORDER BY created_at DESC, id DESC",
            Read, ("$owner", ownerId), ("$deleted", nameof(CameoStatus.Deleted)));
        return Task.FromResult(cameos);
    }

    public Task<IReadOnlyList<Cameo>> ListVerifyingAsync(CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<Cameo> verifying = session.Query(
            "SELECT doc, version FROM cameos WHERE status = $verifying ORDER BY created_at, id", Read, ("$verifying", nameof(CameoStatus.Verifying)));
        return Task.FromResult(verifying);
    }

    public Task<IReadOnlyList<CameoFace>> ListFacesAsync(CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<CameoFace> faces = [.. session.Query("SELECT doc, version FROM cameos WHERE status = $active", Read, ("$active", nameof(CameoStatus.Active)))
            .Where(cameo => cameo.Face is not null)
            .Select(cameo => new CameoFace(cameo.Id, cameo.OwnerId, cameo.Face!))];
        return Task.FromResult(faces);
    }

    public Task SaveAsync(Cameo cameo, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        cameo.Version = SqliteMetadata.SaveVersioned(
            connectionString, cameo.Id, cameo.Version,
            "UPDATE cameos SET status = $status, doc = $doc, version = version + 1 WHERE id = $id AND version = $version",
            [("$status", cameo.Status.ToString()), ("$doc", JsonSerializer.Serialize(cameo, Json))],
            events);
        return Task.CompletedTask;
    }

    private static Cameo Read(SqliteDataReader reader)
    {
        var cameo = JsonSerializer.Deserialize<Cameo>(reader.GetString(0), Json)!;
        cameo.Version = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        return cameo;
    }

    private SqlSession Open() => SqliteMetadata.Open(connectionString);
}
