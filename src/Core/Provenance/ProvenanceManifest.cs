using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SoraFunctions.Core.Provenance;

public sealed record StepVersion(string Name, string Version);

public sealed record AssetHash(string Name, string Sha256);

/// <summary>
/// What a published clip is and how it was made: the prompt's hash (not the prompt), model, seed, generator, cameos,
/// remix lineage, every pipeline step with its version, and the SHA-256 of every asset.
/// </summary>
public sealed record ProvenanceManifest(
    string VideoId,
    string PromptSha256,
    string Model,
    long Seed,
    string Generator,
    IReadOnlyList<string> CameoIds,
    Videos.RemixLineage? RemixOf,
    IReadOnlyList<StepVersion> Steps,
    IReadOnlyList<AssetHash> Assets,
    DateTimeOffset CreatedAt)
{
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    /// <summary>The exact bytes that are signed: the manifest as compact JSON, properties in declaration order.</summary>
    public byte[] CanonicalBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Canonical);

    public static string Sha256Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static async Task<string> Sha256OfFileAsync(string path, CancellationToken cancellation)
    {
        await using var file = File.OpenRead(path);
        return await Sha256OfAsync(file, cancellation);
    }

    public static async Task<string> Sha256OfAsync(Stream content, CancellationToken cancellation) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellation));
}

/// <summary>A manifest with its ECDSA P-256 signature (IEEE P1363, base64) and the id of the key that made it.</summary>
public sealed record SignedManifest(ProvenanceManifest Manifest, string Algorithm, string KeyId, string Signature)
{
    public const string EcdsaP256Sha256 = "ES256";

    /// <summary>True when the signature is <paramref name="key"/>'s over exactly this manifest (key ids aside).</summary>
    public bool IsSignedBy(ECDsa key)
    {
        Span<byte> signature = stackalloc byte[64];
        return Algorithm == EcdsaP256Sha256 && Convert.TryFromBase64String(Signature, signature, out var length) && length == 64
            && key.VerifyData(Manifest.CanonicalBytes(), signature, HashAlgorithmName.SHA256);
    }
}

/// <summary>
/// The certificates that vouch for the signing key in C2PA Content Credentials: the chain embedded in each manifest
/// (PEM, the key's own certificate first) and the roots a reader of this service's clips trusts (PEM; empty when
/// the chain leads to a root on the C2PA trust list, which readers know already). <see cref="Development"/> says the
/// root is this installation's own, which no one else trusts.
/// </summary>
public sealed record SigningCertificates(string ChainPem, string TrustAnchorsPem, bool Development)
{
    /// <summary>The roots to trust when reading this service's credentials, or null when readers need none of ours.</summary>
    public string? TrustedRoots => TrustAnchorsPem.Length > 0 ? TrustAnchorsPem : null;
}

/// <summary>
/// The one provenance key (a file in the data folder locally, Key Vault on Azure): it signs this service's own
/// manifests, checks them, and signs C2PA claims through <see cref="SignDataAsync"/> without the key leaving its home.
/// </summary>
public interface IProvenanceSigner
{
    Task<SignedManifest> SignAsync(ProvenanceManifest manifest, CancellationToken cancellation = default);

    /// <summary>True when the signature is this signer's over exactly this manifest.</summary>
    Task<bool> VerifyAsync(SignedManifest signed, CancellationToken cancellation = default);

    /// <summary>An ES256 signature (ECDSA P-256 over SHA-256, r‖s as IEEE P1363) of <paramref name="data"/>.</summary>
    Task<byte[]> SignDataAsync(byte[] data, CancellationToken cancellation = default);

    /// <summary>The key's certificate chain and the roots that make it trusted.</summary>
    Task<SigningCertificates> CertificatesAsync(CancellationToken cancellation = default);
}
