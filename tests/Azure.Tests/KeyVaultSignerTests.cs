using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SoraFunctions.Azure.Provenance;
using SoraFunctions.Core.Provenance;

namespace SoraFunctions.Azure.Tests;

public sealed class KeyVaultSignerTests : IAsyncLifetime
{
    private readonly List<(string Version, ECDsa Key, string Certificate, string Root)> versions = [];
    private readonly ConcurrentQueue<string> requests = new();
    private readonly ManualTime time = new();
    private WebApplication vault = null!;

    /// <summary>
    /// A local Key Vault holding one certificate, <c>provenance</c>, and its EC P-256 key, as documented for api-version
    /// 7.4: get certificate (the newest version: its key's kid and its DER as <c>cer</c>), get key (the newest version
    /// without one), and sign (ES256 over a 32-byte digest, base64url both ways). It refuses requests
    /// without the bearer token or with another api-version, in Key Vault's error envelope. The private keys stay here.
    /// </summary>
    public async Task InitializeAsync()
    {
        Rotate();
        vault = await LocalServer.StartJsonApiAsync(
            "vault-token", "7.4", ("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."),
            ("BadParameter", "The specified version is not supported."),
            (request, body) =>
            {
                requests.Enqueue($"{request.Method} {request.Path.Value}");
                return Answer(request.Method, request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries), body);
            });
    }

    public async Task DisposeAsync()
    {
        await vault.DisposeAsync();
        versions.ForEach(v => v.Key.Dispose());
    }

    private (int, JsonObject) Answer(string method, string[] path, JsonNode? body)
    {
        lock (versions)
        {
            var (version, key, certificate, _) = path is ["keys", "provenance", ..] && path.Length > 2 ? versions.FirstOrDefault(v => v.Version == path[2]) : versions[^1];
            switch (method, path)
            {
                case ("GET", ["keys", "provenance"]) or ("GET", ["keys", "provenance", _]) when key is not null:
                    var point = key.ExportParameters(includePrivateParameters: false).Q;
                    return (200, new JsonObject
                    {
                        ["key"] = new JsonObject
                        {
                            ["kid"] = $"{vault.Urls.First()}/keys/provenance/{version}", ["kty"] = "EC", ["crv"] = "P-256",
                            ["key_ops"] = new JsonArray("sign", "verify"),
                            ["x"] = Base64Url.EncodeToString(point.X), ["y"] = Base64Url.EncodeToString(point.Y),
                        },
                        ["attributes"] = new JsonObject { ["enabled"] = true },
                    });
                case ("GET", ["certificates", "provenance"]):
                    return (200, new JsonObject
                    {
                        ["id"] = $"{vault.Urls.First()}/certificates/provenance/{version}",
                        ["kid"] = $"{vault.Urls.First()}/keys/provenance/{version}",
                        ["cer"] = Convert.ToBase64String(X509Certificate2.CreateFromPem(certificate).RawData),
                    });
                case ("POST", ["keys", "provenance", _, "sign"]) when key is not null:
                    if (body?["alg"]?.GetValue<string>() != "ES256" || body["value"]?.GetValue<string>() is not { } value
                        || Base64Url.DecodeFromChars(value) is not { Length: 32 } digest)
                    {
                        return (400, LocalServer.ErrorBody("BadParameter", "ES256 signs a 32-byte digest."));
                    }

                    return (200, new JsonObject
                    {
                        ["kid"] = $"{vault.Urls.First()}/keys/provenance/{version}", ["value"] = Base64Url.EncodeToString(key.SignHash(digest)),
                    });
                default:
                    return (404, LocalServer.ErrorBody("KeyNotFound", $"A key with (name/id) {string.Join('/', path.Skip(1))} was not found in this key vault."));
            }
        }
    }

    private void Rotate()
    {
        lock (versions)
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var (certificate, root) = DevelopmentCertificates.Issue(key, DateTimeOffset.UtcNow);
            versions.Add((Guid.NewGuid().ToString("N"), key, certificate, root));
        }
    }

    private KeyVaultSigner Signer(string token = "vault-token", string trustAnchors = "") =>
        new(new KeyVaultSignerOptions { VaultUri = new Uri($"{vault.Urls.First()}/"), TrustAnchors = trustAnchors }, new TokenPolicy(token), time); // as bicep outputs it

    private static ProvenanceManifest Manifest(long seed = 7) => new(
        "video_1", ProvenanceManifest.Sha256Of("A fox at dawn"), "sora-2", seed, "procedural", [], null,
        [new StepVersion("publish", "1")], [new AssetHash("videos/video_1/master.mp4", new string('a', 64))], DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task The_vault_signs_the_manifest_and_the_signature_verifies_against_its_public_key()
    {
        using var signer = Signer();

        var signed = await signer.SignAsync(Manifest());

        Assert.Equal(("ES256", $"provenance/{versions[0].Version}"), (signed.Algorithm, signed.KeyId));
        Assert.True(signed.IsSignedBy(versions[0].Key)); // checked with the vault's own key, not the signer's copy
        Assert.True(await signer.VerifyAsync(signed));
        Assert.False(await signer.VerifyAsync(signed with { Manifest = Manifest(seed: 8) }));
        Assert.False(await signer.VerifyAsync(signed with { KeyId = "other-key/" + versions[0].Version }));
        Assert.False(await signer.VerifyAsync(signed with { KeyId = "provenance/0123456789abcdef0123456789abcdef" }));
        Assert.False(await signer.VerifyAsync(signed with { KeyId = "provenance/../secrets/x" }));
    }

    [Fact]
    public async Task After_a_rotation_new_manifests_use_the_new_version_and_old_ones_still_verify()
    {
        using var signer = Signer();
        var before = await signer.SignAsync(Manifest());

        Rotate();
        var stillCached = await signer.SignAsync(Manifest());
        time.Advance(TimeSpan.FromHours(1));
        var after = await signer.SignAsync(Manifest());

        Assert.Equal(before.KeyId, stillCached.KeyId);
        Assert.Equal($"provenance/{versions[1].Version}", after.KeyId);
        using var fresh = Signer(); // another instance of the app, knowing neither version yet
        Assert.True(await fresh.VerifyAsync(before));
        Assert.True(await fresh.VerifyAsync(after));
        Assert.True(await fresh.VerifyAsync(before)); // from its cache: each version is read once
        Assert.Equal(1, requests.Count(r => r == $"GET /keys/provenance/{versions[0].Version}"));
    }

    [Fact]
    public async Task The_certificates_key_signs_for_Content_Credentials_and_its_certificate_leads_the_chain()
    {
        using var signer = Signer(trustAnchors: versions[0].Root);
        var data = "the bytes c2pa-rs hands over"u8.ToArray();

        var signature = await signer.SignDataAsync(data);
        var certificates = await signer.CertificatesAsync();

        using var certificate = X509Certificate2.CreateFromPem(certificates.ChainPem);
        Assert.True(certificate.GetECDsaPublicKey()!.VerifyData(data, signature, HashAlgorithmName.SHA256));
        Assert.Equal(X509Certificate2.CreateFromPem(versions[0].Certificate).Thumbprint, certificate.Thumbprint);
        Assert.Equal((versions[0].Root, true), (certificates.TrustAnchorsPem, certificates.Development));
        Assert.False((await Signer().CertificatesAsync()).Development); // no anchors of its own: a root on the C2PA trust list
    }

    [Fact]
    public async Task Vault_errors_surface_with_their_code()
    {
        using var signer = Signer(token: "wrong");

        var failure = await Assert.ThrowsAsync<global::Azure.RequestFailedException>(() => signer.SignAsync(Manifest()));

        Assert.Equal((401, "Unauthorized"), (failure.Status, failure.ErrorCode));
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset now = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
