using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Tests.Shared;

/// <summary>
/// What every relation store promises (SQLite and Cosmos DB run the same tests): a change happens once (a repeat changes
/// and queues nothing), relationships read both ways, pages run newest first, and counts follow.
/// </summary>
public abstract class RelationStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An empty store, and the outbox its changes fill.</summary>
    protected abstract Task<(IRelationStore Relations, IOutbox Outbox)> OpenAsync();

    [Fact]
    public async Task A_follow_happens_once_reads_both_ways_and_queues_its_event_once()
    {
        var (relations, outbox) = await OpenAsync();
        var follow = new Relation("member_a", "member_b", RelationKind.Follow, Start);

        var first = await relations.ChangeAsync([follow], [], [RelationEvents.Followed("member_a", "member_b", Start)]);
        var again = await relations.ChangeAsync([follow], [], [RelationEvents.Followed("member_a", "member_b", Start)]);
        await relations.ChangeAsync([new Relation("member_b", "member_a", RelationKind.Follow, Start)], [], []);
        await relations.ChangeAsync([new Relation("member_a", "member_b", RelationKind.Mute, Start)], [], []);

        Assert.Equal((true, false), (first, again));
        var fromA = await relations.BetweenAsync("member_a", "member_b");
        Assert.Equal((true, true, true, false, true), (fromA.Following, fromA.FollowedBy, fromA.Mutual, fromA.Hidden, fromA.Muting));
        Assert.False((await relations.BetweenAsync("member_b", "member_a")).Muting);
        Assert.Equal(Relationship.None, await relations.BetweenAsync("member_a", "member_c"));
        Assert.Single(await outbox.PendingAsync(10), pending => pending.Event.Type == EventTypes.MemberFollowed);
        Assert.Equal(new RelationCounts(1, 1), await relations.CountAsync("member_a"));
    }

    [Fact]
    public async Task A_block_that_ends_both_follows_is_one_change_and_an_unfollow_of_nothing_changes_nothing()
    {
        var (relations, _) = await OpenAsync();
        await relations.ChangeAsync(
            [new Relation("member_a", "member_b", RelationKind.Follow, Start), new Relation("member_b", "member_a", RelationKind.Follow, Start)], [], []);

        var blocked = await relations.ChangeAsync(
            [new Relation("member_a", "member_b", RelationKind.Block, Start)],
            [new Relation("member_a", "member_b", RelationKind.Follow, Start), new Relation("member_b", "member_a", RelationKind.Follow, Start)],
            [RelationEvents.Blocked("member_a", "member_b", Start)]);
        var nothing = await relations.ChangeAsync([], [new Relation("member_a", "member_b", RelationKind.Follow, Start)], []);

        Assert.Equal((true, false), (blocked, nothing));
        var fromB = await relations.BetweenAsync("member_b", "member_a");
        Assert.Equal((false, false, true, true), (fromB.Following, fromB.FollowedBy, fromB.BlockedBy, fromB.Hidden));
        Assert.Equal(new RelationCounts(0, 0), await relations.CountAsync("member_b"));
        Assert.Equal(["member_b"], (await relations.ListAsync("member_a", RelationKind.Block, incoming: false, 10)).Select(r => r.To));

        await relations.ChangeAsync([new Relation("member_a", "member_b", RelationKind.Follow, Start.AddMinutes(1))], [new Relation("member_a", "member_b", RelationKind.Block, Start)], []);
        Assert.Equal((true, false), ((await relations.BetweenAsync("member_a", "member_b")).Following, (await relations.BetweenAsync("member_a", "member_b")).Blocking));
    }

    [Fact]
    public async Task Followers_and_following_page_newest_first_after_the_last_member()
    {
        var (relations, _) = await OpenAsync();
        for (var i = 0; i < 25; i++)
        {
            // Two at each instant: ties are ordered by member id.
            await relations.ChangeAsync([new Relation($"member_{i:00}", "member_star", RelationKind.Follow, Start.AddSeconds(i / 2))], [], []);
        }

        var seen = new List<string>();
        for (string? after = null; ;)
        {
            var page = await relations.ListAsync("member_star", RelationKind.Follow, incoming: true, 10, after);
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.Count <= 10);
            seen.AddRange(page.Select(r => r.From));
            after = page[^1].From;
        }

        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"member_{i:00}"), seen);
        Assert.Equal(["member_star"], (await relations.ListAsync("member_07", RelationKind.Follow, incoming: false, 10)).Select(r => r.To));
        Assert.Equal(new RelationCounts(25, 0), await relations.CountAsync("member_star"));
        Assert.Empty(await relations.ListAsync("member_star", RelationKind.Follow, incoming: true, 10, "member_unknown"));
    }
}
