using System.Security.Cryptography;
using SoraFunctions.Core.Hosting;

namespace SoraFunctions.Core.Provenance;

/// <summary>
/// Signs provenance manifests with an ECDSA P-256 key kept in the data folder (<c>keys/provenance.pem</c>, PKCS#8,
/// readable by its owner only), created on first use. The key id is the start of the SHA-256 of its public key.
/// </summary>
public sealed class FileKeySigner : IProvenanceSigner, IDisposable
{
    private readonly ECDsa key;
    private readonly string keyId;

    public FileKeySigner(DataFolder data)
    {
        var path = Path.Combine(data.Root, "keys", "provenance.pem");
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temporary, key.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary); // another process made the key first: use that one
                key.ImportFromPem(File.ReadAllText(path));
            }
        }

        keyId = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
    }

    public Task<SignedManifest> SignAsync(ProvenanceManifest manifest, CancellationToken cancellation = default) => Task.FromResult(new SignedManifest(
        manifest,
        SignedManifest.EcdsaP256Sha256,
        keyId,
        Convert.ToBase64String(key.SignData(manifest.CanonicalBytes(), HashAlgorithmName.SHA256))));

    public Task<bool> VerifyAsync(SignedManifest signed, CancellationToken cancellation = default) =>
        Task.FromResult(signed.KeyId == keyId && signed.IsSignedBy(key));

    public void Dispose() => key.Dispose();
}
