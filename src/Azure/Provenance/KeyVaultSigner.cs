using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using SoraFunctions.Core.Provenance;

namespace SoraFunctions.Azure.Provenance;

/// <summary>
/// Signs with an EC P-256 key that never leaves Azure Key Vault (REST API through an Azure.Core pipeline, Microsoft
/// Entra ID), so every instance of the app signs with the same key: the key of a Key Vault certificate with the C2PA
/// signer profile, whose certificate goes into each C2PA manifest. Signing sends a SHA-256 digest to the key's sign
/// operation (ES256, which answers r‖s as the local signer does). The certificate's current version names the key
/// version that signs; a manifest of this service's own format names it as <c>{name}/{version}</c>, and verifying
/// reads that version's public key once (a version never changes), so manifests signed before a renewal still verify.
/// </summary>
public sealed class KeyVaultSigner : IProvenanceSigner, IDisposable
{
    private readonly KeyVaultSignerOptions options;
    private readonly Uri vault;
    private readonly HttpPipeline pipeline;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, ECDsa> publicKeys = new();
    private CurrentVersion? current; // replaced whole, so concurrent signers never see half of one

    public KeyVaultSigner(KeyVaultSignerOptions options, TokenCredential credential, TimeProvider? time = null)
        : this(options, new BearerTokenAuthenticationPolicy(credential, Scope(options)), time)
    {
    }

    /// <summary>With any authentication policy (tests sign requests without TLS, which the bearer policy refuses).</summary>
    public KeyVaultSigner(KeyVaultSignerOptions options, HttpPipelinePolicy authentication, TimeProvider? time = null)
    {
        this.options = options;
        vault = options.VaultUri ?? throw new ArgumentException("A Key Vault URI is required.", nameof(options));
        this.time = time ?? TimeProvider.System;
        pipeline = JsonPipeline.Build(authentication);
    }

    public async Task<SignedManifest> SignAsync(ProvenanceManifest manifest, CancellationToken cancellation = default)
    {
        var version = (await CurrentVersionAsync(cancellation)).Version;
        var signature = await SignDigestAsync(version, manifest.CanonicalBytes(), cancellation);
        return new SignedManifest(manifest, SignedManifest.EcdsaP256Sha256, $"{options.KeyName}/{version}", Convert.ToBase64String(signature));
    }

    public async Task<byte[]> SignDataAsync(byte[] data, CancellationToken cancellation = default) =>
        await SignDigestAsync((await CurrentVersionAsync(cancellation)).Version, data, cancellation);

    public async Task<SigningCertificates> CertificatesAsync(CancellationToken cancellation = default) => new(
        (await CurrentVersionAsync(cancellation)).CertificatePem + options.CertificateChain,
        options.TrustAnchors,
        Development: options.TrustAnchors.Length > 0);

    public async Task<bool> VerifyAsync(SignedManifest signed, CancellationToken cancellation = default)
    {
        if (signed.KeyId.Split('/') is not [var name, var version] || name != options.KeyName
            || version.Length == 0 || !version.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        if (!publicKeys.TryGetValue(version, out var key))
        {
            try
            {
                key = Remember(await SendAsync(RequestMethod.Get, $"keys/{options.KeyName}/{version}", null, cancellation));
            }
            catch (RequestFailedException unknown) when (unknown.Status == 404)
            {
                return false; // not a version of this key
            }
        }

        return signed.IsSignedBy(key);
    }

    public void Dispose()
    {
        foreach (var key in publicKeys.Values)
        {
            key.Dispose();
        }
    }

    /// <summary>
    /// The certificate's current version (its key version and certificate), asked again once
    /// <see cref="KeyVaultSignerOptions.CurrentVersionLifetime"/> has passed: a renewal takes effect within it.
    /// </summary>
    private async Task<CurrentVersion> CurrentVersionAsync(CancellationToken cancellation)
    {
        if (current is { } known && time.GetUtcNow() < known.Until)
        {
            return known;
        }

        var bundle = await SendAsync(RequestMethod.Get, $"certificates/{options.KeyName}", null, cancellation);
        var certificate = bundle["cer"]?.GetValue<string>() is { Length: > 0 } cer
            ? PemEncoding.WriteString("CERTIFICATE", Convert.FromBase64String(cer)) + "\n"
            : throw new InvalidOperationException($"Key Vault answered for certificate {options.KeyName} without its certificate.");
        var kid = bundle["kid"]?.GetValue<string>();
        current = new CurrentVersion(VersionOf(kid), certificate, time.GetUtcNow() + options.CurrentVersionLifetime);
        return current;
    }

    /// <summary>The key version's ES256 signature of <paramref name="data"/>'s SHA-256.</summary>
    private async Task<byte[]> SignDigestAsync(string version, byte[] data, CancellationToken cancellation)
    {
        var signing = new JsonObject { ["alg"] = SignedManifest.EcdsaP256Sha256, ["value"] = Base64Url.EncodeToString(SHA256.HashData(data)) };
        var signed = await SendAsync(RequestMethod.Post, $"keys/{options.KeyName}/{version}/sign", signing, cancellation);
        return Base64Url.DecodeFromChars(signed["value"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"Key Vault answered the sign operation of {options.KeyName} without a value."));
    }

    /// <summary>Keeps a key bundle's public key under its version; throws when the key is not EC P-256.</summary>
    private ECDsa Remember(JsonNode bundle)
    {
        var jwk = bundle["key"];
        if (jwk?["kty"]?.GetValue<string>() is not ("EC" or "EC-HSM") || jwk["crv"]?.GetValue<string>() != "P-256"
            || jwk["x"]?.GetValue<string>() is not { } x || jwk["y"]?.GetValue<string>() is not { } y)
        {
            throw new InvalidOperationException($"Key Vault key {options.KeyName} is not an EC P-256 key.");
        }

        var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(x), Y = Base64Url.DecodeFromChars(y) },
        });
        var kept = publicKeys.GetOrAdd(VersionOf(jwk["kid"]?.GetValue<string>()), key);
        if (!ReferenceEquals(kept, key))
        {
            key.Dispose(); // read twice at once: keep the first
        }

        return kept;
    }

    /// <summary>The version in a key's kid (<c>{vault}/keys/{name}/{version}</c>).</summary>
    private string VersionOf(string? kid) =>
        kid is not null && new Uri(kid).Segments is [.., var version] && version.Trim('/') is { Length: > 0 } trimmed
            ? trimmed
            : throw new InvalidOperationException($"Key Vault answered for {options.KeyName} without a versioned kid.");

    private Task<JsonNode> SendAsync(RequestMethod method, string path, JsonNode? body, CancellationToken cancellation) =>
        JsonPipeline.SendJsonAsync(pipeline, method, JsonPipeline.Address(vault, path, options.ApiVersion), body, cancellation);

    /// <summary>The token audience of the vault's cloud: <c>https://vault.azure.net</c> for <c>*.vault.azure.net</c>.</summary>
    private static string Scope(KeyVaultSignerOptions options) =>
        options.VaultUri is { } uri && uri.Host.IndexOf('.') is var dot and > 0
            ? $"https://{uri.Host[(dot + 1)..]}/.default"
            : throw new ArgumentException("A Key Vault URI is required.", nameof(options));

    private sealed record CurrentVersion(string Version, string CertificatePem, DateTimeOffset Until);
}
