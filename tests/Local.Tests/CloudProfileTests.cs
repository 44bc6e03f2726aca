using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SoraFunctions.Api;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;
using SoraFunctions.Emulators;
using SoraFunctions.Local.Cli;
using SoraFunctions.Tests.Shared.Cameos;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// The cloud profile: two instances of the local server composed as the Functions app is — Cosmos DB, Blob Storage,
/// Durable Task on Azure Storage, events through a Storage queue — on the emulators, serving one service between them.
/// </summary>
[Collection(HeavyRenders.Name)]
public sealed class CloudProfileTests : DataFolderTest, IAsyncLifetime
{
    private Azurite storage = null!;
    private CosmosDbServer cosmos = null!;

    public async Task InitializeAsync()
    {
        (storage, cosmos) = (await Azurite.StartStorageAsync(), await CosmosDbServer.StartAsync());
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(
            Path.Combine(Data, LocalHost.SettingsFile), new JsonObject { ["Sora"] = EmulatorsCommand.Settings(storage.ConnectionString, cosmos.Endpoint) }.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        await storage.DisposeAsync();
        await cosmos.DisposeAsync();
    }

    [Fact]
    public async Task Two_instances_serve_one_service_a_clip_asked_of_one_is_made_once_read_on_the_other_and_its_post_reaches_a_follower()
    {
        await using var first = await TestServer.StartAsync(Data);
        await using var second = await TestServer.StartAsync(Data);
        var accounts = first.App.Services.GetRequiredService<Accounts>();
        var (annKey, bobKey) = (await KeyAsync(accounts, "ann"), await KeyAsync(accounts, "bob"));
        HttpClient As(TestServer server, string key)
        {
            var client = server.Anonymous();
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            return client;
        }

        var (ann, annOnSecond, bobOnSecond) = (As(first, annKey), As(second, annKey), As(second, bobKey));
        Assert.Equal(HttpStatusCode.OK, (await bobOnSecond.PostAsync("/v1/members/ann/follow", null)).StatusCode);

        var id = await AskAsync(ann, "A red kite over a green hill, wind blowing", "kite-1");
        var again = await AskAsync(annOnSecond, "A red kite over a green hill, wind blowing", "kite-1");
        var finished = await UntilAsync(annOnSecond, $"/v1/videos/{id}", video => video.GetProperty("status").GetString() is "completed" or "failed");
        var posted = await ann.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Windy #kites" });
        var feed = await UntilAsync(bobOnSecond, "/v1/feed/following", page => page.GetProperty("data").GetArrayLength() > 0);

        Assert.Equal(id, again);
        Assert.True(finished.GetProperty("status").GetString() == "completed", $"the clip failed: {finished.GetProperty("error")}");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal([id], feed.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString((await bobOnSecond.GetByteArrayAsync($"/v1/videos/{id}/content"))[4..8]));
    }

    /// <summary>
    /// Three server processes on the cloud profile are one service: clips asked round-robin (each twice, of two
    /// instances, with one idempotency key), one instance killed with all it started while clips render and restarted
    /// later; every clip is published once, a post reaches a follower reading another instance, and a cameo verified
    /// through one instance is cast through another.
    /// </summary>
    [Fact]
    public async Task Three_server_processes_are_one_service_and_one_killed_mid_render_loses_and_doubles_nothing()
    {
        using var groups = new ProcessGroups(Data);
        var servers = new[] { groups.Start("serve", "--port", "0"), groups.Start("serve", "--port", "0"), groups.Start("serve", "--port", "0") };
        var addresses = new List<Uri>();
        foreach (var server in servers)
        {
            addresses.Add(await ProcessGroups.ServingAsync(server));
        }

        string annKey, bobKey;
        using (var host = LocalHost.ForCommand(Data, runPipelines: false))
        {
            var accounts = host.Services.GetRequiredService<Accounts>();
            (annKey, bobKey) = (await KeyAsync(accounts, "ann"), await KeyAsync(accounts, "bob"));
        }

        HttpClient On(int instance, string key) => new() { BaseAddress = addresses[instance], DefaultRequestHeaders = { Authorization = new("Bearer", key) } };
        Assert.Equal(HttpStatusCode.OK, (await On(2, bobKey).PostAsync("/v1/members/ann/follow", null)).StatusCode);

        // Ann's cameo, verified through the first instance; her terms let everyone cast her.
        var challenge = await ReadAsync(await On(0, annKey).PostAsync("/v1/videos/characters/challenges", null));
        var recording = Path.Combine(Path.GetDirectoryName(Data)!, "ann.mp4");
        await CameoRecordings.MakeAsync(
            recording, CameoRecordings.Julia, challenge.GetProperty("digits").GetString()!, challenge.GetProperty("turn").GetString() == "left" ? HeadTurn.Left : HeadTurn.Right);
        using var upload = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(recording)), "video", "ann.mp4" },
            { new StringContent(challenge.GetProperty("id").GetString()!), "challenge_id" },
            { new StringContent("Ann"), "name" },
        };
        var cameoId = (await ReadAsync(await On(0, annKey).PostAsync("/v1/videos/characters", upload))).GetProperty("id").GetString()!;

        // Three clips, each asked of one instance and again of the next with the same key.
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var asked = await AskAsync(On(i, annKey), $"A paper lantern floats over a dark lake, take {i}", $"lantern-{i}");
            Assert.Equal(asked, await AskAsync(On((i + 1) % 3, annKey), $"A paper lantern floats over a dark lake, take {i}", $"lantern-{i}"));
            ids.Add(asked);
        }

        // The instance that launched a render that is still going is killed with everything it started, and comes back later.
        var clips = new BlobContainerClient(storage.ConnectionString, "clips");
        var victim = -1;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (victim < 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no render started");
            await foreach (var blob in clips.GetBlobsAsync(BlobTraits.None, BlobStates.None, "jobs/", CancellationToken.None))
            {
                if (blob.Name.EndsWith("/launch.json", StringComparison.Ordinal)
                    && !(await clips.GetBlobClient(blob.Name.Replace("launch.json", "output.json", StringComparison.Ordinal)).ExistsAsync()).Value)
                {
                    var launch = JsonSerializer.Deserialize<StoredJobLaunch>((await clips.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString(), Json)!;
                    victim = Array.FindIndex(servers, server => launch.Launcher.Split('/')[1] == server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                }
            }

            await Task.Delay(200);
        }

        ProcessGroups.Kill(servers[victim]);
        var killed = DateTime.UtcNow;
        var watcher = (victim + 1) % 3;
        var cameo = await UntilAsync(On(watcher, annKey), $"/v1/videos/characters/{cameoId}", c => c.GetProperty("status").GetString() != "verifying");
        Assert.True(cameo.GetProperty("status").GetString() == "active", $"the cameo was not verified: {cameo}");
        Assert.Equal(HttpStatusCode.OK, (await On(watcher, annKey).PatchAsJsonAsync($"/v1/videos/characters/{cameoId}", new { permission = "everyone" })).StatusCode);
        var cast = await AskAsync(On(watcher, bobKey), "@ann waves from a rowing boat at dusk", "boat");
        await Task.Delay(TimeSpan.FromSeconds(5));
        servers[victim] = groups.Start("serve", "--port", "0");
        addresses[victim] = await ProcessGroups.ServingAsync(servers[victim]);

        var finished = new List<JsonElement>();
        foreach (var id in ids)
        {
            finished.Add(await UntilAsync(On(watcher, annKey), $"/v1/videos/{id}", v => v.GetProperty("status").GetString() is "completed" or "failed"));
        }

        var recovered = DateTime.UtcNow - killed;
        var castFinished = await UntilAsync(On(victim, bobKey), $"/v1/videos/{cast}", v => v.GetProperty("status").GetString() is "completed" or "failed");
        var posted = await On(victim, annKey).PostAsJsonAsync($"/v1/videos/{ids[0]}/post", new { caption = "Lanterns #night" });
        var feed = await UntilAsync(On((victim + 2) % 3, bobKey), "/v1/feed/following", page => page.GetProperty("data").GetArrayLength() > 0);
        Console.WriteLine($"cluster: every clip in flight was published {recovered.TotalSeconds:F0} s after an instance was killed");

        Assert.All(finished, video => Assert.True(video.GetProperty("status").GetString() == "completed", $"a clip failed: {video}"));
        Assert.True(castFinished.GetProperty("status").GetString() == "completed", $"the cast clip failed: {castFinished}");
        Assert.Equal(["ann"], castFinished.GetProperty("cameos").EnumerateArray().Select(c => c.GetProperty("username").GetString()));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal([ids[0]], feed.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("id").GetString()));

        // Once each: one set of assets per clip, one Published event (however often its steps ran), and a render the
        // kill interrupted was made again.
        string[] published = [.. ids, cast];
        foreach (var id in published)
        {
            var assets = new List<string>();
            await foreach (var blob in clips.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"videos/{id}/", CancellationToken.None))
            {
                assets.Add(blob.Name[$"videos/{id}/".Length..]);
            }

            Assert.Equal(["manifest.json", "master.mp4", "poster.jpg", "preview.mp4", "source.mp4", "spritesheet.jpg"], assets.Order());
        }

        await WaitUntilAsync(async () => (await EventLogAsync()).Count(line => line.Contains("\"SoraFunctions.Video.Published\"", StringComparison.Ordinal)) >= published.Length, "every Published event was delivered");
        var events = (await EventLogAsync()).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "SoraFunctions.Video.Published")
            .Select(e => e.GetProperty("data").GetProperty("videoId").GetString());
        Assert.Equal(published.Order(), events.Order());
        Assert.Contains(finished, video => video.GetProperty("generation_attempts").GetInt32() > 1);
        await WaitUntilAsync(
            async () => !await clips.GetBlobsAsync(BlobTraits.None, BlobStates.None, "jobs/", CancellationToken.None).GetAsyncEnumerator().MoveNextAsync()
                && !await clips.GetBlobsAsync(BlobTraits.None, BlobStates.None, "work/", CancellationToken.None).GetAsyncEnumerator().MoveNextAsync(),
            "every job's and step's scratch in the store was removed, the interrupted render's too");
    }

    [Fact]
    public async Task The_generate_command_runs_its_clip_on_the_cloud_profile_as_on_the_embedded_one()
    {
        var exit = await Sora("generate", "A paper lantern floats over a dark lake at night, ripples spread", "--seconds", "4", "--data", Data);

        Assert.Equal(0, exit);
        var made = Assert.Single(await ListAsync());
        Assert.Equal(Core.Videos.VideoStatus.Completed, made.Video.Status);
    }

    [Fact]
    public async Task A_cloud_profile_missing_a_service_is_refused_at_start_naming_it()
    {
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Data, LocalHost.SettingsFile)))!;
        settings["Sora"]!.AsObject().Remove("Durable");
        await File.WriteAllTextAsync(Path.Combine(Data, LocalHost.SettingsFile), settings.ToJsonString());

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(Data));

        Assert.Contains("Sora:Durable:ConnectionString", refused.Message);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A member joined by invite, and an API key of theirs.</summary>
    private static async Task<string> KeyAsync(Accounts accounts, string username)
    {
        var invite = (await accounts.MintInvitesAsync(await accounts.LocalMemberAsync(default), 1, default))[0];
        var member = await accounts.JoinAsync(invite.Code, username, "1990-04-01", "a long enough password", default);
        return (await accounts.CreateKeyAsync(member, "tests", default)).Token;
    }

    private static async Task<string> AskAsync(HttpClient client, string prompt, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/videos") { Content = JsonContent.Create(new { prompt, seconds = "4" }) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await client.SendAsync(request);
        var video = await ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"{prompt}: {video}");
        return video.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<JsonElement> UntilAsync(HttpClient client, string path, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var answer = await ReadAsync(await client.GetAsync(path));
            if (condition(answer))
            {
                return answer;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} did not come to pass: {answer}");
            await Task.Delay(500);
        }
    }
}
