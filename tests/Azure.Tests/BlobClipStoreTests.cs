using System.Net;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using SoraFunctions.Azure.Storage;
using SoraFunctions.Emulators;

namespace SoraFunctions.Azure.Tests;

public sealed class BlobClipStoreTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-blob-").FullName;
    private Azurite azurite = null!;
    private BlobClipStore store = null!;

    public async Task InitializeAsync()
    {
        azurite = await Azurite.StartBlobAsync();
        store = new BlobClipStore(new BlobContainerClient(azurite.ConnectionString, "clips"));
    }

    public async Task DisposeAsync()
    {
        await azurite.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private string FileWith(string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task A_name_keeps_its_first_content_and_missing_names_read_as_null()
    {
        await store.PutFileAsync("videos/v1/poster.jpg", FileWith("a", "first"u8.ToArray()));
        await store.PutFileAsync("videos/v1/poster.jpg", FileWith("b", "second"u8.ToArray()));

        await using var stored = await store.OpenReadAsync("videos/v1/poster.jpg");
        using var reader = new StreamReader(stored!);

        Assert.Equal("first", await reader.ReadToEndAsync());
        Assert.Null(await store.OpenReadAsync("videos/v1/nothing.jpg"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutFileAsync("../escape", FileWith("c", [1])));
    }

    [Fact]
    public async Task Deleting_a_folder_removes_what_is_under_it_and_nothing_beside()
    {
        foreach (var name in new[] { "work/v1/synced.mp4", "work/v1/edit/edited.mp4", "work/v10/synced.mp4" })
        {
            await store.PutFileAsync(name, FileWith(Path.GetFileName(name), "x"u8.ToArray()));
        }

        await store.DeleteFolderAsync("work/v1");
        await store.DeleteFolderAsync("work/missing");

        Assert.Null(await store.OpenReadAsync("work/v1/synced.mp4"));
        Assert.Null(await store.OpenReadAsync("work/v1/edit/edited.mp4"));
        Assert.NotNull(await store.OpenReadAsync("work/v10/synced.mp4"));
    }

    [Fact]
    public async Task Large_files_stream_up_in_blocks_and_read_back_whole()
    {
        var content = RandomNumberGenerator.GetBytes(20 * 1024 * 1024 + 123);
        await store.PutFileAsync("videos/v2/master.mp4", FileWith("big", content));

        await using var stored = await store.OpenReadAsync("videos/v2/master.mp4");
        using var copy = new MemoryStream();
        await stored!.CopyToAsync(copy);

        Assert.Equal(SHA256.HashData(content), SHA256.HashData(copy.ToArray()));
    }

    [Fact]
    public async Task A_download_link_reads_the_blob_until_it_expires()
    {
        await store.PutFileAsync("videos/v3/master.mp4", FileWith("clip", "moving pictures"u8.ToArray()));
        using var http = new HttpClient();

        var link = await store.GetDownloadLinkAsync("videos/v3/master.mp4", TimeSpan.FromMinutes(10));
        var expired = await store.GetDownloadLinkAsync("videos/v3/master.mp4", TimeSpan.FromMinutes(-1));

        Assert.Contains("sig=", link!.Query);
        Assert.Equal(new Uri(link.GetLeftPart(UriPartial.Authority)), store.DownloadOrigin); // what the web app's page allows media from
        Assert.Equal("moving pictures", await http.GetStringAsync(link));
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(expired)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(new Uri(link.GetLeftPart(UriPartial.Path)))).StatusCode);
    }
}
