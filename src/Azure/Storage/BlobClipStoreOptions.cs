using Azure.Identity;
using Azure.Storage.Blobs;

namespace SoraFunctions.Azure.Storage;

/// <summary>
/// Where clips go on Blob Storage (<c>Sora:ClipStore</c>): a service URI signs in with Microsoft Entra ID (managed
/// identity in Azure), a connection string uses a shared key (emulators). Neither set: the local file store.
/// </summary>
public sealed class BlobClipStoreOptions
{
    public const string Section = "Sora:ClipStore";

    public Uri? ServiceUri { get; set; }

    public string? ConnectionString { get; set; }

    public string Container { get; set; } = "clips";

    public BlobContainerClient? CreateContainerClient() =>
        !string.IsNullOrEmpty(ConnectionString) ? new BlobContainerClient(ConnectionString, Container)
        : ServiceUri is { } uri ? new BlobServiceClient(uri, new DefaultAzureCredential()).GetBlobContainerClient(Container)
        : null;
}
