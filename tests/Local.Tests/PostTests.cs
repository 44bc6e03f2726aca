using System.Net;
using System.Net.Http.Json;
using SoraFunctions.Core.Events;

namespace SoraFunctions.Local.Tests;

/// <summary>Drafts and posts through the local server, with a clip the pipeline renders.</summary>
public sealed class PostTests : ServerTest
{
    /// <summary>Words no caption may hold, so that a refusal is certain whatever the analyzer's judgement.</summary>
    protected override Task PrepareDataAsync()
    {
        Directory.CreateDirectory(Data);
        return File.WriteAllTextAsync(Path.Combine(Data, Cli.LocalHost.SettingsFile), """{"Sora": {"Safety": {"BlockedTerms": ["forbidden words"]}}}""");
    }

    [Fact]
    public async Task A_posted_video_is_public_to_everyone_but_blocked_members_until_unposted_and_its_caption_is_screened()
    {
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var (_, cid) = await MemberAsync("cid");
        await cid.PostAsync("/v1/members/ann/block", null);
        var id = await CreateAsync(ann, "A red kite flies over a beach at noon, wide shot, waves crash");
        Assert.Equal("completed", (await FinishedAsync(ann, id)).GetProperty("status").GetString());

        var draft = await bob.GetAsync($"/v1/videos/{id}");
        var unsafeCaption = await ann.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "These are forbidden words" });
        var posted = await ann.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Kite day" });
        var seen = await ReadAsync(await bob.GetAsync($"/v1/videos/{id}"));

        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "SAFETY.CAPTION.BLOCKLIST"), (unsafeCaption.StatusCode, (await ReadAsync(unsafeCaption)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("Kite day", seen.GetProperty("caption").GetString());
        Assert.True(seen.GetProperty("posted_at").GetInt64() > 0);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/v1/videos/{id}/content?variant=thumbnail")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cid.GetAsync($"/v1/videos/{id}")).StatusCode); // blocked either way: hidden
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.DeleteAsync($"/v1/videos/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Mine" })).StatusCode);
        Assert.Equal([id], (await ReadAsync(await bob.GetAsync("/v1/members/ann/videos"))).GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await cid.GetAsync("/v1/members/ann/videos")).StatusCode);

        var unposted = await ann.DeleteAsync($"/v1/videos/{id}/post");

        Assert.Equal(HttpStatusCode.OK, unposted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/videos/{id}")).StatusCode);
        Assert.Equal(0, (await ReadAsync(await bob.GetAsync("/v1/members/ann/videos"))).GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync($"/v1/videos/{id}")).StatusCode);
        var deadline = DateTime.UtcNow + Patience;
        while ((await EventLogAsync()).Count(line => line.Contains(id, StringComparison.Ordinal)
            && (line.Contains(EventTypes.VideoPosted, StringComparison.Ordinal) || line.Contains(EventTypes.VideoUnposted, StringComparison.Ordinal))) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "Video.Posted and Video.Unposted were never delivered");
            await Task.Delay(50);
        }
    }
}
