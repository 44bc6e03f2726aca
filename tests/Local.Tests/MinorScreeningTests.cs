using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;

namespace SoraFunctions.Local.Tests;

/// <summary>The age screening uses comes from the account: the same prompt is refused for a 15-year-old and passes for an adult.</summary>
public sealed class MinorScreeningTests : ServerTest
{
    private const string Prompt = "A brutal sword fight in a castle, blood sprays as a knight is stabbed";

    [Fact]
    public async Task A_minors_account_gets_the_minor_policy_and_an_adults_does_not()
    {
        using var minor = await MemberAsync("young.one", DateTime.UtcNow.AddYears(-15));
        using var adult = await MemberAsync("grown.up", DateTime.UtcNow.AddYears(-30));

        var minors = await CreateAsync(minor);
        var adults = await CreateAsync(adult);
        var minorsOutcome = await UntilAsync(minor, minors, v => v.GetProperty("status").GetString() == "failed");
        var adultsOutcome = await UntilAsync(adult, adults, v => v.GetProperty("steps").EnumerateArray().Any(s => s.GetProperty("step").GetString() == "ScreenInput")
            || v.GetProperty("status").GetString() == "failed");
        await adult.DeleteAsync($"/v1/videos/{adults}"); // no need to render it

        Assert.Equal("SAFETY.INPUT.TEXT.VIOLENCE", minorsOutcome.GetProperty("error").GetProperty("code").GetString());
        Assert.NotEqual("failed", adultsOutcome.GetProperty("status").GetString());
    }

    private async Task<HttpClient> MemberAsync(string username, DateTime born)
    {
        var accounts = App.Services.GetRequiredService<Accounts>();
        var invite = (await accounts.MintInvitesAsync(await accounts.LocalMemberAsync(default), 1, default))[0];
        var member = await accounts.JoinAsync(invite.Code, username, born.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "a long enough password", default);
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await accounts.CreateKeyAsync(member, "tests", default)).Token);
        return client;
    }

    private static async Task<string> CreateAsync(HttpClient client) =>
        (await ReadAsync(await client.PostAsJsonAsync("/v1/videos", new { prompt = Prompt, seconds = "4" }))).GetProperty("id").GetString()!;

    private static async Task<JsonElement> UntilAsync(HttpClient client, string id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var video = await ReadAsync(await client.GetAsync($"/v1/videos/{id}"));
            if (done(video))
            {
                return video;
            }

            Assert.True(DateTime.UtcNow < deadline, $"video {id} did not get there");
            await Task.Delay(100);
        }
    }
}
