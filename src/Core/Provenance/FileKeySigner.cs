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

    public SignedManifest Sign(ProvenanceManifest manifest) => new(
        manifest,
        SignedManifest.EcdsaP256Sha256,
        keyId,
        Convert.ToBase64String(key.SignData(manifest.CanonicalBytes(), HashAlgorithmName.SHA256)));

    public bool Verify(SignedManifest signed)
    {
        if (signed.Algorithm != SignedManifest.EcdsaP256Sha256 || signed.KeyId != keyId)
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[64];
        return Convert.TryFromBase64String(signed.Signature, signature, out var length) && length == 64
            && key.VerifyData(signed.Manifest.CanonicalBytes(), signature, HashAlgorithmName.SHA256);
    }

    public void Dispose() => key.Dispose();
}
