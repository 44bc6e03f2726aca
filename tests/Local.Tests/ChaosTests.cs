using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Kills whole process groups (the CLI or the server, its generation workers and their tools) at seeded random points
/// of pipelines, then resumes: every clip is published, once, and nothing is left behind.
/// </summary>
public sealed class ChaosTests : DataFolderTest, IAsyncLifetime
{
    private static readonly string[] Assets = ["manifest.json", "master.mp4", "poster.jpg", "preview.mp4", "source.mp4", "spritesheet.jpg"];

    private readonly ProcessGroups groups;

    public ChaosTests() => groups = new ProcessGroups(Data);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        groups.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ten_generate_commands_killed_at_random_points_are_each_published_once_by_resume()
    {
        var random = new Random(20261130);
        const int Pipelines = 10;
        for (var i = 0; i < Pipelines; i++)
        {
            using var generate = groups.Start("generate", $"A lighthouse on a cliff at dusk, waves below, take {i}", "--seconds", "4");
            Assert.StartsWith("video_", await generate.StandardOutput.ReadLineAsync()); // recorded and started
            _ = generate.StandardOutput.ReadToEndAsync();
            if (!generate.WaitForExit(TimeSpan.FromSeconds(random.NextDouble() * 7)))
            {
                ProcessGroups.Kill(generate);
            }
        }

        using var resume = groups.Start("resume", "--wait");
        var resumed = resume.StandardOutput.ReadToEndAsync();
        Assert.True(resume.WaitForExit(TimeSpan.FromMinutes(4)), "resume finished in time");

        Assert.True(resume.ExitCode == 0, await resumed);
        await AssertEachPublishedOnceAsync(Pipelines);
    }

    [Fact]
    public async Task Ctrl_c_during_a_render_stops_the_command_and_leaves_the_clip_to_resume()
    {
        using var generate = groups.Start("generate", "A paper boat drifts down a rainy street gutter, close-up", "--seconds", "8");
        var id = (await generate.StandardOutput.ReadLineAsync())!.Split(' ')[0];
        await WaitUntilAsync(() => ScratchFolders().Any(f => new Worker.JobFolder(f).ReadReport() is { State: Core.Ports.JobState.Running }), "the render started");
        ProcessGroups.Signal("-INT", generate);
        Assert.True(generate.WaitForExit(TimeSpan.FromSeconds(10)), "the command stopped");

        Assert.Equal(130, generate.ExitCode);
        Assert.Equal(VideoStatus.Queued, (await ViewAsync(id)).Video.Status);
        Assert.Equal(0, await Sora("resume", "--wait", "--data", Data));
        await AssertEachPublishedOnceAsync(1);
    }

    [Fact]
    public async Task A_server_killed_with_three_clips_in_flight_publishes_each_once_after_a_restart()
    {
        var random = new Random(7);
        var ids = new List<string>();
        using (var server = groups.Start("serve", "--port", "0"))
        {
            var http = await ConnectAsync(server);
            for (var i = 0; i < 3; i++)
            {
                var created = await http.PostAsJsonAsync("/v1/videos", new { prompt = $"A red kite flies over a green hill on a windy day, shot {i}", seconds = "4" });
                ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }

            // However slow the machine, the kill lands while a clip renders.
            await WaitUntilAsync(() => ScratchFolders().Any(f => new Worker.JobFolder(f).ReadReport() is { State: Core.Ports.JobState.Running }), "a render started");
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * 2));
            ProcessGroups.Kill(server);
        }

        using (var restarted = groups.Start("serve", "--port", "0"))
        {
            using var _ = await ConnectAsync(restarted); // started, its log drained
            // A pipeline ends after its record is published: its last step then removes its scratch, and killing the
            // server before that would leave what a restart (not this test's) would clean. (Files, not the API, are
            // watched: polling that often would meet the API's rate limit.)
            await WaitUntilAsync(
                () => PublishedEventsWhenUnlocked().Count() >= ids.Count && !StoreScratch().Any() && ScratchFolders().Length == 0,
                "the restarted server published every clip and removed its scratch");
            ProcessGroups.Kill(restarted);
        }

        await AssertEachPublishedOnceAsync(ids.Count);
    }

    private async Task AssertEachPublishedOnceAsync(int count)
    {
        var videos = await ListAsync();
        Assert.Equal(count, videos.Count);
        Assert.Contains(videos, video => video.GenerationAttempts > 1); // a kill landed during a render
        Assert.All(videos, video => Assert.Equal(VideoStatus.Completed, video.Status));
        foreach (var video in videos)
        {
            Assert.Equal(Assets, Directory.GetFiles(Path.Combine(Data, "clips", "videos", video.Video.Id)).Select(Path.GetFileName).Order());
        }

        Assert.Equal(count, Directory.GetDirectories(Path.Combine(Data, "clips", "videos")).Length);
        Assert.Equal(videos.Select(v => v.Video.Id).Order(), PublishedEvents().Order());
        Assert.Empty(ScratchFolders());
        Assert.Empty(StoreScratch());
    }

    /// <summary>Scratch files steps passed each other through the clip store.</summary>
    private IEnumerable<string> StoreScratch() =>
        new[] { "work", "jobs" }.Select(f => Path.Combine(Data, "clips", f)).Where(Directory.Exists).SelectMany(Directory.GetFileSystemEntries);

    /// <summary>
    /// <see cref="PublishedEvents"/> of a running server, whose event log is locked for a moment at each append (none
    /// while it is).
    /// </summary>
    private IEnumerable<string?> PublishedEventsWhenUnlocked()
    {
        try
        {
            return [.. PublishedEvents()];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>The video of each Published event delivered to the event log.</summary>
    private IEnumerable<string?> PublishedEvents()
    {
        var log = Path.Combine(Data, "events.jsonl");
        return File.Exists(log)
            ? File.ReadAllLines(log)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .Where(e => e.GetProperty("type").GetString() == "SoraFunctions.Video.Published")
                .Select(e => e.GetProperty("data").GetProperty("videoId").GetString())
            : [];
    }

    /// <summary>A client for a server started with --port 0, at the address it prints, with a key of the machine's member.</summary>
    private async Task<HttpClient> ConnectAsync(Process server)
    {
        var http = new HttpClient { BaseAddress = await ProcessGroups.ServingAsync(server) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await LocalKeyAsync());
        return http;
    }
}
