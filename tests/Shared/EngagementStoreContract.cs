using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Tests.Shared;

/// <summary>
/// What every engagement store promises (SQLite and Cosmos DB run the same tests): a like is a member's once and
/// queues its event once, a view counts once per viewer a day, counts follow, comments page oldest first by parent, and
/// a deleted comment keeps its place.
/// </summary>
public abstract class EngagementStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An empty store, and the outbox its changes fill.</summary>
    protected abstract Task<(IEngagementStore Engagement, IOutbox Outbox)> OpenAsync();

    [Fact]
    public async Task A_member_s_likes_page_latest_first_without_those_taken_back()
    {
        var (engagement, _) = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await engagement.SetLikeAsync($"video_{i}", "member_b", true, Start.AddMinutes(i), []);
        }

        await engagement.SetLikeAsync("video_same_time", "member_b", true, Start.AddMinutes(4), []);
        await engagement.SetLikeAsync("video_0", "member_c", true, Start.AddMinutes(9), []);
        await engagement.SetLikeAsync("video_2", "member_b", false, Start.AddMinutes(10), []);

        var first = await engagement.ListLikedAsync("member_b", 2);
        var rest = await engagement.ListLikedAsync("member_b", 10, first[^1]);

        Assert.Equal(["video_same_time", "video_4"], first); // liked at the same moment: by id, descending
        Assert.Equal(["video_3", "video_1", "video_0"], rest);
        Assert.Empty(await engagement.ListLikedAsync("member_b", 10, "video_2")); // a cursor no longer liked
        Assert.Empty(await engagement.ListLikedAsync("member_d", 10));
    }

    [Fact]
    public async Task A_like_counts_once_and_queues_its_event_once_and_an_unlike_of_nothing_changes_nothing()
    {
        var (engagement, outbox) = await OpenAsync();

        var first = await engagement.SetLikeAsync("video_a", "member_b", true, Start, [EngagementEvents.Liked("video_a", "member_a", "member_b", Start)]);
        var again = await engagement.SetLikeAsync("video_a", "member_b", true, Start, [EngagementEvents.Liked("video_a", "member_a", "member_b", Start)]);
        await engagement.SetLikeAsync("video_a", "member_c", true, Start, []);
        await engagement.SetLikeAsync("video_other", "member_b", true, Start, []);
        var unliked = await engagement.SetLikeAsync("video_a", "member_c", false, Start, []);
        var nothing = await engagement.SetLikeAsync("video_a", "member_d", false, Start, []);
        var relike = await engagement.SetLikeAsync("video_a", "member_c", true, Start.AddMinutes(1), []);

        Assert.Equal((true, false, true, false, true), (first, again, unliked, nothing, relike));
        Assert.Equal(new EngagementCounts(2, 0, 0, 0), await engagement.CountAsync("video_a"));
        Assert.True(await engagement.LikesAsync("video_a", "member_b"));
        Assert.False(await engagement.LikesAsync("video_a", "member_d"));
        Assert.Single(await outbox.PendingAsync(10), pending => pending.Event.Type == EventTypes.VideoLiked);
    }

    [Fact]
    public async Task Comments_page_oldest_first_by_parent_and_a_deleted_one_keeps_its_place_without_its_words()
    {
        var (engagement, outbox) = await OpenAsync();
        var top = new List<Comment>();
        for (var i = 0; i < 5; i++)
        {
            var comment = Comment.Write("video_a", $"member_{i}", null, $"comment {i}", Start.AddSeconds(i / 2)); // pairs share a time
            top.Add(comment);
            await engagement.AddCommentAsync(comment, i == 0 ? [EngagementEvents.Commented(comment, "member_owner")] : []);
        }

        var reply = Comment.Write("video_a", "member_9", top[0].Id, "a reply", Start.AddMinutes(1));
        await engagement.AddCommentAsync(reply, []);
        await engagement.AddCommentAsync(Comment.Write("video_other", "member_9", null, "elsewhere", Start), []);

        var first = await engagement.ListCommentsAsync("video_a", null, 3);
        var rest = await engagement.ListCommentsAsync("video_a", null, 3, first[^1].Id);
        var deleted = await engagement.DeleteCommentAsync("video_a", top[1].Id, Start.AddHours(1));
        var twice = await engagement.DeleteCommentAsync("video_a", top[1].Id, Start.AddHours(2));

        var expected = top.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();
        Assert.Equal(expected, first.Concat(rest).Select(c => c.Id));
        Assert.Equal([reply.Id], (await engagement.ListCommentsAsync("video_a", top[0].Id, 10)).Select(c => c.Id));
        Assert.Equal((true, false), (deleted, twice));
        var gone = (await engagement.GetCommentAsync("video_a", top[1].Id))!;
        Assert.Equal(("", Start.AddHours(1), top[1].AuthorId), (gone.Text, gone.DeletedAt, gone.AuthorId));
        Assert.Equal(top[2] with { }, await engagement.GetCommentAsync("video_a", top[2].Id));
        Assert.Null(await engagement.GetCommentAsync("video_other", top[2].Id));
        Assert.Equal(new EngagementCounts(0, 5, 0, 0), await engagement.CountAsync("video_a")); // six written, one deleted
        Assert.Single(await outbox.PendingAsync(10), pending => pending.Event.Type == EventTypes.CommentAdded);
    }

    [Fact]
    public async Task A_view_counts_once_per_viewer_a_day()
    {
        var (engagement, _) = await OpenAsync();
        var today = new DateOnly(2026, 11, 30);

        var first = await engagement.RecordViewAsync("video_a", "member_b", today);
        var again = await engagement.RecordViewAsync("video_a", "member_b", today);
        var tomorrow = await engagement.RecordViewAsync("video_a", "member_b", today.AddDays(1));
        await engagement.RecordViewAsync("video_a", "member_c", today);
        await engagement.RecordViewAsync("video_other", "member_b", today);

        Assert.Equal((true, false, true), (first, again, tomorrow));
        Assert.Equal(new EngagementCounts(0, 0, 3, 0), await engagement.CountAsync("video_a"));
    }

    [Fact]
    public async Task Remixes_count_once_each_until_unposted_and_many_videos_counts_come_in_one_call_and_a_reader_s_likes_and_views_in_another()
    {
        var (engagement, _) = await OpenAsync();
        var today = new DateOnly(2026, 11, 30);
        await engagement.SetRemixAsync("video_a", "video_r1", posted: true);
        await engagement.SetRemixAsync("video_a", "video_r1", posted: true);
        await engagement.SetRemixAsync("video_a", "video_r2", posted: true);
        await engagement.SetRemixAsync("video_a", "video_r2", posted: false);
        await engagement.SetLikeAsync("video_a", "member_b", true, Start, []);
        await engagement.SetLikeAsync("video_a", "member_c", true, Start, []);
        await engagement.SetLikeAsync("video_b", "member_c", true, Start, []);
        await engagement.RecordViewAsync("video_b", "member_b", today);
        await engagement.AddCommentAsync(Comment.Write("video_b", "member_c", null, "Nice", Start), []);

        await engagement.SetLikeAsync("video_b", "member_b", true, Start, []);
        await engagement.SetLikeAsync("video_b", "member_b", false, Start, []); // liked no longer
        var ids = new[] { "video_a", "video_b", "video_none" };

        var counts = await engagement.CountAllAsync(ids);
        var members = await engagement.MemberEngagementAsync(ids, "member_b");

        Assert.Equal(new EngagementCounts(2, 0, 0, 1), await engagement.CountAsync("video_a"));
        Assert.Equal([new EngagementCounts(2, 0, 0, 1), new EngagementCounts(1, 1, 1, 0), new EngagementCounts(0, 0, 0, 0)], ids.Select(id => counts[id]));
        Assert.Equal(["video_a"], members.Liked);
        Assert.Equal(["video_b"], members.Viewed);
        Assert.Empty((await engagement.MemberEngagementAsync(ids, "member_nobody")).Liked);
    }

    [Fact]
    public async Task A_share_is_found_by_its_video_and_secret_hash_only()
    {
        var (engagement, _) = await OpenAsync();
        var (share, token) = Share.Make("video_a", "member_b", Start);
        await engagement.AddShareAsync(share);
        var key = Share.Read(token)!.Value;

        Assert.Equal(share, await engagement.GetShareAsync(key.VideoId, key.SecretSha256));
        Assert.Null(await engagement.GetShareAsync("video_a", Share.Read("video_a.BBBBBBBBBBBBBBBBBBBBBB")!.Value.SecretSha256));
        await engagement.DeleteShareAsync(key.VideoId, key.SecretSha256);
        await engagement.DeleteShareAsync(key.VideoId, key.SecretSha256); // twice: nothing to delete
        Assert.Null(await engagement.GetShareAsync(key.VideoId, key.SecretSha256));
        Assert.Null(Share.Read("video_a"));
        Assert.DoesNotContain(token[(token.LastIndexOf('.') + 1)..], share.SecretSha256, StringComparison.Ordinal);
    }
}
