using Azure.Identity;

namespace SoraFunctions.Azure.Provenance;

/// <summary>The Key Vault key that signs provenance manifests (<c>Sora:Provenance</c>).</summary>
public sealed class KeyVaultSignerOptions
{
    public const string Section = "Sora:Provenance";

    /// <summary>The vault, e.g. <c>https://myvault.vault.azure.net</c>.</summary>
    public Uri? VaultUri { get; set; }

    /// <summary>An EC P-256 key with the sign operation allowed.</summary>
    public string KeyName { get; set; } = "provenance";

    public string ApiVersion { get; set; } = "7.4";

    /// <summary>How long the key's current version is used before asking the vault again: a rotation takes effect within it.</summary>
    public TimeSpan CurrentVersionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The vault's signer, signing in with Microsoft Entra ID; null without a vault (the data folder's key signs).</summary>
    public KeyVaultSigner? CreateSigner() => VaultUri is null ? null : new KeyVaultSigner(this, new DefaultAzureCredential());
}
