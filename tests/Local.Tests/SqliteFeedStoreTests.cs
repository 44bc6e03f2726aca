using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Social;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteFeedStoreTests : FeedStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-feeds-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override Task<IFeedStore> OpenAsync() => Task.FromResult<IFeedStore>(new SqliteFeedStore(new DataFolder(folder)));

    [Fact]
    public async Task A_full_feed_stays_exactly_at_its_capacity()
    {
        var feeds = await OpenAsync();
        var start = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < IFeedStore.Capacity + 10; i++)
        {
            await feeds.AddAsync(["member_b"], new FeedItem($"video_{i:D4}", "member_a", "a", start.AddSeconds(i), "", 4, "720x1280", null));
        }

        Assert.Equal(IFeedStore.Capacity, (await feeds.PageAsync("member_b", IFeedStore.Capacity + 10)).Count);
    }
}
