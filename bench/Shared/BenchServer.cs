using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Local.Cli;

namespace SoraFunctions.Bench;

/// <summary>
/// The local server on loopback over a fresh data folder, with a creator the viewer follows whose clips (rendered by the
/// pipeline) are posted and in the viewer's Following feed: what the browser benchmarks open.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    public const string Password = "a long enough password";

    private readonly string data;
    private readonly WebApplication app;

    private BenchServer(string data, WebApplication app, Uri address)
    {
        this.data = data;
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The viewer's client (their API key).</summary>
    public HttpClient Viewer { get; private set; } = null!;

    /// <summary>Starts the server; the creator posts <paramref name="posts"/> clips of the prompt (with its number) and the viewer follows them.</summary>
    public static async Task<BenchServer> StartAsync(int posts, string prompt)
    {
        var data = Directory.CreateTempSubdirectory("sora-bench-").FullName;
        // Warnings and failures only: the benchmark's own lines, its figures last, are what is read.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var app = LocalHost.ForServer(data, port: 0);
        await app.StartAsync();
        var server = new BenchServer(data, app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()));
        var creator = await server.MemberAsync("creator");
        server.Viewer = await server.MemberAsync("viewer");
        (await server.Viewer.PostAsync("/v1/members/creator/follow", null)).EnsureSuccessStatusCode();
        var made = await Task.WhenAll(Enumerable.Range(0, posts).Select(i => MakeAsync(creator, string.Format(System.Globalization.CultureInfo.InvariantCulture, prompt, i))));
        foreach (var id in made)
        {
            (await creator.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Boats #rain" })).EnsureSuccessStatusCode();
        }

        while ((await server.Viewer.GetFromJsonAsync<JsonElement>("/v1/feed/following")).GetProperty("data").GetArrayLength() < posts)
        {
            await Task.Delay(100); // the fan-out is an event's handler
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    /// <summary>A member joined with an invite of the machine's own, and a client with their API key.</summary>
    public async Task<HttpClient> MemberAsync(string username)
    {
        var accounts = app.Services.GetRequiredService<Accounts>();
        var invite = (await accounts.MintInvitesAsync(await accounts.LocalMemberAsync(default), 1, default))[0];
        var member = await accounts.JoinAsync(invite.Code, username, "1990-04-01", Password, default);
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await accounts.CreateKeyAsync(member, "bench", default)).Token);
        return client;
    }

    /// <summary>A 4 s portrait clip rendered to the end: its id.</summary>
    private static async Task<string> MakeAsync(HttpClient client, string prompt)
    {
        var created = await (await client.PostAsJsonAsync("/v1/videos", new { prompt, seconds = "4", size = "720x1280" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        while (true)
        {
            var status = (await client.GetFromJsonAsync<JsonElement>($"/v1/videos/{id}")).GetProperty("status").GetString();
            if (status == "completed")
            {
                return id;
            }

            if (status == "failed")
            {
                throw new InvalidOperationException($"The seed clip {id} failed.");
            }

            await Task.Delay(250);
        }
    }
}
