using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Every /v1/videos endpoint against every kind of caller: no credential, a bad key, a revoked key, a suspended member,
/// another member, a moderator and the owner. Refusals carry their code and write nothing; someone else's video does
/// not exist for them.
/// </summary>
public sealed class VideoAccessTests : ServerTest
{
    protected override Task PrepareDataAsync() => TestServer.RefuseEveryPromptAsync(Data);

    public static TheoryData<string> Callers => ["none", "bad key", "revoked key", "suspended", "other member", "moderator", "owner"];

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Each_endpoint_answers_each_caller_as_it_should_and_refusals_write_nothing(string caller)
    {
        var owned = (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A kite over a beach at noon", seconds = "4" }))).GetProperty("id").GetString()!;
        using var client = await ClientAsync(caller);
        var before = VideoCount();

        var create = await client.PostAsJsonAsync("/v1/videos", new { prompt = "A lighthouse in a storm at night", seconds = "4" });
        var list = await client.GetAsync("/v1/videos");
        var get = await client.GetAsync($"/v1/videos/{owned}");
        var content = await client.GetAsync($"/v1/videos/{owned}/content");
        var delete = await client.DeleteAsync($"/v1/videos/{owned}");

        var answers = new[] { create, list, get, content, delete };
        switch (caller)
        {
            case "none" or "bad key" or "revoked key" or "suspended":
                var (status, code) = caller switch
                {
                    "none" => (HttpStatusCode.Unauthorized, "AUTH.MISSING"),
                    "bad key" => (HttpStatusCode.Unauthorized, "AUTH.KEY_INVALID"),
                    "revoked key" => (HttpStatusCode.Unauthorized, "AUTH.KEY_REVOKED"),
                    _ => (HttpStatusCode.Forbidden, "AUTH.MEMBER_SUSPENDED"),
                };
                foreach (var answer in answers)
                {
                    Assert.Equal((status, code), (answer.StatusCode, (await ReadAsync(answer)).GetProperty("code").GetString()));
                }

                Assert.Equal(before, VideoCount());
                Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/v1/videos/{owned}")).StatusCode);
                break;
            case "other member" or "moderator":
                Assert.Equal(HttpStatusCode.OK, create.StatusCode);
                var theirs = (await ReadAsync(create)).GetProperty("id").GetString();
                Assert.Equal([theirs], (await ReadAsync(list)).GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
                Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (get.StatusCode, (await ReadAsync(get)).GetProperty("code").GetString()));
                Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (content.StatusCode, (await ReadAsync(content)).GetProperty("code").GetString()));
                Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (delete.StatusCode, (await ReadAsync(delete)).GetProperty("code").GetString()));
                Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/v1/videos/{owned}")).StatusCode); // still there for its owner
                Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/videos/{theirs}")).StatusCode);
                break;
            default:
                Assert.Equal(HttpStatusCode.OK, create.StatusCode);
                Assert.Equal(2, (await ReadAsync(list)).GetProperty("data").GetArrayLength());
                Assert.Equal(owned, (await ReadAsync(get)).GetProperty("id").GetString());
                Assert.Equal((HttpStatusCode.Conflict, "VIDEO.NOT_READY"), (content.StatusCode, (await ReadAsync(content)).GetProperty("code").GetString()));
                var deleted = await ReadAsync(delete);
                Assert.Equal((owned, "video.deleted", true), (deleted.GetProperty("id").GetString(), deleted.GetProperty("object").GetString(), deleted.GetProperty("deleted").GetBoolean()));
                Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/videos/{owned}")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync($"/v1/videos/{owned}")).StatusCode);
                Assert.DoesNotContain((await ReadAsync(await Http.GetAsync("/v1/videos"))).GetProperty("data").EnumerateArray(), v => v.GetProperty("id").GetString() == owned);
                break;
        }
    }

    [Fact]
    public async Task The_same_idempotency_key_from_two_members_makes_two_videos()
    {
        using var other = await ClientAsync("other member");

        async Task<string> PostAsync(HttpClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/videos") { Content = JsonContent.Create(new { prompt = "fireflies at dusk", seconds = "4" }) };
            request.Headers.Add("Idempotency-Key", "order-1");
            return (await ReadAsync(await client.SendAsync(request))).GetProperty("id").GetString()!;
        }

        Assert.NotEqual(await PostAsync(Http), await PostAsync(other));
    }

    /// <summary>A client calling as that kind of caller; the owner is the machine's own member, whom <see cref="ServerTest.Http"/> calls as.</summary>
    private async Task<HttpClient> ClientAsync(string caller)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        if (caller == "owner")
        {
            client.DefaultRequestHeaders.Authorization = Http.DefaultRequestHeaders.Authorization;
            return client;
        }

        if (caller == "none")
        {
            return client;
        }

        if (caller == "bad key")
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", Credential.KeyTokenPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            return client;
        }

        var accounts = App.Services.GetRequiredService<Accounts>();
        var members = App.Services.GetRequiredService<IMemberStore>();
        var local = await accounts.LocalMemberAsync(default);
        var invite = (await accounts.MintInvitesAsync(local, 1, default))[0];
        var member = await accounts.JoinAsync(invite.Code, "as_" + caller.Replace(' ', '_'), "1990-04-01", "a long enough password", default);
        var (key, token) = await accounts.CreateKeyAsync(member, "tests", default);
        switch (caller)
        {
            case "revoked key":
                await accounts.RevokeKeyAsync(member, key.Id, default);
                break;
            case "suspended":
                member.Suspend();
                await members.SaveAsync(member, []);
                break;
            case "moderator":
                member.ChangeRole(MemberRole.Moderator);
                await members.SaveAsync(member, []);
                break;
        }

        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private long VideoCount()
    {
        using var connection = new SqliteConnection($"Data Source={new DataFolder(Data).MetadataDatabase};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM videos";
        return (long)command.ExecuteScalar()!;
    }
}
