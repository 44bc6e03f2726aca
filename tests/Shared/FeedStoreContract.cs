using SoraFunctions.Core.Social;

namespace SoraFunctions.Tests.Shared;

/// <summary>What every Following feed store must do: fan-out written once, pages newest first, trims, removals, pulled authors.</summary>
public abstract class FeedStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IFeedStore> OpenAsync();

    private static FeedItem Post(string id, string author, int minute) =>
        new(id, author, author.Replace("member_", ""), Start.AddMinutes(minute), $"caption of {id}", 4, "720x1280", null);

    [Fact]
    public async Task A_post_goes_once_into_each_feed_and_pages_come_newest_first_after_their_cursor()
    {
        var feeds = await OpenAsync();
        await feeds.AddAsync(["member_b", "member_c"], Post("video_1", "member_a", 1));
        await feeds.AddAsync(["member_b", "member_c"], Post("video_1", "member_a", 1)); // redelivered
        await feeds.AddAsync(["member_b"], Post("video_2", "member_d", 2));
        await feeds.AddAsync(["member_b"], Post("video_3", "member_a", 2)); // the same moment as video_2

        var first = await feeds.PageAsync("member_b", 2);
        var second = await feeds.PageAsync("member_b", 2, first[^1].Cursor);

        Assert.Equal(["video_3", "video_2"], first.Select(item => item.VideoId));
        Assert.Equal(["video_1"], second.Select(item => item.VideoId));
        Assert.Equal(Post("video_1", "member_a", 1), second[0]);
        Assert.Equal(["video_1"], (await feeds.PageAsync("member_c", 10)).Select(item => item.VideoId));
        Assert.Empty(await feeds.PageAsync("member_a", 10));
    }

    [Fact]
    public async Task A_post_leaves_every_feed_and_an_author_leaves_one()
    {
        var feeds = await OpenAsync();
        await feeds.AddAsync(["member_b", "member_c"], Post("video_1", "member_a", 1));
        await feeds.AddAsync(["member_b", "member_c"], Post("video_2", "member_a", 2));
        await feeds.AddAsync(["member_b", "member_c"], Post("video_3", "member_d", 3));

        await feeds.RemoveVideoAsync("video_2");
        await feeds.RemoveAuthorAsync("member_b", "member_a");

        Assert.Equal(["video_3"], (await feeds.PageAsync("member_b", 10)).Select(item => item.VideoId));
        Assert.Equal(["video_3", "video_1"], (await feeds.PageAsync("member_c", 10)).Select(item => item.VideoId));
    }

    [Fact]
    public async Task A_feed_keeps_its_newest_posts_up_to_its_capacity()
    {
        var feeds = await OpenAsync();
        for (var minute = 0; minute < IFeedStore.Capacity + 40; minute++)
        {
            await feeds.AddAsync(["member_b"], Post($"video_{minute:D4}", "member_a", minute));
        }

        var kept = new List<FeedItem>();
        for (var page = await feeds.PageAsync("member_b", 100); page.Count > 0; page = await feeds.PageAsync("member_b", 100, page[^1].Cursor))
        {
            kept.AddRange(page);
        }

        Assert.InRange(kept.Count, IFeedStore.Capacity, IFeedStore.Capacity + 40 - 1);
        Assert.Equal($"video_{IFeedStore.Capacity + 39:D4}", kept[0].VideoId);
        Assert.Equal(kept.OrderByDescending(item => item.PostedAt).Select(item => item.VideoId), kept.Select(item => item.VideoId));
    }

    [Fact]
    public async Task Pulled_authors_are_listed_until_fanned_out_again()
    {
        var feeds = await OpenAsync();
        await feeds.SetPulledAsync("member_star", true);
        await feeds.SetPulledAsync("member_star", true);
        await feeds.SetPulledAsync("member_other", true);
        await feeds.SetPulledAsync("member_other", false);

        Assert.Equal(["member_star"], await feeds.ListPulledAsync());
    }
}
