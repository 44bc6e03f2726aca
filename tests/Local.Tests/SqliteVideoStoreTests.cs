using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteVideoStoreTests : VideoStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-store-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_data_folder_from_before_versions_is_migrated_and_its_records_saved_again()
    {
        var data = new DataFolder(folder);
        using (var old = new SqliteConnection($"Data Source={data.MetadataDatabase}"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = """
                CREATE TABLE videos (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, finished INTEGER NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL, delivered_at INTEGER);
                PRAGMA user_version=1;
                """;
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO videos VALUES ('video_old', 0, 0, $doc)";
            // A record from before there were members: no owner.
            var doc = JsonSerializer.SerializeToNode(
                Video.Queue("video_old", "member_gone", new VideoSpec("A kite over a beach", "sora-2", 4, 720, 1280, 7), DateTimeOffset.UnixEpoch),
                new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();
            doc.Remove("ownerId");
            command.Parameters.AddWithValue("$doc", doc.ToJsonString());
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var store = new SqliteVideoStore(data);
        var video = (await store.GetAsync("video_old"))!;
        video.MarkFailed(new VideoError("GENERATION.WORKER_CRASHED", "crashed"), DateTimeOffset.UnixEpoch.AddMinutes(1));
        await store.SaveAsync(video, []);

        Assert.Equal(("2", VideoStatus.Failed), (video.Version, (await store.GetAsync("video_old"))!.Status));
        Assert.Equal(Member.LocalId, video.OwnerId);
        Assert.Equal("video_old", Assert.Single(await store.ListAsync(Member.LocalId, 10)).Id);
    }

    protected override Task<(IVideoStore Videos, IOutbox Outbox)> OpenAsync()
    {
        var store = new SqliteVideoStore(new DataFolder(folder));
        return Task.FromResult<(IVideoStore, IOutbox)>((store, store));
    }
}
