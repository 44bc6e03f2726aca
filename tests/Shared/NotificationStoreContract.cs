using SoraFunctions.Core.Social;

namespace SoraFunctions.Tests.Shared;

/// <summary>What every notification store promises (SQLite and Cosmos DB run the same tests).</summary>
public abstract class NotificationStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<INotificationStore> OpenAsync();

    [Fact]
    public async Task Notifications_are_written_once_page_newest_first_and_are_read_up_to_a_moment()
    {
        var notifications = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            var notification = new Notification(Notification.IdFor($"event-{i}", "member_ann"), "member_ann", NotificationKind.Like, "member_bob", "video_1", null, Start.AddMinutes(i));
            await notifications.AddAsync(notification);
            await notifications.AddAsync(notification with { Kind = NotificationKind.Follow }); // a redelivered event
        }

        await notifications.AddAsync(new Notification(Notification.IdFor("event-x", "member_bob"), "member_bob", NotificationKind.Follow, "member_ann", null, null, Start));

        var first = await notifications.ListAsync("member_ann", 3);
        var rest = await notifications.ListAsync("member_ann", 3, first[^1].Id);
        var unread = await notifications.CountUnreadAsync("member_ann");
        await notifications.MarkReadAsync("member_ann", Start.AddMinutes(2));

        Assert.Equal([4, 3, 2, 1, 0], first.Concat(rest).Select(n => (int)(n.CreatedAt - Start).TotalMinutes));
        Assert.All(first, n => Assert.Equal((NotificationKind.Like, "member_bob", "video_1"), (n.Kind, n.ActorId, n.VideoId)));
        Assert.Equal(5, unread);
        Assert.Equal(2, await notifications.CountUnreadAsync("member_ann"));
        Assert.Equal([false, false, true, true, true], (await notifications.ListAsync("member_ann", 10)).Select(n => n.Read));
        Assert.Equal(1, await notifications.CountUnreadAsync("member_bob"));
    }
}
