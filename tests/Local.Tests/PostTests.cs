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
        await bob.PostAsync("/v1/members/ann/follow", null);
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
        await WaitUntilAsync(async () => (await FollowingAsync(bob)).Contains(id), "the post to reach Bob's Following feed");
        var shared = await bob.PostAsync($"/v1/videos/{id}/shares", null);
        var token = (await ReadAsync(shared)).GetProperty("token").GetString()!;
        using var anyone = new HttpClient { BaseAddress = Http.BaseAddress };
        var opened = await ReadAsync(await anyone.GetAsync($"/v1/shared/{token}"));
        var forged = await anyone.GetAsync($"/v1/shared/{token[..^4]}AAAA");
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        Assert.Equal(("ann", "Kite day", $"/v1/shared/{token}/content?variant=thumbnail"),
            (opened.GetProperty("author").GetString(), opened.GetProperty("caption").GetString(), opened.GetProperty("content").GetProperty("poster").GetString()));
        Assert.Equal("image/jpeg", (await anyone.GetAsync($"/v1/shared/{token}/content?variant=thumbnail")).Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        var unposted = await ann.DeleteAsync($"/v1/videos/{id}/post");

        Assert.Equal(HttpStatusCode.OK, unposted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/v1/shared/{token}")).StatusCode); // a draft again: the link opens nothing
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/videos/{id}")).StatusCode);
        Assert.Equal(0, (await ReadAsync(await bob.GetAsync("/v1/members/ann/videos"))).GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync($"/v1/videos/{id}")).StatusCode);
        await WaitForEventAsync(EventTypes.VideoPosted, id);
        await WaitForEventAsync(EventTypes.VideoUnposted, id);
        await WaitUntilAsync(async () => !(await FollowingAsync(bob)).Contains(id), "the post to leave Bob's Following feed");
    }

    private static async Task<List<string?>> FollowingAsync(HttpClient client) =>
        [.. (await ReadAsync(await client.GetAsync("/v1/feed/following"))).GetProperty("data").EnumerateArray().Select(item => item.GetProperty("id").GetString())];

    [Fact]
    public async Task A_share_link_ends_with_its_posting_and_with_its_makers_word()
    {
        var (annMember, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var id = await SeedVideoAsync(annMember, posted: true);
        using var anyone = new HttpClient { BaseAddress = Http.BaseAddress };
        var old = (await ReadAsync(await bob.PostAsync($"/v1/videos/{id}/shares", null))).GetProperty("token").GetString()!;

        await ann.DeleteAsync($"/v1/videos/{id}/post");
        await ann.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Again" });
        var fresh = (await ReadAsync(await bob.PostAsync($"/v1/videos/{id}/shares", null))).GetProperty("token").GetString()!;
        var revokedByOther = await ann.DeleteAsync($"/v1/shared/{fresh}");
        var stillOpen = await anyone.GetAsync($"/v1/shared/{fresh}");
        var revoked = await bob.DeleteAsync($"/v1/shared/{fresh}");

        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/v1/shared/{old}")).StatusCode); // the posting it was made in ended
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK), (revokedByOther.StatusCode, stillOpen.StatusCode));
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/v1/shared/{fresh}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.DeleteAsync($"/v1/shared/{old}")).StatusCode);
    }

    [Theory]
    [InlineData("caption", "Kite \u202Eyad")]
    [InlineData("comment", "Nice \u202Ekrow")]
    [InlineData("comment", "Isolated \u2067text")]
    public async Task Captions_and_comments_refuse_what_reorders_or_hides_text(string what, string text)
    {
        var (annMember, ann) = await MemberAsync("ann");
        var id = await SeedVideoAsync(annMember, posted: true);
        var body = new StringContent(what == "caption" ? $$"""{"caption": "{{text}}"}""" : $$"""{"text": "{{text}}"}""", System.Text.Encoding.UTF8, "application/json");

        var refused = await ann.PostAsync(what == "caption" ? $"/v1/videos/{id}/post" : $"/v1/videos/{id}/comments", body);

        Assert.Equal((HttpStatusCode.BadRequest, what == "caption" ? "VALIDATION.CAPTION.INVALID" : "COMMENT.INVALID"),
            (refused.StatusCode, (await ReadAsync(refused)).GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Members_like_and_comment_on_a_post_replies_go_one_deep_and_a_comment_goes_by_its_author_or_the_owner()
    {
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var (_, cid) = await MemberAsync("cid");
        var id = await CreateAsync(ann, "A lighthouse on a cliff at dusk, waves crash, slow pan");
        await FinishedAsync(ann, id);

        var onDraft = await bob.PostAsync($"/v1/videos/{id}/likes", null);
        var draftCommentByOwner = await ann.PostAsJsonAsync($"/v1/videos/{id}/comments", new { text = "first" });
        await ann.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Dusk" });
        await bob.PostAsync($"/v1/videos/{id}/likes", null);
        var twice = await ReadAsync(await bob.PostAsync($"/v1/videos/{id}/likes", null));
        await cid.PostAsync($"/v1/videos/{id}/likes", null);
        await cid.DeleteAsync($"/v1/videos/{id}/likes");
        var top = await ReadAsync(await bob.PostAsJsonAsync($"/v1/videos/{id}/comments", new { text = "Lovely light" }));
        var reply = await ReadAsync(await ann.PostAsJsonAsync($"/v1/videos/{id}/comments", new { text = "Thank you!", parent_id = top.GetProperty("id").GetString() }));
        var tooDeep = await cid.PostAsJsonAsync($"/v1/videos/{id}/comments", new { text = "Agreed", parent_id = reply.GetProperty("id").GetString() });
        var blocked = await cid.PostAsJsonAsync($"/v1/videos/{id}/comments", new { text = "These are forbidden words" });
        var empty = await cid.PostAsJsonAsync($"/v1/videos/{id}/comments", new { text = "   " });
        var cidComment = await ReadAsync(await cid.PostAsJsonAsync($"/v1/videos/{id}/comments", new { text = "Where is this?" }));
        var byStranger = await cid.DeleteAsync($"/v1/videos/{id}/comments/{top.GetProperty("id").GetString()}");
        var byAuthor = await cid.DeleteAsync($"/v1/videos/{id}/comments/{cidComment.GetProperty("id").GetString()}");
        var byOwner = await ann.DeleteAsync($"/v1/videos/{id}/comments/{top.GetProperty("id").GetString()}");
        var comments = await ReadAsync(await cid.GetAsync($"/v1/videos/{id}/comments"));
        var replies = await ReadAsync(await cid.GetAsync($"/v1/videos/{id}/comments?parent_id={top.GetProperty("id").GetString()}"));
        await bob.PostAsync($"/v1/videos/{id}/views", null);
        await bob.PostAsync($"/v1/videos/{id}/views", null); // the same day: counted once
        await cid.PostAsync($"/v1/videos/{id}/views", null);
        var counts = await ReadAsync(await ann.GetAsync($"/v1/videos/{id}/likes"));
        var bobLikes = await ReadAsync(await bob.GetAsync("/v1/me/likes"));
        var cidLikes = await ReadAsync(await cid.GetAsync("/v1/me/likes"));
        var badCursor = await bob.GetAsync("/v1/me/likes?cursor=..%2Fx");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.Conflict), (onDraft.StatusCode, draftCommentByOwner.StatusCode));
        Assert.Equal("VIDEO.NOT_POSTED", (await ReadAsync(draftCommentByOwner)).GetProperty("code").GetString());
        Assert.Equal((1, true), (twice.GetProperty("likes").GetInt32(), twice.GetProperty("liked").GetBoolean()));
        Assert.Equal(("comment", "bob", "Lovely light"), (top.GetProperty("object").GetString(), top.GetProperty("author").GetString(), top.GetProperty("text").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "COMMENT.REPLY_TOO_DEEP"), (tooDeep.StatusCode, (await ReadAsync(tooDeep)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "SAFETY.COMMENT.BLOCKLIST"), (blocked.StatusCode, (await ReadAsync(blocked)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "COMMENT.INVALID"), (empty.StatusCode, (await ReadAsync(empty)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.OK), (byStranger.StatusCode, byAuthor.StatusCode, byOwner.StatusCode));
        Assert.Equal(
            [(true, ""), (true, "")],
            comments.GetProperty("data").EnumerateArray().Select(c => (c.GetProperty("deleted").GetBoolean(), c.GetProperty("text").GetString())));
        Assert.Equal(["Thank you!"], replies.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        Assert.Equal((1, 1, 2, false), (counts.GetProperty("likes").GetInt32(), counts.GetProperty("comments").GetInt32(),
            counts.GetProperty("views").GetInt32(), counts.GetProperty("liked").GetBoolean()));
        Assert.Equal([(id, "ann", "Dusk")], bobLikes.GetProperty("data").EnumerateArray()
            .Select(post => (post.GetProperty("id").GetString(), post.GetProperty("author").GetString(), post.GetProperty("caption").GetString())));
        Assert.Empty(cidLikes.GetProperty("data").EnumerateArray()); // taken back
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.CURSOR.INVALID"), (badCursor.StatusCode, (await ReadAsync(badCursor)).GetProperty("code").GetString()));
        await ann.DeleteAsync($"/v1/videos/{id}/post");
        Assert.Empty((await ReadAsync(await bob.GetAsync("/v1/me/likes"))).GetProperty("data").EnumerateArray()); // no longer posted
        await WaitForEventAsync(EventTypes.VideoLiked, id);
        await WaitForEventAsync(EventTypes.CommentAdded, id);

        // Ann hears her clip was ready, then of each like and comment on her post (not of her own reply); Bob of her reply to him.
        Assert.Equal(["comment bob", "comment cid", "like bob", "like cid", "video_ready "], await NotificationsAsync(ann, 5));
        Assert.Equal(["reply ann"], await NotificationsAsync(bob, 1));
        Assert.Empty(await NotificationsAsync(cid, 0));
    }

    /// <summary>The member's notifications as "kind actor", sorted, once there are <paramref name="count"/> of them.</summary>
    private static async Task<List<string>> NotificationsAsync(HttpClient client, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var list = (await ReadAsync(await client.GetAsync("/v1/notifications"))).GetProperty("data").EnumerateArray()
                .Select(n => $"{n.GetProperty("kind").GetString()} {n.GetProperty("actor").GetString()}").Order().ToList();
            if (list.Count >= count)
            {
                return list;
            }

            Assert.True(DateTime.UtcNow < deadline, $"only {list.Count} notifications arrived");
            await Task.Delay(100);
        }
    }
}
