using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Emulators;
using SoraFunctions.Local.Cli;

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
        async Task<HttpClient> MemberAsync(TestServer server, string username)
        {
            var invite = (await accounts.MintInvitesAsync(await accounts.LocalMemberAsync(default), 1, default))[0];
            var member = await accounts.JoinAsync(invite.Code, username, "1990-04-01", "a long enough password", default);
            var client = server.Anonymous();
            client.DefaultRequestHeaders.Authorization = new("Bearer", (await accounts.CreateKeyAsync(member, "tests", default)).Token);
            return client;
        }

        var ann = await MemberAsync(first, "ann");
        var bobOnSecond = await MemberAsync(second, "bob");
        Assert.Equal(HttpStatusCode.OK, (await bobOnSecond.PostAsync("/v1/members/ann/follow", null)).StatusCode);
        async Task<string> AskAsync(TestServer server)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/videos") { Content = JsonContent.Create(new { prompt = "A red kite over a green hill, wind blowing", seconds = "4" }) };
            request.Headers.Authorization = ann.DefaultRequestHeaders.Authorization;
            request.Headers.Add("Idempotency-Key", "kite-1");
            return (await ReadAsync(await server.Http.SendAsync(request))).GetProperty("id").GetString()!;
        }

        var id = await AskAsync(first);
        var again = await AskAsync(second);
        var annOnSecond = second.Anonymous();
        annOnSecond.DefaultRequestHeaders.Authorization = ann.DefaultRequestHeaders.Authorization;
        var finished = await UntilAsync(annOnSecond, $"/v1/videos/{id}", video => video.GetProperty("status").GetString() is "completed" or "failed");
        var posted = await ann.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Windy #kites" });
        var feed = await UntilAsync(bobOnSecond, "/v1/feed/following", page => page.GetProperty("data").GetArrayLength() > 0);

        Assert.Equal(id, again);
        Assert.True(finished.GetProperty("status").GetString() == "completed", $"the clip failed: {finished.GetProperty("error")}");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal([id], feed.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString((await bobOnSecond.GetByteArrayAsync($"/v1/videos/{id}/content"))[4..8]));
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
