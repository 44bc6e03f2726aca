using System.Security.Cryptography;
using SoraFunctions.Core.Hosting;

namespace SoraFunctions.Core.Provenance;

/// <summary>
/// Signs with an ECDSA P-256 key kept in the data folder (<c>keys/provenance.pem</c>, PKCS#8, readable by its owner
/// only), created on first use. The key id is the start of the SHA-256 of its public key. Its C2PA certificate is a
/// development chain (<see cref="DevelopmentCertificates"/>) made on first use beside it (<c>keys/c2pa-development.pem</c>:
/// the key's certificate, then the root), or made again when it no longer certifies the key or has expired.
/// </summary>
public sealed class FileKeySigner : IProvenanceSigner, IDisposable
{
    private readonly ECDsa key;
    private readonly string keyId;
    private readonly string chainPath;
    private readonly TimeProvider time;
    private readonly Lock certificatesLock = new();
    private SigningCertificates? certificates;

    public FileKeySigner(DataFolder data, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        var keys = Path.Combine(data.Root, "keys");
        chainPath = Path.Combine(keys, "c2pa-development.pem");
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        key.ImportFromPem(WriteOnce(Path.Combine(keys, "provenance.pem"), key.ExportPkcs8PrivateKeyPem, _ => true));
        keyId = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
    }

    public Task<SignedManifest> SignAsync(ProvenanceManifest manifest, CancellationToken cancellation = default) => Task.FromResult(new SignedManifest(
        manifest,
        SignedManifest.EcdsaP256Sha256,
        keyId,
        Convert.ToBase64String(key.SignData(manifest.CanonicalBytes(), HashAlgorithmName.SHA256))));

    public Task<bool> VerifyAsync(SignedManifest signed, CancellationToken cancellation = default) =>
        Task.FromResult(signed.KeyId == keyId && signed.IsSignedBy(key));

    public Task<byte[]> SignDataAsync(byte[] data, CancellationToken cancellation = default) =>
        Task.FromResult(key.SignData(data, HashAlgorithmName.SHA256));

    public Task<SigningCertificates> CertificatesAsync(CancellationToken cancellation = default)
    {
        lock (certificatesLock)
        {
            var now = time.GetUtcNow();
            if (certificates is null || !DevelopmentCertificates.Certifies(certificates.ChainPem, key, now))
            {
                var pem = WriteOnce(chainPath, () => DevelopmentCertificates.Issue(key, now) is var (signer, root) ? $"{signer}\n{root}\n" : "", kept => DevelopmentCertificates.Certifies(kept, key, now));
                var end = pem.IndexOf("-----END CERTIFICATE-----", StringComparison.Ordinal) + "-----END CERTIFICATE-----".Length;
                certificates = new SigningCertificates($"{pem[..end]}\n", pem[end..].TrimStart(), Development: true);
            }

            return Task.FromResult(certificates);
        }
    }

    public void Dispose() => key.Dispose();

    /// <summary>
    /// The file's text when it is there and still <paramref name="usable"/>; else <paramref name="make"/>'s, written
    /// readable by its owner only and moved into place whole. When another process made it first, theirs is used.
    /// </summary>
    private static string WriteOnce(string path, Func<string> make, Func<string, bool> usable)
    {
        if (File.Exists(path) && File.ReadAllText(path) is var existing && usable(existing))
        {
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var made = make();
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, made);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temporary, path, overwrite: File.Exists(path)); // an unusable file is replaced
            return made;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary); // another process made it first: use that one
            return File.ReadAllText(path);
        }
    }
}
