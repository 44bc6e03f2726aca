using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SoraFunctions.Local.Tests;

/// <summary>Reports and moderation through the local server, on a clip the pipeline renders (and warns about).</summary>
public sealed class ModerationTests : ServerTest
{
    [Fact]
    public async Task A_removal_takes_a_reported_post_out_of_feeds_labels_its_remixes_tells_everyone_and_a_restore_brings_it_back()
    {
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var (_, cid) = await MemberAsync("cid");
        var (_, mod) = await MemberAsync("moira");
        await Http.PostAsync("/v1/members/moira/moderator", null);
        await bob.PostAsync("/v1/members/ann/follow", null);
        // A bloody fight is let through for adults with a warning: the pipeline files it for the moderators.
        var id = await CreateAsync(ann, "A bloody sword fight between two knights in a castle courtyard at dusk");
        Assert.Equal("completed", (await FinishedAsync(ann, id)).GetProperty("status").GetString());
        await ann.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Duel" });
        await WaitUntilAsync(async () => (await FollowingAsync(bob)).Contains(id), "the post to reach Bob's feed");
        var remix = (await ReadAsync(await cid.PostAsJsonAsync($"/v1/videos/{id}/remix", new { prompt = "in the snow" }))).GetProperty("id").GetString()!;

        await bob.PostAsJsonAsync("/v1/reports", new { video_id = id, reason = "violence" });
        await cid.PostAsJsonAsync("/v1/reports", new { video_id = id, reason = "violence", details = "too much blood" });
        var queue = await ReadAsync(await mod.GetAsync("/v1/moderation/cases"));
        var reported = queue.GetProperty("data")[0];

        Assert.Equal(($"case_{id}", 3, 4, "ann"), (reported.GetProperty("id").GetString(), reported.GetProperty("report_count").GetInt32(),
            reported.GetProperty("severity").GetInt32(), reported.GetProperty("target").GetProperty("owner").GetString()));
        var warning = reported.GetProperty("reports").EnumerateArray().First(r => r.GetProperty("reason").GetString() == "safety_warning");
        Assert.Equal("pipeline", warning.GetProperty("reporter").GetString());
        Assert.Contains("violence", warning.GetProperty("details").GetString(), StringComparison.OrdinalIgnoreCase);

        var removed = await ReadAsync(await mod.PostAsJsonAsync($"/v1/moderation/cases/case_{id}/actions", new { action = "remove", reason = "graphic violence" }));
        var gone = await ann.GetAsync($"/v1/videos/{id}");

        Assert.Equal("removed", removed.GetProperty("status").GetString());
        var action = Assert.Single(removed.GetProperty("actions").EnumerateArray());
        Assert.Equal(("moira", "remove", "graphic violence"), (action.GetProperty("moderator").GetString(), action.GetProperty("action").GetString(), action.GetProperty("reason").GetString()));
        Assert.Equal((HttpStatusCode.Gone, "MODERATION.REMOVED"), (gone.StatusCode, (await ReadAsync(gone)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/videos/{id}")).StatusCode);
        Assert.DoesNotContain($"case_{id}", (await ReadAsync(await mod.GetAsync("/v1/moderation/cases"))).GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal([$"case_{id}"], (await ReadAsync(await mod.GetAsync("/v1/moderation/cases?status=removed"))).GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var unknownStatus = await mod.GetAsync("/v1/moderation/cases?status=gone");
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.STATUS.UNKNOWN"), (unknownStatus.StatusCode, (await ReadAsync(unknownStatus)).GetProperty("code").GetString()));
        await WaitUntilAsync(async () => !(await FollowingAsync(bob)).Contains(id), "the post to leave Bob's feed");
        await WaitForAsync(cid, remix, video => video.GetProperty("remix").GetProperty("label").GetString() == "Remix of a removed video");
        await WaitUntilAsync(async () => (await KindsAsync(ann)).Contains("content_removed") && (await KindsAsync(bob)).Contains("report_actioned")
            && (await KindsAsync(cid)).Contains("report_actioned"), "the owner and the reporters to hear of it");

        var restored = await ReadAsync(await mod.PostAsJsonAsync($"/v1/moderation/cases/case_{id}/actions", new { action = "restore", reason = "appeal upheld" }));

        Assert.Equal(("restored", 2), (restored.GetProperty("status").GetString(), restored.GetProperty("actions").GetArrayLength()));
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/v1/videos/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/v1/videos/{id}/content?variant=thumbnail")).StatusCode); // its files were kept
        await WaitUntilAsync(async () => (await FollowingAsync(bob)).Contains(id), "the post to come back to Bob's feed");
        await WaitUntilAsync(async () => (await KindsAsync(ann)).Contains("content_restored"), "the owner to hear it is back");
        await FinishedAsync(cid, remix); // its job writes into the data folder until then
    }

    [Fact]
    public async Task A_member_case_suspends_and_reinstates_a_dismissal_is_told_and_only_moderators_act()
    {
        var (_, bob) = await MemberAsync("bob");
        var (_, dan) = await MemberAsync("dan");
        var (_, eve) = await MemberAsync("eve");
        var (_, mod) = await MemberAsync("moira");
        await Http.PostAsync("/v1/members/moira/moderator", null);
        var filed = await ReadAsync(await bob.PostAsJsonAsync("/v1/reports", new { username = "dan", reason = "harassment" }));
        await bob.PostAsJsonAsync("/v1/reports", new { username = "eve", reason = "spam" });
        var caseId = filed.GetProperty("case_id").GetString();

        var byMember = await eve.PostAsJsonAsync($"/v1/moderation/cases/{caseId}/actions", new { action = "suspend", reason = "mine" });
        var modSuspendsAdmin = await mod.PostAsync("/v1/members/local/suspend", null);
        await mod.PostAsJsonAsync($"/v1/moderation/cases/{caseId}/actions", new { action = "suspend", reason = "repeated harassment" });
        var suspended = await dan.GetAsync("/v1/me");
        await mod.PostAsJsonAsync($"/v1/moderation/cases/{caseId}/actions", new { action = "restore", reason = "served" });
        var reinstated = await dan.GetAsync("/v1/me");
        var dismissed = await ReadAsync(await mod.PostAsJsonAsync("/v1/moderation/cases/case_" + (await ReadAsync(await Http.GetAsync("/v1/members/eve"))).GetProperty("id").GetString() + "/actions",
            new { action = "dismiss", reason = "not spam" }));
        var demoted = await ReadAsync(await Http.DeleteAsync("/v1/members/moira/moderator"));
        var queueAfter = await mod.GetAsync("/v1/moderation/cases");

        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, modSuspendsAdmin.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, "AUTH.MEMBER_SUSPENDED"), (suspended.StatusCode, (await ReadAsync(suspended)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.OK, reinstated.StatusCode);
        Assert.Equal("dismissed", dismissed.GetProperty("status").GetString());
        Assert.Equal("member", demoted.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, queueAfter.StatusCode);
        await WaitUntilAsync(async () => (await KindsAsync(bob)).Order().SequenceEqual(["report_actioned", "report_dismissed"]), "Bob to hear both outcomes");
    }

    private static async Task<List<string?>> FollowingAsync(HttpClient client) =>
        [.. (await ReadAsync(await client.GetAsync("/v1/feed/following"))).GetProperty("data").EnumerateArray().Select(item => item.GetProperty("id").GetString())];

    private static async Task<List<string?>> KindsAsync(HttpClient client) =>
        [.. (await ReadAsync(await client.GetAsync("/v1/notifications"))).GetProperty("data").EnumerateArray().Select(n => n.GetProperty("kind").GetString())];
}
