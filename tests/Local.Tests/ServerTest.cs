using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Cli;
using SoraFunctions.Tests.Shared.Cameos;

namespace SoraFunctions.Local.Tests;

/// <summary>The local server on a loopback port over a data folder, and a client for it.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(WebApplication app, HttpClient http) => (App, Http) = (app, http);

    public WebApplication App { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the server; <see cref="Http"/> calls it with an API key of the machine's own member.</summary>
    public static async Task<TestServer> StartAsync(string data)
    {
        var app = LocalHost.ForServer(data, port: 0);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var server = new TestServer(app, new HttpClient { BaseAddress = new Uri(address) });
        var accounts = app.Services.GetRequiredService<Accounts>();
        server.Http.DefaultRequestHeaders.Authorization = new("Bearer", (await accounts.CreateKeyAsync(await accounts.LocalMemberAsync(default), "tests", default)).Token);
        return server;
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = Http.BaseAddress };

    /// <summary>
    /// Settings under which every prompt is refused at screening, so that no request renders a clip, with
    /// <paramref name="more"/> (members of the <c>Sora</c> section, e.g. <c>"RateLimit": {…}</c>).
    /// </summary>
    public static Task RefuseEveryPromptAsync(string data, string more = "")
    {
        Directory.CreateDirectory(data);
        return File.WriteAllTextAsync(
            Path.Combine(data, LocalHost.SettingsFile), $$$"""{"Sora": {"Safety": {"BlockedPatterns": ["[\\s\\S]"]}{{{(more.Length > 0 ? ", " + more : "")}}}}}""");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A test with the local server over a fresh data folder.</summary>
public abstract class ServerTest : DataFolderTest, IAsyncLifetime
{
    /// <summary>How long a test waits for a clip or a cameo to be done with.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    private TestServer server = null!;

    protected WebApplication App => server.App;

    protected HttpClient Http => server.Http;

    /// <summary>Prepares the data folder before the server starts (its settings, say).</summary>
    protected virtual Task PrepareDataAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareDataAsync();
        server = await TestServer.StartAsync(Data);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    protected static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>A new member (an adult) and a client calling as them.</summary>
    protected async Task<(Member Member, HttpClient Client)> MemberAsync(string username)
    {
        var accounts = App.Services.GetRequiredService<Accounts>();
        var invite = (await accounts.MintInvitesAsync(await accounts.LocalMemberAsync(default), 1, default))[0];
        var member = await accounts.JoinAsync(invite.Code, username, "1990-04-01", "a long enough password", default);
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await accounts.CreateKeyAsync(member, "tests", default)).Token);
        return (member, client);
    }

    /// <summary>
    /// An active cameo of the member's, stored as verification leaves one (a reference face in the clip store, a voice
    /// profile, a descriptor): the consent tests start from there; verification itself is tested above.
    /// </summary>
    protected async Task<string> ActiveCameoAsync(Member owner)
    {
        var now = DateTimeOffset.UtcNow;
        var cameo = Cameo.Record(Cameo.NewId(), CameoChallenge.Issue(owner.Id, now), owner.Username, now);
        var reference = $"{Cameo.FolderOf(cameo.Id)}/face.jpg";
        await App.Services.GetRequiredService<IClipStore>().PutFileAsync(reference, CameoRecordings.Julia.Path);
        cameo.MarkVerified(reference, new VoiceProfile(210, 150), new FaceDescriptor([1, 2, 3]), now);
        await App.Services.GetRequiredService<ICameoStore>().TryCreateAsync(cameo, []);
        return cameo.Id;
    }

    /// <summary>
    /// A finished clip of the owner's, as the pipeline leaves one (its assets in the clip store: one short clip stands in
    /// for each), cast
    /// with <paramref name="cameos"/>; posted with its event when <paramref name="posted"/>: what the social tests start
    /// from without rendering.
    /// </summary>
    protected async Task<string> SeedVideoAsync(Member owner, bool posted, params CameoCast[] cameos)
    {
        var now = DateTimeOffset.UtcNow;
        var id = Video.NewId();
        var folder = Orchestrations.Pipeline.PublishVideoActivity.FolderOf(id);
        var clips = App.Services.GetRequiredService<IClipStore>();
        var stand = Path.Combine(Path.GetDirectoryName(Data)!, "seed.mp4");
        if (!File.Exists(stand))
        {
            await Media.Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc=size=72x128:rate=24", "-f", "lavfi", "-i", "sine", "-t", "1", "-pix_fmt", "yuv420p", stand]);
        }

        foreach (var asset in new[] { "master.mp4", "poster.jpg", "preview.mp4", "spritesheet.jpg", "manifest.json", "source.mp4" })
        {
            await clips.PutFileAsync($"{folder}/{asset}", stand);
        }

        var video = Video.Queue(id, owner.Id, new VideoSpec("A kite over a beach", VideoCatalog.Sora2, 4, 720, 1280, 1), now, cameos, ownerUsername: owner.Username);
        video.MarkCompleted(new VideoAssets($"{folder}/master.mp4", $"{folder}/poster.jpg", $"{folder}/preview.mp4", $"{folder}/spritesheet.jpg", $"{folder}/manifest.json"), [], now);
        var events = new List<CloudEvent>();
        if (posted)
        {
            video.Post("A kite", now);
            events.Add(CloudEvents.Create(EventTypes.VideoPosted, $"videos/{id}", new VideoPostedData(id, owner.Id, now), now));
        }

        await App.Services.GetRequiredService<IVideoStore>().TryCreateAsync(video, events);
        return id;
    }

    /// <summary>Waits until every event written so far has been handed to every handler (the outbox is empty).</summary>
    protected Task AllEventsHandledAsync() =>
        WaitUntilAsync(async () => (await App.Services.GetRequiredService<IOutbox>().PendingAsync(1)).Count == 0, "every event to be handled");

    protected static async Task<string> CreateAsync(HttpClient client, string prompt)
    {
        var created = await client.PostAsJsonAsync("/v1/videos", new { prompt, seconds = "4", size = "720x1280" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return (await ReadAsync(created)).GetProperty("id").GetString()!;
    }

    protected static Task<JsonElement> FinishedAsync(HttpClient client, string id) =>
        WaitForAsync(client, id, video => video.GetProperty("status").GetString() is "completed" or "failed");

    /// <summary>The video once <paramref name="condition"/> holds, or (with <paramref name="gone"/>) once it answers 410 with that code.</summary>
    protected static async Task<JsonElement> WaitForAsync(HttpClient client, string id, Func<JsonElement, bool> condition, string? gone = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var response = await client.GetAsync($"/v1/videos/{id}");
            var body = await ReadAsync(response);
            if (response.StatusCode == HttpStatusCode.Gone && body.GetProperty("code").GetString() == gone)
            {
                return body;
            }

            if (response.StatusCode == HttpStatusCode.OK && condition(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{id} never got there: {body}");
            await Task.Delay(300);
        }
    }
}
