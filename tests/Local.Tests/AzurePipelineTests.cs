using Azure.Storage.Blobs;
using SoraFunctions.Azure.Metadata;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Videos;
using SoraFunctions.Emulators;
using SoraFunctions.Media;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// The whole pipeline on the Azure adapters: clips on Blob Storage and records on Cosmos DB (Azurite and
/// cosmosdb-server on this machine) instead of local files and SQLite.
/// </summary>
public sealed class AzurePipelineTests : DataFolderTest
{
    [Fact]
    public async Task Generate_publishes_into_blob_storage_and_cosmos_db_and_edit_reads_the_clip_back()
    {
        await using var azurite = await Azurite.StartBlobAsync();
        await using var cosmos = await CosmosDbServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["Sora__ClipStore__ConnectionString"] = azurite.ConnectionString,
            ["Sora__Metadata__Endpoint"] = cosmos.Endpoint.ToString(),
            ["Sora__Metadata__Key"] = CosmosDbServer.Key,
            ["Sora__Metadata__CreateIfMissing"] = "true",
        };

        using var generate = StartSoraProcess(redirectOutput: true, environment,
            "generate", "A sailboat crosses a calm bay at dawn, gulls cry", "--seconds", "4", "--size", "1280x720");
        var printed = await generate.StandardOutput.ReadToEndAsync();
        await generate.WaitForExitAsync();
        var records = new CosmosVideoStore(new CosmosVideoStoreOptions { Key = CosmosDbServer.Key }.CreateClient(cosmos.Endpoint).GetContainer("sora", "videos"));
        var video = Assert.Single(await records.ListAsync(Member.LocalId, 10));
        using var edit = StartSoraProcess(redirectOutput: true, environment,
            "edit", video.Id, "--trim", "1:3", "--out", Path.Combine(Data, "cut.mp4"));
        await edit.StandardOutput.ReadToEndAsync();
        await edit.WaitForExitAsync();

        Assert.Equal(0, generate.ExitCode);
        var blobs = new BlobContainerClient(azurite.ConnectionString, "clips").GetBlobsAsync().ToBlockingEnumerable().Select(b => b.Name).ToList();
        var assets = video.Assets!;
        Assert.Subset(blobs.ToHashSet(), new[] { assets.Master, assets.Preview, assets.Poster, assets.Spritesheet, assets.Manifest }.ToHashSet());
        Assert.False(Directory.Exists(Path.Combine(Data, "clips")));
        Assert.False(File.Exists(Path.Combine(Data, "sora.db")));
        Assert.Equal(VideoStatus.Completed, video.Status);
        // The published event went through the record's outbox in Cosmos DB to the local event log.
        Assert.Contains(EventTypes.VideoPublished, await File.ReadAllTextAsync(Path.Combine(Data, "events.jsonl")));
        Assert.Empty(await records.PendingAsync(10));
        Assert.Contains($"file   http://127.0.0.1:{azurite.BlobPort}/", printed);
        Assert.Equal(0, edit.ExitCode);
        Assert.Equal(48, (await MediaProbe.ProbeAsync(Path.Combine(Data, "cut.mp4"))).Video!.Frames);
    }
}
