using Azure;
using Azure.Identity;

namespace SoraFunctions.Azure.Safety;

/// <summary>
/// Where Azure AI Content Safety is (<c>Sora:ContentSafety</c>): with an endpoint set, it analyzes instead of the local
/// rules. A key authenticates with the resource key; without one, Microsoft Entra ID (managed identity, workload
/// identity, Azure CLI… through DefaultAzureCredential).
/// </summary>
public sealed class ContentSafetyOptions
{
    public const string Section = "Sora:ContentSafety";

    public Uri? Endpoint { get; set; }

    public string? Key { get; set; }

    /// <summary>Blocklists kept in the Content Safety resource, matched by every text analysis.</summary>
    public List<string> BlocklistNames { get; set; } = [];

    public ContentSafetyClient CreateClient(Uri endpoint) =>
        string.IsNullOrEmpty(Key)
            ? new ContentSafetyClient(endpoint, new DefaultAzureCredential())
            : new ContentSafetyClient(endpoint, new AzureKeyCredential(Key));
}
