using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
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

    [Fact]
    public async Task Posts_and_members_from_before_search_are_indexed_when_the_database_is_next_opened()
    {
        var data = new DataFolder(folder);
        var videos = new SqliteVideoStore(data);
        var members = new SqliteMemberStore(data);
        var mia = Member.Join(Member.NewId(), "mia_chen", new DateOnly(2000, 1, 1), MemberRole.Member, null, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await members.TryJoinAsync(mia, null, [], []);
        await videos.TryCreateAsync(Video.Queue("video_old", mia.Id, new VideoSpec("A kite over a beach", "sora-2", 4, 720, 1280, 7), DateTimeOffset.UnixEpoch), []);
        var video = (await videos.GetAsync("video_old"))!;
        video.MarkCompleted(new("m", "p", "v", "s", "j"), [], DateTimeOffset.UnixEpoch);
        video.Post("#windy day", DateTimeOffset.UnixEpoch.AddMinutes(1));
        await videos.SaveAsync(video, []);
        using (var connection = new SqliteConnection($"Data Source={data.MetadataDatabase}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The database a version from before search left, once its schema step has run: the search tables empty,
            // their backfill pending.
            command.CommandText = $"""
                DROP TABLE post_search; DROP TABLE post_search_rows; DROP TABLE post_tags; DROP TABLE member_search; DROP TABLE member_search_rows;
                {SqliteSearch.Migration}
                """;
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var reopened = new SqliteVideoStore(data);

        Assert.Equal(["video_old"], (await reopened.SearchPostedAsync(PostQuery.Parse("kite #windy"), 10)).Select(v => v.Id));
        Assert.Equal([new TagCount("windy", 1)], await reopened.ListTrendingTagsAsync(DateTimeOffset.UnixEpoch, 10));
        Assert.Equal([mia.Id], (await new SqliteMemberStore(data).SearchAsync(MemberQuery.Parse("chen"), 10)).Select(m => m.Id));
    }

    protected override Task<(IVideoStore Videos, IOutbox Outbox)> OpenAsync()
    {
        var store = new SqliteVideoStore(new DataFolder(folder));
        return Task.FromResult<(IVideoStore, IOutbox)>((store, store));
    }
}
