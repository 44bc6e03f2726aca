using System.Net;
using System.Net.Http.Json;

namespace SoraFunctions.Local.Tests;

/// <summary>Each credential's request rate: past its burst, 429 with a code and a Retry-After; other keys go on.</summary>
public sealed class RateLimitTests : ServerTest
{
    protected override Task PrepareDataAsync() =>
        TestServer.RefuseEveryPromptAsync(Data, """ "RateLimit": {"RequestsPerMinute": 60, "Burst": 5} """);

    [Fact]
    public async Task A_key_past_its_burst_is_told_to_wait_and_another_key_is_not()
    {
        var other = (await ReadAsync(await Http.PostAsJsonAsync("/v1/keys", new { name = "other" }))).GetProperty("key").GetString();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add(await Http.GetAsync("/v1/me"));
        }

        using var second = new HttpClient { BaseAddress = Http.BaseAddress };
        second.DefaultRequestHeaders.Authorization = new("Bearer", other);
        var limited = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);

        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) is >= 3 and <= 6, "a burst of about five goes through");
        Assert.Equal("RATE.LIMITED", (await ReadAsync(limited)).GetProperty("code").GetString());
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/v1/me")).StatusCode);
    }
}
