using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Local.Tests;

/// <summary>Across a block nothing reveals, reaches or notifies the other side, whichever side asks and however.</summary>
public sealed class BlockTests : ServerTest
{
    [Fact]
    public async Task A_blocked_member_learns_nothing_of_the_blocker_from_blocking_back_or_unblocking()
    {
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        await ann.PatchAsJsonAsync("/v1/me", new { bio = "Painter in Lisbon." });
        Assert.Equal(HttpStatusCode.OK, (await ann.PostAsync("/v1/members/bob/block", null)).StatusCode);

        var blockBack = await bob.PostAsync("/v1/members/ann/block", null);
        var unblock = await bob.DeleteAsync("/v1/members/ann/block");
        var nobody = await bob.PostAsync("/v1/members/nobody_at_all/block", null);
        var again = await ann.PostAsync("/v1/members/bob/block", null);

        foreach (var answer in new[] { blockBack, unblock, nobody })
        {
            Assert.Equal((HttpStatusCode.NotFound, "ACCOUNT.NOT_FOUND"), (answer.StatusCode, (await ReadAsync(answer)).GetProperty("code").GetString()));
            Assert.DoesNotContain("Lisbon", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var blocker = await ReadAsync(again);
        Assert.True(blocker.GetProperty("relationship").GetProperty("blocking").GetBoolean());
        Assert.False(blocker.TryGetProperty("followers", out _)); // no counts across a block
    }

    [Fact]
    public async Task A_blocked_member_neither_approves_the_blocker_on_a_cameo_nor_replies_to_nor_reports_their_comment()
    {
        var (bobMember, bob) = await MemberAsync("bob");
        var (_, ann) = await MemberAsync("ann");
        var (cidMember, cid) = await MemberAsync("cid");
        var cameo = await ActiveCameoAsync(bobMember);
        var post = await SeedVideoAsync(cidMember, posted: true);
        var comment = (await ReadAsync(await ann.PostAsJsonAsync($"/v1/videos/{post}/comments", new { text = "Lovely light." }))).GetProperty("id").GetString();
        await ann.PostAsync("/v1/members/bob/block", null);

        var approve = await bob.PutAsync($"/v1/videos/characters/{cameo}/approved/ann", null);
        var stranger = await bob.PutAsync($"/v1/videos/characters/{cameo}/approved/nobody_at_all", null);
        var reply = await bob.PostAsJsonAsync($"/v1/videos/{post}/comments", new { text = "I disagree.", parent_id = comment });
        var report = await bob.PostAsJsonAsync("/v1/reports", new { video_id = post, comment_id = comment, reason = "spam" });
        await AllEventsHandledAsync();

        Assert.Equal((HttpStatusCode.NotFound, "ACCOUNT.NOT_FOUND"), (approve.StatusCode, (await ReadAsync(approve)).GetProperty("code").GetString()));
        Assert.Equal((approve.StatusCode, "ACCOUNT.NOT_FOUND"), (stranger.StatusCode, (await ReadAsync(stranger)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "COMMENT.NOT_FOUND"), (reply.StatusCode, (await ReadAsync(reply)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "COMMENT.NOT_FOUND"), (report.StatusCode, (await ReadAsync(report)).GetProperty("code").GetString()));
        Assert.Empty((await ReadAsync(await ann.GetAsync("/v1/notifications"))).GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.Created, (await cid.PostAsJsonAsync($"/v1/videos/{post}/comments", new { text = "Thanks!", parent_id = comment })).StatusCode);
    }

    [Fact]
    public async Task A_like_given_before_a_block_and_handled_after_it_tells_the_blocker_nothing()
    {
        var (annMember, ann) = await MemberAsync("ann");
        var (bobMember, _) = await MemberAsync("bob");
        var post = await SeedVideoAsync(annMember, posted: true);
        var liked = EngagementEvents.Liked(post, annMember.Id, bobMember.Id, DateTimeOffset.UtcNow);
        await ann.PostAsync("/v1/members/bob/block", null);

        foreach (var handler in App.Services.GetServices<IEventHandler>())
        {
            await handler.HandleAsync(liked, default);
        }

        Assert.Empty((await ReadAsync(await ann.GetAsync("/v1/notifications"))).GetProperty("data").EnumerateArray());
    }
}
