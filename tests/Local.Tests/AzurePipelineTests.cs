using Azure.Storage.Blobs;
using SoraFunctions.Emulators;
using SoraFunctions.Media;

namespace SoraFunctions.Local.Tests;

/// <summary>The whole pipeline with its clips on Blob Storage (Azurite on this machine) instead of local files.</summary>
public sealed class BlobPipelineTests : DataFolderTest
{
    [Fact]
    public async Task Generate_publishes_into_blob_storage_and_edit_reads_the_clip_back_from_it()
    {
        await using var azurite = await Azurite.StartBlobAsync();
        var environment = new Dictionary<string, string> { ["Sora__ClipStore__ConnectionString"] = azurite.ConnectionString };

        using var generate = StartSoraProcess(redirectOutput: true, environment,
            "generate", "A sailboat crosses a calm bay at dawn, gulls cry", "--seconds", "4", "--size", "1280x720");
        var printed = await generate.StandardOutput.ReadToEndAsync();
        await generate.WaitForExitAsync();
        var video = Assert.Single(await ListAsync());
        using var edit = StartSoraProcess(redirectOutput: true, environment,
            "edit", video.Video.Id, "--trim", "1:3", "--out", Path.Combine(Data, "cut.mp4"));
        await edit.StandardOutput.ReadToEndAsync();
        await edit.WaitForExitAsync();

        Assert.Equal(0, generate.ExitCode);
        var blobs = new BlobContainerClient(azurite.ConnectionString, "clips").GetBlobsAsync().ToBlockingEnumerable().Select(b => b.Name).ToList();
        var assets = video.Video.Assets!;
        Assert.Subset(blobs.ToHashSet(), new[] { assets.Master, assets.Preview, assets.Poster, assets.Spritesheet, assets.Manifest }.ToHashSet());
        Assert.False(Directory.Exists(Path.Combine(Data, "clips")));
        Assert.Contains($"file   http://127.0.0.1:{azurite.BlobPort}/", printed);
        Assert.Equal(0, edit.ExitCode);
        Assert.Equal(48, (await MediaProbe.ProbeAsync(Path.Combine(Data, "cut.mp4"))).Video!.Frames);
    }
}
