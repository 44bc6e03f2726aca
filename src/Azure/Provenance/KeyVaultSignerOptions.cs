using Azure.Identity;

namespace SoraFunctions.Azure.Provenance;

/// <summary>The Key Vault certificate whose key signs provenance manifests and Content Credentials (<c>Sora:Provenance</c>).</summary>
public sealed class KeyVaultSignerOptions
{
    public const string Section = "Sora:Provenance";

    /// <summary>The vault, e.g. <c>https://myvault.vault.azure.net</c>.</summary>
    public Uri? VaultUri { get; set; }

    /// <summary>
    /// A certificate whose key is EC P-256 with the sign operation allowed, and whose certificate has the C2PA signer
    /// profile (digital signature, the document-signing purpose, not a CA).
    /// </summary>
    public string KeyName { get; set; } = "provenance";

    /// <summary>PEM: the certificates between the key's and its root, as a CA issued them (Key Vault keeps only the key's own).</summary>
    public string CertificateChain { get; set; } = "";

    /// <summary>
    /// PEM: the root the chain leads to, when it is this installation's own (the deployment's development root); empty
    /// when it is a root on the C2PA trust list, which readers know already.
    /// </summary>
    public string TrustAnchors { get; set; } = "";

    public string ApiVersion { get; set; } = "7.4";

    /// <summary>How long the key's current version is used before asking the vault again: a rotation takes effect within it.</summary>
    public TimeSpan CurrentVersionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The vault's signer, signing in with Microsoft Entra ID; null without a vault (the data folder's key signs).</summary>
    public KeyVaultSigner? CreateSigner() => VaultUri is null ? null : new KeyVaultSigner(this, new DefaultAzureCredential());
}
