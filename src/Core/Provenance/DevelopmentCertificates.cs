using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SoraFunctions.Core.Provenance;

/// <summary>
/// A development chain for C2PA signing: a root made for one installation, and a certificate it issues for the
/// provenance key with the C2PA signer profile (digital signature only, the document-signing purpose, not a CA). The
/// root's key signs this one certificate and is then discarded, so the root vouches for nothing else. No one trusts it
/// but those told to: readers report such clips' credentials untrusted until the key's certificate comes from a CA on
/// the C2PA trust list.
/// </summary>
public static class DevelopmentCertificates
{
    /// <summary>The extended key usage C2PA asks of a signer: id-kp-documentSigning.</summary>
    public const string DocumentSigning = "1.3.6.1.5.5.7.3.36";

    public const string RootName = "CN=SoraFunctions development root (this installation only), O=SoraFunctions";

    public const string SignerName = "CN=SoraFunctions development signer, O=SoraFunctions";

    /// <summary>How long the chain lasts: as long as clips signed with it should keep verifying.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3650);

    /// <summary>The signer's certificate for <paramref name="key"/> and its root, as PEM, valid from <paramref name="now"/>.</summary>
    public static (string SignerPem, string RootPem) Issue(ECDsa key, DateTimeOffset now)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest(RootName, rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);

        var signerRequest = new CertificateRequest(SignerName, key, HashAlgorithmName.SHA256);
        signerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        signerRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        signerRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(DocumentSigning)], false));
        signerRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(signerRequest.PublicKey, false));
        signerRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var signer = signerRequest.Create(root, now.AddMinutes(-5), now + Lifetime - TimeSpan.FromDays(1), RandomNumberGenerator.GetBytes(16));
        return (signer.ExportCertificatePem(), root.ExportCertificatePem());
    }

    /// <summary>True when <paramref name="signerPem"/> is a certificate for <paramref name="key"/> that is valid at <paramref name="now"/>.</summary>
    public static bool Certifies(string signerPem, ECDsa key, DateTimeOffset now)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(signerPem);
            using var certified = certificate.GetECDsaPublicKey();
            return certified is not null && now >= certificate.NotBefore && now < certificate.NotAfter
                && certified.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
