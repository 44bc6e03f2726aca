using Microsoft.Extensions.Time.Testing;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Tests.Shared;

/// <summary>
/// The generators' lines, as the queue (<see cref="GenerationQueue"/>) keeps them in each store (SQLite and Cosmos DB
/// run the same tests): who gets a slot, in which order, and that a slot is never booked twice nor lost.
/// </summary>
public abstract class GenerationQueueContract
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly StandInLauncher launcher = new();

    protected abstract Task<IGenerationQueueStore> OpenAsync();

    private async Task<GenerationQueue> QueueAsync(int slots) =>
        new(await OpenAsync(), launcher, new GenerationPool("procedural", slots), clock);

    private Task<QueueChange> AskAsync(GenerationQueue queue, string video, string member, string model = VideoCatalog.Sora2, int attempt = 1) =>
        queue.EnqueueAsync(video, member, model, "720x1280", 4, attempt);

    /// <summary>Starts the holder's job and ends it after <paramref name="seconds"/>; who got the freed slot.</summary>
    private async Task<IReadOnlyList<string>> GenerateAsync(GenerationQueue queue, string video, double seconds = 10, bool rendered = true)
    {
        Assert.True(await queue.StartAsync(video, $"{video}-render"));
        clock.Advance(TimeSpan.FromSeconds(seconds));
        return (await queue.ReleaseAsync(video, $"{video}-render", rendered)).Granted;
    }

    [Fact]
    public async Task The_slots_go_to_the_first_in_line_and_each_freed_slot_to_the_next()
    {
        var queue = await QueueAsync(slots: 2);
        var first = await AskAsync(queue, "video_1", "member_a");
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await AskAsync(queue, "video_2", "member_b");
        clock.Advance(TimeSpan.FromSeconds(1));
        var third = await AskAsync(queue, "video_3", "member_c");
        var askedAgain = await AskAsync(queue, "video_3", "member_c");

        Assert.Equal(["video_1"], first.Granted);
        Assert.Equal(QueueState.Generating, first.Entry!.State);
        Assert.Equal(["video_2"], second.Granted);
        Assert.Equal((QueueState.Waiting, 0), (third.Entry!.State, third.Granted.Count));
        Assert.Equal(third.Entry.Turn, askedAgain.Entry!.Turn); // asking again keeps the place
        Assert.Equal(["video_3"], await GenerateAsync(queue, "video_1"));
        Assert.Empty(await GenerateAsync(queue, "video_2"));
    }

    [Fact]
    public async Task A_members_flood_is_interleaved_with_the_clips_of_others()
    {
        var queue = await QueueAsync(slots: 1);
        for (var i = 0; i < 4; i++)
        {
            await AskAsync(queue, $"video_flood_{i}", "member_flood");
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        await AskAsync(queue, "video_late", "member_late");
        var order = new List<string> { "video_flood_0" };
        while (order.Count < 5)
        {
            order.AddRange(await GenerateAsync(queue, order[^1], seconds: 1));
        }

        Assert.Equal(["video_flood_0", "video_late", "video_flood_1", "video_flood_2", "video_flood_3"], order);
    }

    [Fact]
    public async Task Pro_clips_go_a_little_ahead_of_standard_ones_but_not_past_one_that_waited_longer_than_the_head_start()
    {
        var queue = await QueueAsync(slots: 1);
        await AskAsync(queue, "video_holder", "member_holder");
        Assert.True(await queue.StartAsync("video_holder", "video_holder-render"));
        await AskAsync(queue, "video_standard", "member_a");
        clock.Advance(FairOrder.Pro.HeadStart / 2);
        await AskAsync(queue, "video_pro_soon", "member_b", VideoCatalog.Sora2Pro);
        clock.Advance(FairOrder.Pro.HeadStart * 2);
        await AskAsync(queue, "video_pro_late", "member_c", VideoCatalog.Sora2Pro);

        var order = new List<string> { "video_holder" };
        while (order.Count < 4)
        {
            order.AddRange(await GenerateAsync(queue, order[^1], seconds: 1));
        }

        Assert.Equal(["video_holder", "video_pro_soon", "video_standard", "video_pro_late"], order);
    }

    [Fact]
    public async Task Grants_decided_at_once_never_book_more_slots_than_there_are()
    {
        var store = await OpenAsync();
        for (var i = 0; i < 12; i++)
        {
            await store.AddAsync(new QueueEntry($"video_{i}", "procedural", $"member_{i}", VideoCatalog.Sora2, "720x1280", 4, clock.GetUtcNow(), clock.GetUtcNow().AddSeconds(i), 1, QueueState.Waiting));
        }

        var waiting = await store.WaitingAsync("procedural", 100);
        var now = clock.GetUtcNow();
        var granted = await Task.WhenAll(waiting.Select(entry => store.GrantAsync(entry with { State = QueueState.Generating, GrantedAt = now }, slots: 3)));
        var stale = await store.SaveAsync(waiting[0] with { Attempt = 2 }); // read before its grant

        Assert.Equal(12, waiting.Count);
        Assert.Equal([.. Enumerable.Range(0, 12).Select(i => $"video_{i}")], waiting.Select(entry => entry.VideoId)); // in turn order
        Assert.Equal(3, granted.Count(ok => ok));
        Assert.Equal(3, await store.HoldingAsync("procedural"));
        Assert.Empty(await store.DueAsync("procedural", clock.GetUtcNow().AddDays(1), 10)); // granted with no check set
        Assert.Equal(3, (await store.GeneratingAsync("procedural")).Count);
        Assert.Equal(!granted[0], stale);
    }

    [Fact]
    public async Task A_crashed_job_s_retry_keeps_its_turn_and_a_slot_its_pipeline_left_behind_is_taken_back()
    {
        var queue = await QueueAsync(slots: 1);
        await AskAsync(queue, "video_crash", "member_a");
        clock.Advance(TimeSpan.FromSeconds(1));
        await AskAsync(queue, "video_next", "member_b");
        Assert.Equal(["video_next"], await GenerateAsync(queue, "video_crash", rendered: false));
        clock.Advance(TimeSpan.FromSeconds(1));
        await AskAsync(queue, "video_third", "member_c");
        var retry = await AskAsync(queue, "video_crash", "member_a", attempt: 2);

        // The retry waits for the slot but is ahead of the clip asked for after it.
        Assert.Equal(QueueState.Waiting, retry.Entry!.State);
        Assert.Equal(["video_crash"], await GenerateAsync(queue, "video_next"));

        // Its pipeline stopped without freeing the slot: once due a check, a job no longer running frees it.
        Assert.True(await queue.StartAsync("video_crash", "video_crash-render-2"));
        launcher.Ended.Add("video_crash-render-2");
        clock.Advance(GenerationQueue.HolderCheckInterval - TimeSpan.FromSeconds(1));
        Assert.Empty((await AskAsync(queue, "video_third", "member_c")).Granted);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["video_third"], (await AskAsync(queue, "video_third", "member_c")).Granted);

        // A grant never used is taken back once its time is up: the next in line gets the slot, and the pipeline that
        // comes back late joins the line at its back.
        await AskAsync(queue, "video_fourth", "member_d");
        clock.Advance(TimeSpan.FromSeconds(1));
        await AskAsync(queue, "video_fifth", "member_e");
        await GenerateAsync(queue, "video_third", seconds: 1);
        clock.Advance(GenerationQueue.GrantTimeout + TimeSpan.FromSeconds(1));
        await AskAsync(queue, "video_sixth", "member_f");
        Assert.False(await queue.StartAsync("video_fourth", "video_fourth-render"));
        clock.Advance(TimeSpan.FromSeconds(1));
        var late = await AskAsync(queue, "video_fourth", "member_d");
        Assert.True(await queue.StartAsync("video_fifth", "video_fifth-render"));
        Assert.Equal(QueueState.Waiting, late.Entry!.State);
        Assert.True(late.Entry.Turn > (await AskAsync(queue, "video_sixth", "member_f")).Entry!.Turn);
    }

    [Fact]
    public async Task A_removed_clip_frees_its_slot_at_once_and_a_suspended_member_s_waiting_clips_leave_the_line()
    {
        var queue = await QueueAsync(slots: 1);
        await AskAsync(queue, "video_holder", "member_a");
        await AskAsync(queue, "video_waiting_1", "member_suspended");
        await AskAsync(queue, "video_waiting_2", "member_suspended");
        await AskAsync(queue, "video_other", "member_b");

        var removed = await queue.RemoveWaitingAsync("member_suspended");
        var freed = await queue.RemoveAsync("video_holder");

        Assert.Equal(["video_waiting_1", "video_waiting_2"], removed.Order());
        Assert.Equal(["video_other"], freed.Granted);
        Assert.Empty((await queue.RemoveAsync("video_holder")).Granted); // gone already
    }

    [Fact]
    public async Task Each_clip_is_told_its_place_and_when_it_should_be_ready_from_the_clips_measured_before_it()
    {
        var queue = await QueueAsync(slots: 1);
        await AskAsync(queue, "video_measured", "member_a");
        await GenerateAsync(queue, "video_measured", seconds: 8);
        await queue.FinishAsync("video_measured", clock.GetUtcNow().AddSeconds(4));
        clock.Advance(TimeSpan.FromSeconds(4));
        await AskAsync(queue, "video_1", "member_a");
        Assert.True(await queue.StartAsync("video_1", "video_1-render"));
        await AskAsync(queue, "video_2", "member_b");
        await AskAsync(queue, "video_3", "member_c");
        var now = clock.GetUtcNow();
        clock.Advance(GenerationQueue.PlanLifetime * 2);

        var generating = await queue.PlaceAsync("video_1");
        var next = await queue.PlaceAsync("video_2");
        var after = await queue.PlaceAsync("video_3");
        var none = await queue.PlaceAsync("video_never_asked");

        // Each clip of this kind generates in 8 s and is finished 4 s later.
        Assert.Equal(new QueuePlace(null, now.AddSeconds(12)), generating);
        Assert.Equal(new QueuePlace(1, now.AddSeconds(8 + 12)), next);
        Assert.Equal(new QueuePlace(2, now.AddSeconds(16 + 12)), after);
        Assert.Null(none);
    }

    /// <summary>Every job runs unless named among the ended.</summary>
    private sealed class StandInLauncher : IJobLauncher
    {
        public HashSet<string> Ended { get; } = [];

        public Task StartAsync(GenerationJob job, CancellationToken cancellation = default) => Task.CompletedTask;

        public Task<JobStatus> GetStatusAsync(string jobId, CancellationToken cancellation = default) =>
            Task.FromResult(new JobStatus(Ended.Contains(jobId) ? JobState.Crashed : JobState.Running));

        public Task StopAsync(string jobId, CancellationToken cancellation = default) => Task.CompletedTask;
    }
}
