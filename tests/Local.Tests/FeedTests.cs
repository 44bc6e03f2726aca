using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SoraFunctions.Api;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Cli;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// The feeds over the embedded stores: posts recorded as the pipeline leaves them, their events delivered to the feed
/// handler as the outbox relay delivers them (each twice: delivery is at least once).
/// </summary>
public sealed class FeedTests : DataFolderTest
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-1);

    private IHost host = null!;
    private int minute;

    private T Service<T>() where T : notnull => host.Services.GetRequiredService<T>();

    private async Task<Dictionary<string, Member>> StartAsync(int pullFrom, params string[] usernames)
    {
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(Path.Combine(Data, LocalHost.SettingsFile), System.Text.Json.JsonSerializer.Serialize(new { Sora = new { Feeds = new { PullFrom = pullFrom, CandidatesKeptFor = "00:00:00" } } }));
        host = LocalHost.ForCommand(Data, runPipelines: false);
        var accounts = Service<Accounts>();
        var members = new Dictionary<string, Member>();
        foreach (var username in usernames)
        {
            var invite = (await accounts.MintInvitesAsync(await accounts.LocalMemberAsync(default), 1, default))[0];
            members[username] = await accounts.JoinAsync(invite.Code, username, "1990-04-01", "a long enough password", default);
        }

        return members;
    }

    /// <summary>A published clip of the member's (a remix of <paramref name="remixOf"/>), posted a minute after the one before, unless only a draft.</summary>
    private async Task<string> PostAsync(Member owner, string caption = "", Video? remixOf = null, bool draft = false)
    {
        var at = Start.AddMinutes(++minute);
        var id = Video.NewId();
        var lineage = remixOf is null ? null : RemixLineage.Of(remixOf, (await Service<IMemberStore>().GetAsync(remixOf.OwnerId))!.Username);
        var video = Video.Queue(id, owner.Id, new VideoSpec($"A clip of {owner.Username}", VideoCatalog.Sora2, 4, 720, 1280, minute), at, remixOf: lineage);
        video.MarkCompleted(new VideoAssets($"videos/{id}/master.mp4", "p", "v", "s", "m"), [], at);
        if (draft)
        {
            await Service<IVideoStore>().TryCreateAsync(video, []);
            return id;
        }

        video.Post(caption, at);
        await Service<IVideoStore>().TryCreateAsync(video, [CloudEvents.Create(EventTypes.VideoPosted, $"videos/{id}", new VideoPostedData(id, owner.Id, at), at)]);
        return id;
    }

    /// <summary>Hands every queued event to the feed handler, twice, and marks them delivered.</summary>
    private async Task DeliverAsync()
    {
        var fanOut = host.Services.GetServices<IEventHandler>().OfType<FeedFanOut>().Single();
        var outbox = Service<IOutbox>();
        var pending = await outbox.PendingAsync(1_000);
        foreach (var delivery in pending.Concat(pending))
        {
            await fanOut.HandleAsync(delivery.Event, default);
        }

        await outbox.MarkDeliveredAsync([.. pending.Select(p => p.Key)]);
    }

    private async Task<List<string>> FollowingAsync(Member member, int limit = 100) =>
        [.. (await Service<Feeds>().FollowingAsync(member, limit, null, default)).Items.Select(entry => entry.Item.VideoId)];

    [Fact]
    public async Task Following_holds_the_posts_of_those_followed_newest_first_without_the_muted_and_loses_them_on_unfollow_block_and_unpost()
    {
        var m = await StartAsync(pullFrom: 100, "ann", "bob", "cid", "dan");
        var relations = Service<Relations>();
        await relations.FollowAsync(m["bob"], "ann", default);
        await relations.FollowAsync(m["cid"], "ann", default);
        await relations.FollowAsync(m["bob"], "dan", default);
        await relations.MuteAsync(m["cid"], "ann", default);
        var first = await PostAsync(m["ann"], "first");
        var second = await PostAsync(m["dan"]);
        var third = await PostAsync(m["ann"]);
        await DeliverAsync();

        Assert.Equal([third, second, first], await FollowingAsync(m["bob"]));
        Assert.Empty(await FollowingAsync(m["cid"])); // muted
        var page = await Service<Feeds>().FollowingAsync(m["bob"], 2, null, default);
        var rest = await Service<Feeds>().FollowingAsync(m["bob"], 2, page.Next, default);
        Assert.Equal([third, second], page.Items.Select(e => e.Item.VideoId));
        Assert.Equal([first], rest.Items.Select(e => e.Item.VideoId));
        Assert.Null(rest.Next);
        Assert.Equal(("ann", "first", 4, "720x1280"), (rest.Items[0].Item.AuthorUsername, rest.Items[0].Item.Caption, rest.Items[0].Item.Seconds, rest.Items[0].Item.Size));

        await Service<Orchestrations.Pipeline.VideoService>().UnpostAsync(second, m["dan"]);
        await relations.UnfollowAsync(m["bob"], "ann", default);
        await DeliverAsync();
        Assert.Empty(await FollowingAsync(m["bob"]));

        await relations.FollowAsync(m["bob"], "ann", default); // a new follow brings the newest in
        await DeliverAsync();
        Assert.Equal([third, first], await FollowingAsync(m["bob"]));
        await relations.BlockAsync(m["ann"], "bob", default);
        await DeliverAsync();
        Assert.Empty(await FollowingAsync(m["bob"]));
    }

    [Fact]
    public async Task A_much_followed_author_is_merged_at_read_time_instead_of_fanned_out()
    {
        var m = await StartAsync(pullFrom: 2, "star", "ann", "bob", "cid");
        var relations = Service<Relations>();
        await relations.FollowAsync(m["ann"], "star", default);
        await relations.FollowAsync(m["bob"], "star", default);
        await relations.FollowAsync(m["ann"], "cid", default);
        var mine = await PostAsync(m["cid"]);
        var starred = await PostAsync(m["star"]);
        await DeliverAsync();

        Assert.Equal(["star"], (await Service<IFeedStore>().ListPulledAsync()).Select(id => m.Single(p => p.Value.Id == id).Key));
        Assert.DoesNotContain(await Service<IFeedStore>().PageAsync(m["bob"].Id, 10), item => item.VideoId == starred); // not written to his feed
        Assert.Equal([starred, mine], await FollowingAsync(m["ann"]));
        Assert.Equal([starred], await FollowingAsync(m["bob"]));
        Assert.Empty(await FollowingAsync(m["cid"]));
        await relations.MuteAsync(m["bob"], "star", default);
        Assert.Empty(await FollowingAsync(m["bob"]));
    }

    [Fact]
    public async Task For_you_ranks_others_posts_explains_them_leaves_out_the_seen_and_the_hidden_and_pages_without_repeats()
    {
        var m = await StartAsync(pullFrom: 100, "ann", "bob", "cid", "dan", "eve");
        var engagement = Service<IEngagementStore>();
        var relations = Service<Relations>();
        var posts = new List<string>();
        foreach (var author in new[] { "ann", "bob", "cid", "ann", "bob", "cid", "dan", "ann", "eve" })
        {
            posts.Add(await PostAsync(m[author]));
        }

        await engagement.SetLikeAsync(posts[0], m["bob"].Id, true, Start, []);
        await engagement.SetLikeAsync(posts[0], m["cid"].Id, true, Start, []);
        await relations.FollowAsync(m["eve"], "bob", default);
        await relations.BlockAsync(m["eve"], "dan", default);
        await engagement.RecordViewAsync(posts[2], m["eve"].Id, DateOnly.FromDateTime(DateTime.UtcNow));

        var seen = new List<string>();
        var creators = new List<string>();
        FeedCursor? cursor = null;
        do
        {
            var page = await Service<Feeds>().ForYouAsync(m["eve"], 2, cursor, default);
            seen.AddRange(page.Items.Select(entry => entry.Item.VideoId));
            creators.AddRange(page.Items.Select(entry => entry.Item.AuthorUsername));
            Assert.All(page.Items, entry => Assert.NotNull(entry.Parts));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(posts.Where((_, i) => i is not (2 or 6 or 8)).Order(), seen.Order()); // not seen, not blocked dan's, not her own
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(creators.Zip(creators.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        var explained = (await Service<Feeds>().ForYouAsync(m["eve"], 20, null, default)).Items.ToDictionary(e => e.Item.VideoId, e => e.Parts!);
        Assert.Equal((1.0, false), (explained[posts[1]].Affinity, explained[posts[1]].NewCreator)); // bob, followed
        Assert.True(explained[posts[0]].Engagement > 0);
    }

    [Fact]
    public async Task For_you_s_candidates_are_read_once_for_every_page_until_older_than_they_are_kept_for()
    {
        var m = await StartAsync(pullFrom: 100, "ann");
        var clock = new Clock(DateTimeOffset.UtcNow);
        var pool = new CandidatePool(
            Service<IVideoStore>(), Service<IEngagementStore>(), Options.Create(new FeedOptions { CandidatesKeptFor = TimeSpan.FromMinutes(1) }), clock);
        var first = await PostAsync(m["ann"]);

        var read = await pool.GetAsync();
        var second = await PostAsync(m["ann"]);
        clock.Now += TimeSpan.FromSeconds(59);
        var kept = await pool.GetAsync();
        clock.Now += TimeSpan.FromSeconds(1);
        var again = await pool.GetAsync();

        Assert.Same(read, kept);
        Assert.Equal([first], read.Posts.Select(post => post.Id));
        Assert.Equal([second, first], again.Posts.Select(post => post.Id));
        Assert.Equal(new EngagementCounts(0, 0, 0, 0), again.Counts[second]);
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_post_lists_its_posted_remixes_newest_first_each_linking_back_none_by_a_muted_or_blocking_creator()
    {
        var m = await StartAsync(pullFrom: 100, "ann", "bob", "cid", "dan", "eve");
        var original = (await Service<IVideoStore>().GetAsync(await PostAsync(m["ann"], "original")))!;
        var bobs = await PostAsync(m["bob"], "bob's take", original);
        var cids = await PostAsync(m["cid"], "cid's take", original);
        await PostAsync(m["dan"], "dan's draft", original, draft: true);
        var eves = await PostAsync(m["eve"], "eve's take", original);
        await Service<Relations>().MuteAsync(m["ann"], "cid", default);
        await Service<Relations>().BlockAsync(m["eve"], "ann", default);

        var remixes = await Service<Feeds>().RemixesAsync(m["ann"], original.Id, default);
        var forDan = await Service<Feeds>().RemixesAsync(m["dan"], original.Id, default);

        Assert.Equal([bobs], remixes.Select(item => item.VideoId));
        Assert.Equal([eves, cids, bobs], forDan.Select(item => item.VideoId));
        Assert.All(forDan, item => Assert.Equal((original.Id, "Remix of @ann"), (item.RemixOf, item.RemixCredit)));
        var hidden = await Assert.ThrowsAsync<RequestRejectedException>(() => Service<Feeds>().RemixesAsync(m["eve"], original.Id, default));
        Assert.Equal(ErrorCodes.VideoNotFound, hidden.Error.Code);
    }

    public override void Dispose()
    {
        host?.Dispose();
        base.Dispose();
    }
}
