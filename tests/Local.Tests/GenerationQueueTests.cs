using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Members;
using SoraFunctions.Local.Cli;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Tests;

/// <summary>The generator's one slot on the local server, as members asking at once see it.</summary>
public sealed class GenerationQueueTests : ServerTest
{
    protected override Task PrepareDataAsync()
    {
        Directory.CreateDirectory(Data);
        return File.WriteAllTextAsync(Path.Combine(Data, LocalHost.SettingsFile), """{"Sora": {"Generation": {"Slots": 1}}}""");
    }

    [Fact]
    public async Task Clips_asked_at_once_take_the_slot_in_turn_each_told_its_place_and_a_cancelled_or_suspended_one_leaves_the_line()
    {
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var (_, cid) = await MemberAsync("cid");
        var (dan, danClient) = await MemberAsync("dan");
        var first = await CreateAsync(ann, "A red kite over a green hill");
        var second = await CreateAsync(bob, "A lighthouse at night in the rain");
        var cancelled = await CreateAsync(cid, "A paper boat on a pond");
        var suspended = await CreateAsync(danClient, "A snowman in a garden");

        // Whichever is screened first takes the slot; the others are queued, each at its place with its estimate.
        var inLine = new List<JsonElement>();
        foreach (var (client, id) in new[] { (ann, first), (bob, second), (cid, cancelled), (danClient, suspended) })
        {
            var video = await WaitForAsync(client, id, video => video.GetProperty("estimated_completed_at").ValueKind == JsonValueKind.Number
                || video.GetProperty("status").GetString() is "completed" or "failed");
            if (video.GetProperty("queue_position").ValueKind == JsonValueKind.Number)
            {
                inLine.Add(video);
            }
        }

        Assert.InRange(inLine.Count, 2, 3); // the first may be done generating by the time it is looked at
        Assert.All(inLine, video => Assert.Equal("queued", video.GetProperty("status").GetString()));
        Assert.All(inLine, video => Assert.True(video.GetProperty("estimated_completed_at").GetInt64() >= video.GetProperty("created_at").GetInt64()));
        Assert.Equal(inLine.Count, inLine.Select(video => video.GetProperty("queue_position").GetInt32()).Distinct().Count());

        Assert.Equal("VIDEO.CANCELLED", (await ReadAsync(await cid.PostAsync($"/v1/videos/{cancelled}/cancel", null))).GetProperty("error").GetProperty("code").GetString());
        var accounts = App.Services.GetRequiredService<Accounts>();
        await accounts.SuspendAsync(await accounts.LocalMemberAsync(default), dan.Username, true, default);
        var store = App.Services.GetRequiredService<IGenerationQueueStore>();
        await WaitUntilAsync(async () => await store.GetAsync("procedural", cancelled) is null, "the cancelled clip to leave the line");
        await WaitUntilAsync(
            async () => (await App.Services.GetRequiredService<VideoService>().GetAsync(suspended))!.Video.IsFinished, "the suspended member's clip to end");

        var published = new[] { await FinishedAsync(ann, first), await FinishedAsync(bob, second) };
        Assert.All(published, video => Assert.Equal("completed", video.GetProperty("status").GetString()));
        Assert.All(published, video => Assert.Equal(JsonValueKind.Null, video.GetProperty("estimated_completed_at").ValueKind));
        Assert.Contains(published[1].GetProperty("steps").EnumerateArray(), step => step.GetProperty("step").GetString() == Steps.WaitForGenerator);
        Assert.Equal("AUTH.MEMBER_SUSPENDED", (await App.Services.GetRequiredService<VideoService>().GetAsync(suspended))!.Video.Error!.Code);
        Assert.Null(await store.GetAsync("procedural", suspended));

        await AllEventsHandledAsync();

        // One slot: the later job started only once the earlier one had ended.
        var jobs = new[] { (await store.GetAsync("procedural", first))!, (await store.GetAsync("procedural", second))! }.OrderBy(entry => entry.StartedAt).ToList();
        Assert.All(jobs, job => Assert.Equal(QueueState.Done, job.State));
        Assert.True(jobs[1].StartedAt >= jobs[0].GeneratedAt, $"{jobs[1].StartedAt:O} is before {jobs[0].GeneratedAt:O}");
        Assert.All(jobs, job => Assert.NotNull(job.FinishedAt)); // measured for the estimates
    }
}
