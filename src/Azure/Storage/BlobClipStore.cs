using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Azure.Storage;

/// <summary>
/// The clip store on Azure Blob Storage, one container, blob names as clip names. Uploads are create-only
/// (<c>If-None-Match: *</c>), so a name keeps its first content however many times a retried step stores it; files
/// stream up in 8 MiB blocks, four at a time, and download in ranged reads. Download links are SAS URLs: user
/// delegation SAS when the client signs in with Microsoft Entra ID, account-key SAS with a shared key (emulators).
/// </summary>
public sealed class BlobClipStore(BlobContainerClient container) : IClipStore
{
    private const int BlockBytes = 8 * 1024 * 1024;

    public async Task PutFileAsync(string name, string localPath, CancellationToken cancellation = default)
    {
        var blob = container.GetBlobClient(Check(name));
        try
        {
            await UploadAsync(blob, localPath, cancellation);
        }
        catch (RequestFailedException missing) when (missing.ErrorCode == "ContainerNotFound")
        {
            // Deployments create the container; an emulator starts empty.
            await container.CreateIfNotExistsAsync(cancellationToken: cancellation);
            await UploadAsync(blob, localPath, cancellation);
        }
    }

    private static async Task UploadAsync(BlobClient blob, string localPath, CancellationToken cancellation)
    {
        try
        {
            await blob.UploadAsync(localPath, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                TransferOptions = new global::Azure.Storage.StorageTransferOptions
                {
                    InitialTransferSize = BlockBytes,
                    MaximumTransferSize = BlockBytes,
                    MaximumConcurrency = 4,
                },
            }, cancellation);
        }
        catch (RequestFailedException exists) when (exists.Status is 409 or 412)
        {
            // Stored before (BlobAlreadyExists, or the condition failed on commit): the first content stays.
        }
    }

    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellation = default)
    {
        try
        {
            return await container.GetBlobClient(Check(name)).OpenReadAsync(
                new BlobOpenReadOptions(allowModifications: false) { BufferSize = BlockBytes }, cancellation);
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    public async Task<long?> GetLengthAsync(string name, CancellationToken cancellation = default)
    {
        try
        {
            return (await container.GetBlobClient(Check(name)).GetPropertiesAsync(cancellationToken: cancellation)).Value.ContentLength;
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    public Uri? DownloadOrigin { get; } = new(container.Uri.GetLeftPart(UriPartial.Authority));

    public async Task<Uri?> GetDownloadLinkAsync(string name, TimeSpan lifetime, CancellationToken cancellation = default)
    {
        var blob = container.GetBlobClient(Check(name));
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, DateTimeOffset.UtcNow.Add(lifetime))
        {
            BlobContainerName = container.Name,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = DateTimeOffset.UtcNow.AddMinutes(-5), // tolerate clock skew
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var service = container.GetParentBlobServiceClient();
        var key = await service.GetUserDelegationKeyAsync(sas.StartsOn, sas.ExpiresOn, cancellation);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, service.AccountName) }.ToUri();
    }

    public async Task DeleteFolderAsync(string folder, CancellationToken cancellation = default)
    {
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{Check(folder)}/", cancellation))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellation);
        }
    }

    /// <summary>Clip names are relative paths of plain segments.</summary>
    private static string Check(string name) =>
        name.Length is > 0 and <= 1024 && !name.StartsWith('/') && name.Split('/').All(s => s.Length > 0 && s != "." && s != "..")
            ? name
            : throw new ArgumentException($"'{name}' is not a clip name.", nameof(name));
}
