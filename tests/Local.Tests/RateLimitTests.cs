using System.Net;
using System.Net.Http.Json;
using SoraFunctions.Api;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Request rates: each member's, whichever keys and sessions they use, and each client address's, signed in or not;
/// past a burst, 429 with a code and a Retry-After.
/// </summary>
public sealed class RateLimitTests : ServerTest
{
    protected override Task PrepareDataAsync() =>
        TestServer.RefuseEveryPromptAsync(Data, """ "RateLimit": {"RequestsPerMinute": 60, "Burst": 5, "AddressRequestsPerMinute": 60, "AddressBurst": 40} """);

    [Fact]
    public async Task A_member_past_their_burst_is_told_to_wait_whichever_key_they_use_and_another_member_is_not()
    {
        var (_, other) = await MemberAsync("other");
        var keys = new List<HttpClient>();
        for (var i = 0; i < 3; i++)
        {
            var key = (await ReadAsync(await Http.PostAsJsonAsync("/v1/keys", new { name = $"key {i}" }))).GetProperty("key").GetString();
            var client = new HttpClient { BaseAddress = Http.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            keys.Add(client);
        }

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 9; i++)
        {
            answers.Add(await keys[i % keys.Count].GetAsync("/v1/me"));
        }

        var limited = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) <= 3, "the keys' creation and a burst of about five in all go through");
        Assert.Equal("RATE.LIMITED", (await ReadAsync(limited)).GetProperty("code").GetString());
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Requests_with_no_or_made_up_credentials_are_limited_by_their_address()
    {
        var statuses = new List<HttpStatusCode>();
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        for (var i = 0; i < 60; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
            if (i % 2 == 0)
            {
                request.Headers.Authorization = new("Bearer", $"sora_sk_made-up-{i}");
            }

            statuses.Add((await anonymous.SendAsync(request)).StatusCode);
        }

        var limited = await anonymous.GetAsync("/v1/feed/for_you");
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Equal((HttpStatusCode.TooManyRequests, "RATE.LIMITED"), (limited.StatusCode, (await ReadAsync(limited)).GetProperty("code").GetString()));
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void An_ipv6_client_is_counted_by_its_64_and_an_ipv4_one_by_its_address(string address, string partition) =>
        Assert.Equal(partition, RequestRateLimiter.PartitionOf(IPAddress.Parse(address)));
}
