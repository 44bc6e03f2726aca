using System.Text.Json;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Tests.Shared;

/// <summary>
/// What every video store promises (the embedded SQLite store and the Cosmos DB adapter run the same tests): records,
/// their versions, pages, and the outbox their saves fill.
/// </summary>
public abstract class VideoStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An empty store that also is the outbox of its saves.</summary>
    protected abstract Task<(IVideoStore Videos, IOutbox Outbox)> OpenAsync();

    [Fact]
    public async Task A_video_s_remixes_are_listed_until_removed_and_keep_their_lineage_and_label()
    {
        var (videos, _) = await OpenAsync();
        var original = Queue("video_original", Start);
        await videos.TryCreateAsync(original, []);
        var remix = Video.Queue("video_remix", "member_bob", original.Spec.Remix("at night", null), Start, remixOf: RemixLineage.Of(original, "owner"));
        await videos.TryCreateAsync(remix, []);
        var deeper = Video.Queue("video_deeper", "member_cid", remix.Spec.Remix("in the snow", null), Start, remixOf: RemixLineage.Of(remix, "bob"));
        await videos.TryCreateAsync(deeper, []);
        await videos.TryCreateAsync(Video.Queue("video_gone", "member_cid", original.Spec.Remix("at dawn", null), Start, remixOf: RemixLineage.Of(original, "owner")), []);
        var gone = (await videos.GetAsync("video_gone"))!;
        gone.Remove("deleted by its owner", Start);
        await videos.SaveAsync(gone, []);

        var labelled = (await videos.GetAsync("video_remix"))!;
        Assert.True(labelled.MarkRemixedVideoRemoved());
        await videos.SaveAsync(labelled, []);
        var read = (await videos.GetAsync("video_deeper"))!;

        Assert.Equal(["video_remix"], (await videos.ListRemixesAsync("video_original")).Select(v => v.Id));
        Assert.Equal(["video_deeper"], (await videos.ListRemixesAsync("video_remix")).Select(v => v.Id));
        Assert.Empty(await videos.ListRemixesAsync("video_deeper"));
        Assert.Equal(new RemixLineage("video_remix", "member_bob", "bob", "video_original", 2), read.RemixOf);
        Assert.Equal([original.Spec.Prompt, "at night", "in the snow"], read.Spec.Prompts);
        Assert.Equal(("Remix of a removed video", false), ((await videos.GetAsync("video_remix"))!.RemixCredit, (await videos.GetAsync("video_remix"))!.MarkRemixedVideoRemoved()));
    }

    [Fact]
    public async Task A_video_that_casts_cameos_is_listed_by_each_until_removed_and_its_creation_queues_its_events()
    {
        var (videos, outbox) = await OpenAsync();
        CameoCast ann = new("cameo_ann", "member_ann", "ann"), bob = new("cameo_bob", "member_bob", "bob");
        var both = Video.Queue("video_both", "member_owner", new VideoSpec("@ann and @bob dance", "sora-2", 4, 720, 1280, 1), Start, [ann, bob]);
        var used = CameoEvents.Used(ann, both.Id, Start);
        await videos.TryCreateAsync(both, [used]);
        await videos.TryCreateAsync(Video.Queue("video_ann", "member_owner", new VideoSpec("@ann waves", "sora-2", 4, 720, 1280, 1), Start, [ann]), []);
        await videos.TryCreateAsync(Queue("video_nobody", Start), []);

        var annBefore = (await videos.ListByCameoAsync("cameo_ann", 10)).Select(v => v.Id).Order().ToList();
        var removed = (await videos.GetAsync("video_both"))!;
        removed.Remove("taken down", Start, CameoCodes.TakenDown);
        await videos.SaveAsync(removed, []);

        Assert.Equal(["video_ann", "video_both"], annBefore);
        Assert.Equal(["video_ann"], (await videos.ListByCameoAsync("cameo_ann", 10)).Select(v => v.Id));
        Assert.Empty(await videos.ListByCameoAsync("cameo_bob", 10));
        Assert.Single(await videos.ListByCameoAsync("cameo_ann", 1));
        Assert.Equal([ann, bob], (await videos.GetAsync("video_both"))!.Cameos);
        Assert.Equal(CameoCodes.TakenDown, (await videos.GetAsync("video_both"))!.TakedownCode);
        Assert.Equal([used.Id], (await outbox.PendingAsync(10)).Select(p => p.Event.Id));
    }

    [Fact]
    public async Task A_member_s_posts_page_by_posting_time_and_their_drafts_by_creation_each_without_the_other_removed_or_others()
    {
        var (videos, _) = await OpenAsync();
        async Task PostAsync(string id, DateTimeOffset at, string owner = Owner)
        {
            await videos.TryCreateAsync(Queue(id, Start, owner), []);
            var video = (await videos.GetAsync(id))!;
            video.MarkCompleted(Assets(id), [], Start);
            video.Post($"caption of {id}", at);
            await videos.SaveAsync(video, []);
        }

        for (var i = 0; i < 5; i++)
        {
            await PostAsync($"video_post_{i}", Start.AddMinutes(10 - i)); // the first made is the last posted
        }

        await PostAsync("video_theirs", Start.AddMinutes(20), "member_other");
        await videos.TryCreateAsync(Queue("video_draft", Start.AddMinutes(30)), []);
        var unposted = (await videos.GetAsync("video_post_1"))!;
        unposted.Unpost();
        await videos.SaveAsync(unposted, []);
        var removed = (await videos.GetAsync("video_post_2"))!;
        removed.Remove("deleted by its owner", Start);
        await videos.SaveAsync(removed, []);

        var first = await videos.ListPostedAsync(Owner, 2);
        var second = await videos.ListPostedAsync(Owner, 2, first[^1].Id);

        Assert.Equal(["video_post_0", "video_post_3"], first.Select(v => v.Id));
        Assert.Equal(["video_post_4"], second.Select(v => v.Id));
        Assert.Equal("caption of video_post_0", first[0].Caption);
        Assert.Empty(await videos.ListPostedAsync(Owner, 2, "video_draft"));

        var newestDraft = await videos.ListAsync(Owner, 1, draftsOnly: true);
        Assert.Equal(["video_draft"], newestDraft.Select(v => v.Id));
        Assert.Equal(["video_post_1"], (await videos.ListAsync(Owner, 5, newestDraft[^1].Id, draftsOnly: true)).Select(v => v.Id));
    }

    [Fact]
    public async Task Posts_are_found_by_every_word_and_hashtag_newest_first_a_page_at_a_time_and_only_while_posted()
    {
        var (videos, _) = await OpenAsync();
        async Task PostAsync(string id, string caption, string prompt, DateTimeOffset at, string owner = Owner)
        {
            await videos.TryCreateAsync(Video.Queue(id, owner, new VideoSpec(prompt, "sora-2", 4, 720, 1280, 7), Start), []);
            var video = (await videos.GetAsync(id))!;
            video.MarkCompleted(Assets(id), [], Start);
            video.Post(caption, at);
            await videos.SaveAsync(video, []);
        }

        await PostAsync("video_club", "Late set at the club #Jazz #nightlife", "A jazz band in a dimly lit club", Start.AddMinutes(1));
        await PostAsync("video_cafe", "Crème brûlée time", "A café terrace, jazz on the radio", Start.AddMinutes(2), "member_other");
        await PostAsync("video_street", "#jazz on the street", "Buskers at dusk", Start.AddMinutes(3));
        await PostAsync("video_same_moment", "#jazz again", "Buskers at dawn", Start.AddMinutes(3));
        await PostAsync("video_gone", "#jazz forever", "A saxophone", Start.AddMinutes(4));
        await videos.TryCreateAsync(Video.Queue("video_draft", Owner, new VideoSpec("jazz draft", "sora-2", 4, 720, 1280, 7), Start), []);
        var gone = (await videos.GetAsync("video_gone"))!;
        gone.Remove("deleted by its owner", Start.AddMinutes(5));
        await videos.SaveAsync(gone, []);

        async Task<string[]> FindAsync(string text, int limit = 10, string? after = null) =>
            [.. (await videos.SearchPostedAsync(PostQuery.Parse(text), limit, after)).Select(video => video.Id)];

        var words = await FindAsync("JAZZ");
        Assert.Equal(4, words.Length);
        Assert.Equal(["video_cafe", "video_club"], words[2..]); // the two posted at the same moment come first, in either order
        Assert.Equal(["video_club", "video_same_moment", "video_street"], (await FindAsync("#jazz")).Order(StringComparer.Ordinal));
        Assert.Equal(["video_cafe"], await FindAsync("creme cafe"));
        Assert.Equal(["video_club"], await FindAsync("#nightlife dimly"));
        Assert.Empty(await FindAsync("#cafe"));
        Assert.Empty(await FindAsync("draft"));

        var first = await FindAsync("#jazz", 2);
        var second = await FindAsync("#jazz", 2, first[^1]);
        Assert.Equal(["video_club"], second);
        Assert.Equal(3, first.Concat(second).Distinct().Count());

        var unposted = (await videos.GetAsync("video_club"))!;
        unposted.Unpost();
        await videos.SaveAsync(unposted, []);
        Assert.Empty(await FindAsync("nightlife"));
        Assert.Empty(await FindAsync("#jazz", 2, "video_club")); // a page after a post no longer there is empty, not the first again

        var trending = await videos.ListTrendingTagsAsync(Start.AddMinutes(2), 10);
        Assert.Equal([new TagCount("jazz", 2)], trending);
        Assert.Equal([new TagCount("jazz", 2)], await videos.ListTrendingTagsAsync(Start, 1));
    }

    [Fact]
    public async Task A_record_is_created_once_and_read_back_whole()
    {
        var (videos, _) = await OpenAsync();
        var video = Queue("video_a", Start);

        Assert.True(await videos.TryCreateAsync(video, []));
        Assert.False(await videos.TryCreateAsync(Queue("video_a", Start.AddHours(1)), []));
        var read = await videos.GetAsync("video_a");

        Assert.NotNull(read);
        Assert.Equal((video.Spec, VideoStatus.Queued, Start), (read.Spec, read.Status, read.CreatedAt));
        Assert.NotNull(read.Version);
        Assert.Null(await videos.GetAsync("video_missing"));
    }

    [Fact]
    public async Task A_save_from_a_stale_read_is_refused_and_changes_nothing()
    {
        var (videos, outbox) = await OpenAsync();
        await videos.TryCreateAsync(Queue("video_b", Start), []);
        var first = (await videos.GetAsync("video_b"))!;
        var second = (await videos.GetAsync("video_b"))!;

        first.MarkFailed(new VideoError("GENERATION.WORKER_CRASHED", "crashed"), Start.AddMinutes(1));
        await videos.SaveAsync(first, []);
        second.MarkCompleted(Assets("video_b"), [], Start.AddMinutes(2));

        await Assert.ThrowsAsync<VersionConflictException>(() => videos.SaveAsync(second, [Published("video_b")]));
        var stored = (await videos.GetAsync("video_b"))!;
        Assert.Equal(VideoStatus.Failed, stored.Status);
        Assert.Empty(await outbox.PendingAsync(10));
        Assert.Equal(first.Version, stored.Version);
    }

    [Fact]
    public async Task Saved_events_wait_in_the_outbox_until_marked_delivered()
    {
        var (videos, outbox) = await OpenAsync();
        foreach (var id in new[] { "video_c", "video_d" })
        {
            await videos.TryCreateAsync(Queue(id, Start), []);
            var video = (await videos.GetAsync(id))!;
            video.MarkCompleted(Assets(id), [], Start.AddMinutes(1));
            await videos.SaveAsync(video, [Published(id)]);
        }

        var pending = await outbox.PendingAsync(10);
        Assert.Equal(["video_c", "video_d"], pending.Select(p => p.Event.Subject).Order());
        Assert.Single(await outbox.PendingAsync(1));

        await outbox.MarkDeliveredAsync([pending.Single(p => p.Event.Subject == "video_c").Key]);
        Assert.Equal("video_d", Assert.Single(await outbox.PendingAsync(10)).Event.Subject);
        Assert.Equal(VideoStatus.Completed, (await videos.GetAsync("video_c"))!.Status);
    }

    [Fact]
    public async Task An_owners_pages_run_newest_first_continue_after_the_last_id_and_hold_only_theirs()
    {
        var (videos, _) = await OpenAsync();
        for (var i = 0; i < 25; i++)
        {
            // Two at each instant: ties are ordered by id; another member's records are interleaved.
            await videos.TryCreateAsync(Queue($"video_{i:00}", Start.AddSeconds(i / 2)), []);
            await videos.TryCreateAsync(Queue($"video_other_{i:00}", Start.AddSeconds(i / 2), "member_other"), []);
        }

        var seen = new List<string>();
        for (string? after = null; ;)
        {
            var page = await videos.ListAsync(Owner, 10, after);
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.Count <= 10);
            seen.AddRange(page.Select(v => v.Id));
            after = page[^1].Id;
        }

        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"video_{i:00}"), seen);
        // Oldest first, as asked, continuing after the cursor the same way.
        var oldest = await videos.ListAsync(Owner, 10, oldestFirst: true);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"video_{i:00}"), oldest.Select(v => v.Id));
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"video_{i:00}"), (await videos.ListAsync(Owner, 10, oldest[^1].Id, oldestFirst: true)).Select(v => v.Id));
        Assert.Empty(await videos.ListAsync(Owner, 10, "video_unknown"));
        Assert.Equal(25, (await videos.ListAsync("member_other", 100)).Count);
        Assert.Equal("member_other", (await videos.GetAsync("video_other_03"))!.OwnerId);
    }

    [Fact]
    public async Task An_owners_recent_records_are_those_made_since_a_time_and_those_unfinished()
    {
        var (videos, _) = await OpenAsync();
        await videos.TryCreateAsync(Queue("video_old_done", Start.AddDays(-3)), []);
        await videos.TryCreateAsync(Queue("video_old_running", Start.AddDays(-3)), []);
        await videos.TryCreateAsync(Queue("video_today", Start.AddHours(1)), []);
        await videos.TryCreateAsync(Queue("video_theirs", Start.AddHours(1), "member_other"), []);
        var done = (await videos.GetAsync("video_old_done"))!;
        done.MarkCompleted(Assets("video_old_done"), [], Start.AddDays(-3));
        await videos.SaveAsync(done, []);

        var recent = await videos.ListRecentAsync(Owner, Start);

        Assert.Equal(["video_old_running", "video_today"], recent.Select(v => v.Id).Order());
    }

    [Fact]
    public async Task Unfinished_records_are_listed_oldest_first()
    {
        var (videos, _) = await OpenAsync();
        await videos.TryCreateAsync(Queue("video_new", Start.AddMinutes(2)), []);
        await videos.TryCreateAsync(Queue("video_old", Start), []);
        await videos.TryCreateAsync(Queue("video_done", Start.AddMinutes(1)), []);
        var done = (await videos.GetAsync("video_done"))!;
        done.MarkFailed(new VideoError("SAFETY.INPUT.TEXT.VIOLENCE", "blocked"), Start.AddMinutes(3));
        await videos.SaveAsync(done, []);

        Assert.Equal(["video_old", "video_new"], (await videos.ListUnfinishedAsync()).Select(v => v.Id));
    }

    private const string Owner = "member_owner";

    [Fact]
    public async Task Videos_moderation_took_down_are_listed_by_owner_and_by_cameo_until_removed_for_good()
    {
        var (videos, _) = await OpenAsync();
        CameoCast ann = new("cameo_ann", "member_ann", "ann");
        var held = Video.Queue("video_held", Owner, new VideoSpec("@ann waves", "sora-2", 4, 720, 1280, 1), Start, [ann]);
        await videos.TryCreateAsync(held, []);
        await videos.TryCreateAsync(Queue("video_deleted", Start), []);
        await videos.TryCreateAsync(Queue("video_live", Start), []);
        foreach (var (id, code) in new[] { ("video_held", (string?)Core.Social.ModerationCodes.Removed), ("video_deleted", null) })
        {
            var video = (await videos.GetAsync(id))!;
            video.Remove("taken down", Start, code);
            await videos.SaveAsync(video, []);
        }

        Assert.Equal(["video_held"], (await videos.ListRestorableAsync(Owner, null, 10)).Select(v => v.Id));
        Assert.Equal(["video_held"], (await videos.ListRestorableAsync(null, "cameo_ann", 10)).Select(v => v.Id));
        Assert.Empty(await videos.ListRestorableAsync("member_other", null, 10));

        var forGood = (await videos.GetAsync("video_held"))!;
        Assert.True(forGood.Remove("removed when its account was deleted", Start.AddMinutes(1)));
        await videos.SaveAsync(forGood, []);

        Assert.Empty(await videos.ListRestorableAsync(Owner, null, 10));
        Assert.Empty(await videos.ListRestorableAsync(null, "cameo_ann", 10));
        Assert.False((await videos.GetAsync("video_held"))!.Restore());
    }

    [Fact]
    public async Task Videos_created_at_once_under_an_admission_are_admitted_one_at_a_time()
    {
        var (videos, _) = await OpenAsync();
        var admission = new VideoAdmission(Start.AddDays(-1), (recent, starting) =>
        {
            if (recent.Count + starting >= 3)
            {
                throw new InvalidOperationException("full");
            }
        });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            try
            {
                return await videos.TryCreateAsync(Queue($"video_admitted_{i}", Start), [], admission);
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        })));

        Assert.Equal(3, outcomes.Count(created => created));
        Assert.Equal(3, (await videos.ListAsync(Owner, 20)).Count);
        var admitted = $"video_admitted_{Array.IndexOf(outcomes, true)}";
        Assert.False(await videos.TryCreateAsync(Queue(admitted, Start), [], admission)); // there already: not asked again
    }

    private static Video Queue(string id, DateTimeOffset at, string owner = Owner) =>
        Video.Queue(id, owner, new VideoSpec("A kite over a beach at noon", "sora-2", 4, 720, 1280, 7), at);

    private static VideoAssets Assets(string id) =>
        new($"videos/{id}/master.mp4", $"videos/{id}/poster.jpg", $"videos/{id}/preview.mp4", $"videos/{id}/spritesheet.jpg", $"videos/{id}/manifest.json");

    private static CloudEvent Published(string id) =>
        new(Guid.NewGuid().ToString(), EventTypes.Source, EventTypes.VideoPublished, id, Start, JsonSerializer.SerializeToElement(new { videoId = id }));
}
