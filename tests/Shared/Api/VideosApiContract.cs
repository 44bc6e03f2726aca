using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SoraFunctions.Api.Contract;

/// <summary>
/// The HTTP API's contract, checked against every host that serves it (the local server, the Functions app's HTTP
/// functions): shapes, status codes and problem codes, idempotency, the events webhook. The host must refuse every
/// prompt at screening (or stand in for the pipeline), so no test here renders a clip.
/// </summary>
public abstract class VideosApiContract
{
    protected abstract HttpClient Http { get; }

    /// <summary>The host's account rules, to make other members with (<see cref="Http"/> calls as the machine's own member).</summary>
    protected abstract Accounts Accounts { get; }

    protected static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_created_video_has_the_openai_shape_reads_back_lists_and_has_no_content_yet()
    {
        var created = await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A boat drifts on a calm sea at sunset", seconds = "4", size = "1280x720", seed = 9 });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var video = await ReadAsync(created);
        var id = video.GetProperty("id").GetString()!;
        Assert.StartsWith("video_", id);
        Assert.Equal(("video", "sora-2", "4", "1280x720", 9L), (video.GetProperty("object").GetString(), video.GetProperty("model").GetString(),
            video.GetProperty("seconds").GetString(), video.GetProperty("size").GetString(), video.GetProperty("seed").GetInt64()));
        Assert.Contains(video.GetProperty("status").GetString(), new[] { "queued", "in_progress", "failed" });
        Assert.Equal(JsonValueKind.Null, video.GetProperty("expires_at").ValueKind); // kept until deleted
        Assert.Equal(JsonValueKind.Null, video.GetProperty("edited_from_video_id").ValueKind);
        var editOfUnknown = await Http.PostAsJsonAsync("/v1/videos/edits", new { video_id = "video_0123", edits = new object[] { new { type = "loop" } } });
        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (editOfUnknown.StatusCode, (await ReadAsync(editOfUnknown)).GetProperty("code").GetString()));
        var editOfDraft = await Http.PostAsJsonAsync("/v1/videos/edits", new { video_id = id, edits = new object[] { new { type = "loop" } } });
        Assert.Equal((HttpStatusCode.Conflict, "VIDEO.NOT_READY"), (editOfDraft.StatusCode, (await ReadAsync(editOfDraft)).GetProperty("code").GetString()));
        var extensionOfUnknown = await Http.PostAsJsonAsync("/v1/videos/extensions", new { video_id = "video_0123", seconds = "4" });
        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (extensionOfUnknown.StatusCode, (await ReadAsync(extensionOfUnknown)).GetProperty("code").GetString()));
        Assert.Equal(JsonValueKind.Null, video.GetProperty("extended_from_video_id").ValueKind);
        Assert.Equal(id, (await ReadAsync(await Http.GetAsync($"/v1/videos/{id}"))).GetProperty("id").GetString());
        var list = await ReadAsync(await Http.GetAsync("/v1/videos?limit=5"));
        Assert.Equal(("list", id), (list.GetProperty("object").GetString(), list.GetProperty("data")[0].GetProperty("id").GetString()));
        var content = await Http.GetAsync($"/v1/videos/{id}/content");
        Assert.Equal((HttpStatusCode.Conflict, "VIDEO.NOT_READY"), (content.StatusCode, (await ReadAsync(content)).GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Ones_own_videos_list_newest_first_or_oldest_first_as_asked_and_a_video_asked_for_bare_is_openais_default()
    {
        var ids = new List<string>();
        foreach (var when in new[] { "dawn", "noon", "dusk" })
        {
            var video = await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = $"A boat drifts on a calm sea at {when}" }));
            Assert.Equal(("sora-2", "4", "720x1280"), (video.GetProperty("model").GetString(), video.GetProperty("seconds").GetString(), video.GetProperty("size").GetString()));
            ids.Add(video.GetProperty("id").GetString()!);
            await Task.Delay(10); // one after another, not within one millisecond (ties are ordered by id)
        }

        async Task<IEnumerable<string>> ListAsync(string query) =>
            (await ReadAsync(await Http.GetAsync($"/v1/videos?{query}"))).GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToList();
        Assert.Equal(Enumerable.Reverse(ids), await ListAsync("limit=5"));
        Assert.Equal(ids, await ListAsync("order=asc"));
        Assert.Equal(ids[1..], await ListAsync($"order=asc&after={ids[0]}"));
        Assert.Equal([ids[1], ids[0]], await ListAsync($"order=desc&after={ids[2]}"));
        var sideways = await Http.GetAsync("/v1/videos?order=sideways");
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.ORDER.UNSUPPORTED"), (sideways.StatusCode, (await ReadAsync(sideways)).GetProperty("code").GetString()));
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_video_and_another_body_under_it_is_a_conflict()
    {
        async Task<HttpResponseMessage> PostAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/videos") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "order-17");
            return await Http.SendAsync(request);
        }

        var first = (await ReadAsync(await PostAsync(new { prompt = "fireflies in a forest at night", seconds = "4" }))).GetProperty("id").GetString();
        var retry = (await ReadAsync(await PostAsync(new { prompt = "fireflies in a forest at night", seconds = "4" }))).GetProperty("id").GetString();
        var conflict = await PostAsync(new { prompt = "fireflies in a forest at dawn", seconds = "4" });

        Assert.Equal(first, retry);
        Assert.Single((await ReadAsync(await Http.GetAsync("/v1/videos"))).GetProperty("data").EnumerateArray());
        Assert.Equal((HttpStatusCode.Conflict, "IDEMPOTENCY.KEY_REUSED"), (conflict.StatusCode, (await ReadAsync(conflict)).GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData("{\"prompt\": ", "VALIDATION.BODY.MALFORMED")]
    [InlineData("[1,2]", "VALIDATION.BODY.MALFORMED")]
    [InlineData("{\"prompt\": \"a fox\", \"size\": \"640x480\"}", "VALIDATION.SIZE.UNSUPPORTED")]
    [InlineData("{\"prompt\": \"a fox\", \"seconds\": \"9\"}", "VALIDATION.SECONDS.UNSUPPORTED")]
    [InlineData("{\"prompt\": \"\"}", "VALIDATION.PROMPT.EMPTY")]
    [InlineData("{\"prompt\": \"make a cool video\", \"strict\": true}", "VALIDATION.PROMPT.VAGUE")]
    [InlineData("{\"prompt\": \"a fox\", \"model\": \"sora-2\", \"size\": \"1024x1792\"}", "VALIDATION.SIZE.NOT_FOR_MODEL")]
    [InlineData("{\"prompt\": \"a fox\", \"edits\": [{\"type\": \"blur\"}]}", "EDIT.TYPE.UNKNOWN")]
    [InlineData("{\"prompt\": \"a fox\", \"seed\": -1}", "VALIDATION.SEED.OUT_OF_RANGE")]
    public async Task Bad_requests_get_problem_details_with_a_stable_code_and_nothing_is_recorded(string body, string code)
    {
        var response = await Http.PostAsync("/v1/videos", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadAsync(response);
        Assert.Equal((code, 400), (problem.GetProperty("code").GetString(), problem.GetProperty("status").GetInt32()));
        Assert.Empty((await ReadAsync(await Http.GetAsync("/v1/videos"))).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Size_errors_list_the_allowed_values()
    {
        var problem = await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "a fox", size = "1x1" }));

        Assert.Equal(["720x1280", "1280x720", "1024x1792", "1792x1024"], problem.GetProperty("allowed").EnumerateArray().Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("/v1/videos/video_nope", HttpStatusCode.NotFound, "VIDEO.NOT_FOUND")]
    [InlineData("/v1/videos/video_nope/content?variant=gif", HttpStatusCode.BadRequest, "VALIDATION.VARIANT.UNSUPPORTED")]
    [InlineData("/v1/videos/video_nope/content", HttpStatusCode.NotFound, "VIDEO.NOT_FOUND")]
    [InlineData("/v1/videos?limit=0", HttpStatusCode.BadRequest, "VALIDATION.LIMIT.OUT_OF_RANGE")]
    [InlineData("/v1/videos?limit=many", HttpStatusCode.BadRequest, "VALIDATION.LIMIT.OUT_OF_RANGE")]
    public async Task Unknown_videos_variants_and_limits_are_clear_errors_in_both_shapes(string path, HttpStatusCode status, string code)
    {
        var response = await Http.GetAsync(path);
        var problem = await ReadAsync(response);

        Assert.Equal((status, code), (response.StatusCode, problem.GetProperty("code").GetString()));
        // OpenAI's error object too, which its SDKs read: the same sentence and code.
        var error = problem.GetProperty("error");
        Assert.Equal((problem.GetProperty("detail").GetString(), "invalid_request_error", JsonValueKind.Null, code),
            (error.GetProperty("message").GetString(), error.GetProperty("type").GetString(), error.GetProperty("param").ValueKind, error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_request_without_a_valid_credential_is_refused_with_its_code_and_a_bearer_challenge()
    {
        using var anonymous = OpenApiConformance.Client(Http.BaseAddress!);
        using var forged = OpenApiConformance.Client(Http.BaseAddress!);
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "sora_sk_forged");

        var missing = await anonymous.GetAsync("/v1/videos");
        var invalid = await forged.PostAsJsonAsync("/v1/videos", new { prompt = "A boat drifts on a calm sea" });
        var me = await anonymous.GetAsync("/v1/me");

        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH.MISSING", "Bearer"), (missing.StatusCode, (await ReadAsync(missing)).GetProperty("code").GetString(), missing.Headers.WwwAuthenticate.Single().Scheme));
        var refusal = await ReadAsync(invalid);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH.KEY_INVALID", "authentication_error"),
            (invalid.StatusCode, refusal.GetProperty("code").GetString(), refusal.GetProperty("error").GetProperty("type").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task Another_members_video_does_not_exist_for_them_and_their_list_holds_only_their_own()
    {
        var mine = (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A boat drifts on a calm sea at sunset", seconds = "4" }))).GetProperty("id").GetString();
        using var other = await OtherMemberAsync("another.member");

        var get = await other.GetAsync($"/v1/videos/{mine}");
        var content = await other.GetAsync($"/v1/videos/{mine}/content");
        var list = await ReadAsync(await other.GetAsync("/v1/videos"));
        var me = await ReadAsync(await other.GetAsync("/v1/me"));

        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (get.StatusCode, (await ReadAsync(get)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (content.StatusCode, (await ReadAsync(content)).GetProperty("code").GetString()));
        Assert.Equal(0, list.GetProperty("data").GetArrayLength());
        Assert.Equal("another.member", me.GetProperty("username").GetString());
    }

    [Fact]
    public async Task A_member_deletes_their_own_video_in_the_openai_shape_and_no_one_elses()
    {
        var mine = (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A boat drifts on a calm sea at sunset", seconds = "4" }))).GetProperty("id").GetString();
        using var other = await OtherMemberAsync("deleter.contract");

        var theirs = await other.DeleteAsync($"/v1/videos/{mine}");
        var deleted = await ReadAsync(await Http.DeleteAsync($"/v1/videos/{mine}"));
        var again = await Http.DeleteAsync($"/v1/videos/{mine}");

        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (theirs.StatusCode, (await ReadAsync(theirs)).GetProperty("code").GetString()));
        Assert.Equal((mine, "video.deleted", true), (deleted.GetProperty("id").GetString(), deleted.GetProperty("object").GetString(), deleted.GetProperty("deleted").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/videos/{mine}")).StatusCode);
    }

    [Fact]
    public async Task Webhook_endpoints_are_made_with_a_secret_shown_once_changed_rotated_listed_and_deleted_by_their_member_alone()
    {
        using var owner = await OtherMemberAsync("hooked.contract");
        using var stranger = await OtherMemberAsync("nosy.contract");

        var created = await owner.PostAsJsonAsync("/v1/webhook_endpoints", new { name = "Renders", url = "https://example.com/hooks", event_types = new[] { "video.completed", "video.failed" } });
        var endpoint = await ReadAsync(created);
        var id = endpoint.GetProperty("id").GetString();
        var listed = (await ReadAsync(await owner.GetAsync("/v1/webhook_endpoints"))).GetProperty("data");
        var hidden = await stranger.GetAsync($"/v1/webhook_endpoints/{id}/deliveries");
        var strangersRead = await stranger.GetAsync($"/v1/webhook_endpoints/{id}");
        var deliveries = (await ReadAsync(await owner.GetAsync($"/v1/webhook_endpoints/{id}/deliveries"))).GetProperty("data");
        var changed = await ReadAsync(await owner.PostAsJsonAsync($"/v1/webhook_endpoints/{id}", new { name = "Finished renders", event_types = new[] { "video.completed" } }));
        var rotated = await ReadAsync(await owner.PostAsJsonAsync($"/v1/webhook_endpoints/{id}/rotate_secret", new { keep_old_secret_active_for_24_hours = true }));
        var badName = await owner.PostAsJsonAsync($"/v1/webhook_endpoints/{id}", new { name = "" });
        var types = (await ReadAsync(await owner.GetAsync("/v1/webhook_event_types"))).GetProperty("data");
        var strangersDelete = await stranger.DeleteAsync($"/v1/webhook_endpoints/{id}");
        var deleted = await owner.DeleteAsync($"/v1/webhook_endpoints/{id}");

        Assert.Equal((HttpStatusCode.Created, "webhook_endpoint", "Renders"), (created.StatusCode, endpoint.GetProperty("object").GetString(), endpoint.GetProperty("name").GetString()));
        var secret = endpoint.GetProperty("signing_secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal($"whsec_…{secret[^4..]}", endpoint.GetProperty("signing_secret_hint").GetString());
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
        Assert.False(listed[0].TryGetProperty("signing_secret", out _));
        Assert.Equal((HttpStatusCode.NotFound, "WEBHOOK.NOT_FOUND"), (hidden.StatusCode, (await ReadAsync(hidden)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, strangersRead.StatusCode);
        Assert.Equal(0, deliveries.GetArrayLength());
        Assert.Equal(("Finished renders", "[\"video.completed\"]"), (changed.GetProperty("name").GetString(), changed.GetProperty("event_types").GetRawText()));
        Assert.NotEqual(secret, rotated.GetProperty("signing_secret").GetString());
        Assert.Equal((HttpStatusCode.BadRequest, "WEBHOOK.NAME_INVALID"), (badName.StatusCode, (await ReadAsync(badName)).GetProperty("code").GetString()));
        Assert.Contains("video.completed", types.EnumerateArray().Select(type => type.GetString()));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK), (strangersDelete.StatusCode, deleted.StatusCode));
        Assert.Equal(0, (await ReadAsync(await owner.GetAsync("/v1/webhook_endpoints"))).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task The_API_describes_itself_as_docs_openapi_json_says_and_serves_a_reference_page_from_its_own_origin()
    {
        using var anyone = OpenApiConformance.Client(Http.BaseAddress!);
        var served = JsonNode.Parse(await anyone.GetStringAsync("/openapi/v1.json"))!;
        var kept = JsonNode.Parse(await File.ReadAllTextAsync(OpenApiConformance.DocumentPath()))!;
        var page = await anyone.GetAsync("/docs/");
        var script = await anyone.GetAsync("/docs/scalar.js");
        var html = await page.Content.ReadAsStringAsync();

        // The local server makes it from its routes: a difference means docs/openapi.json is stale (scripts/openapi.sh).
        Assert.True(JsonNode.DeepEquals(kept, served), "docs/openapi.json differs from the routes' description: run scripts/openapi.sh");
        Assert.Equal("3.1.1", served["openapi"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, "text/html"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.Equal((HttpStatusCode.OK, "text/javascript"), (script.StatusCode, script.Content.Headers.ContentType?.MediaType));
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [Fact]
    public async Task Only_its_owner_cancels_a_video_and_an_unknown_one_is_not_found()
    {
        using var stranger = await OtherMemberAsync("canceller.contract");
        var mine = (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A kite over a beach at noon", seconds = "4" }))).GetProperty("id").GetString();

        var byStranger = await stranger.PostAsync($"/v1/videos/{mine}/cancel", null);
        var unknown = await Http.PostAsync("/v1/videos/video_0123/cancel", null);
        var byOwner = await Http.PostAsync($"/v1/videos/{mine}/cancel", null);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (byStranger.StatusCode, unknown.StatusCode));
        // Cancelled while being made, or refused at screening first (this host refuses every prompt): either way not made.
        Assert.True(
            byOwner.StatusCode == HttpStatusCode.OK
                ? (await ReadAsync(byOwner)).GetProperty("error").GetProperty("code").GetString() == "VIDEO.CANCELLED"
                : byOwner.StatusCode == HttpStatusCode.Conflict && (await ReadAsync(byOwner)).GetProperty("code").GetString() == "VIDEO.NOT_CANCELLABLE",
            $"cancel answered {byOwner.StatusCode}");
        Assert.Equal("failed", (await ReadAsync(await Http.GetAsync($"/v1/videos/{mine}"))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_key_made_over_the_api_is_shown_once_works_and_stops_working_once_revoked()
    {
        var key = await ReadAsync(await Http.PostAsJsonAsync("/v1/keys", new { name = "contract" }));
        using var program = OpenApiConformance.Client(Http.BaseAddress!);
        program.DefaultRequestHeaders.Authorization = new("Bearer", key.GetProperty("key").GetString());

        var before = await program.GetAsync("/v1/me");
        await Http.DeleteAsync($"/v1/keys/{key.GetProperty("id").GetString()}");
        var after = await program.GetAsync("/v1/me");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH.KEY_REVOKED"), (after.StatusCode, (await ReadAsync(after)).GetProperty("code").GetString()));
        Assert.DoesNotContain((await ReadAsync(await Http.GetAsync("/v1/keys"))).GetProperty("data").EnumerateArray(), k => k.TryGetProperty("key", out _));
    }

    [Fact]
    public async Task A_password_change_needs_the_current_one_and_a_strong_new_one_and_ends_the_browser_sessions_signed_in_with_the_old()
    {
        using var key = await OtherMemberAsync("pat.contract");
        async Task<HttpClient> SignInAsync(string password)
        {
            var browser = OpenApiConformance.Client(Http.BaseAddress!, handler: new HttpClientHandler { CookieContainer = new CookieContainer() });
            var signedIn = await browser.PostAsJsonAsync("/v1/sessions", new { username = "pat.contract", password });
            return signedIn.IsSuccessStatusCode ? browser : throw new InvalidOperationException($"Sign-in answered {signedIn.StatusCode}.");
        }

        using var browser = await SignInAsync("a long enough password");
        var wrong = await key.PutAsJsonAsync("/v1/me/password", new { current_password = "not it at all", new_password = "a brand new passphrase" });
        var weak = await key.PutAsJsonAsync("/v1/me/password", new { current_password = "a long enough password", new_password = "short" });
        var stillSignedIn = await browser.GetAsync("/v1/me");
        var changed = await key.PutAsJsonAsync("/v1/me/password", new { current_password = "a long enough password", new_password = "a brand new passphrase" });
        var signedOut = await browser.GetAsync("/v1/me");
        var oldPassword = await Http.PostAsJsonAsync("/v1/sessions", new { username = "pat.contract", password = "a long enough password" });
        using var again = await SignInAsync("a brand new passphrase");

        Assert.Equal((HttpStatusCode.Forbidden, "ACCOUNT.PASSWORD_WRONG"), (wrong.StatusCode, (await ReadAsync(wrong)).GetProperty("code").GetString()));
        Assert.Equal("ACCOUNT.PASSWORD_WEAK", (await ReadAsync(weak)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH.SIGN_IN_FAILED"), (oldPassword.StatusCode, (await ReadAsync(oldPassword)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_prompt_is_reviewed_while_typed_and_a_video_s_progress_streams_to_its_owner_alone()
    {
        using var stranger = await OtherMemberAsync("stranger.contract");
        var id = (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A lighthouse on a cliff at dusk, waves below", seconds = "4" })))
            .GetProperty("id").GetString();

        var vague = await ReadAsync(await Http.PostAsJsonAsync("/v1/prompts/review", new { prompt = "a dog" }));
        var specific = await ReadAsync(await Http.PostAsJsonAsync("/v1/prompts/review",
            new { prompt = "A golden retriever runs along a foggy beach at dawn, handheld camera, waves crashing, warm film look" }));
        using var stream = await Http.GetAsync($"/v1/videos/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var name = await events.ReadLineAsync();
        var data = JsonDocument.Parse((await events.ReadLineAsync())!["data: ".Length..]).RootElement;
        var hidden = await stranger.GetAsync($"/v1/videos/{id}/events");

        Assert.True(vague.GetProperty("vague").GetBoolean());
        Assert.NotEmpty(vague.GetProperty("suggestions").EnumerateArray());
        Assert.False(specific.GetProperty("vague").GetBoolean());
        Assert.True(specific.GetProperty("specificity").GetDouble() > vague.GetProperty("specificity").GetDouble());
        Assert.Equal(("text/event-stream", "event: video", id), (stream.Content.Headers.ContentType?.MediaType, name, data.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task A_member_s_liked_posts_are_a_feed_page_and_a_cursor_is_one_a_page_gave()
    {
        using var member = await OtherMemberAsync("liker.contract");

        var likes = await ReadAsync(await member.GetAsync("/v1/me/likes?limit=5"));
        var forged = await member.GetAsync("/v1/me/likes?cursor=..%2Fx");

        Assert.Equal(("list", 0, false), (likes.GetProperty("object").GetString(), likes.GetProperty("data").GetArrayLength(), likes.GetProperty("has_more").GetBoolean()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.CURSOR.INVALID"), (forged.StatusCode, (await ReadAsync(forged)).GetProperty("code").GetString()));
    }

    [Fact]
    public async Task The_browser_app_is_served_from_the_api_s_origin_under_a_policy_that_loads_nothing_from_elsewhere()
    {
        using var anonymous = OpenApiConformance.Client(Http.BaseAddress!);

        var page = await anonymous.GetAsync("/");
        var shared = await anonymous.GetAsync("/shared/video_x.secret");
        var script = await anonymous.GetAsync("/app/app.js");
        var climbing = await anonymous.GetAsync("/app/..%2F..%2Fhost.json");
        var unknown = await anonymous.GetAsync("/app/missing.js");

        Assert.Equal(("text/html", "text/javascript"), (page.Content.Headers.ContentType?.MediaType, script.Content.Headers.ContentType?.MediaType));
        var versioned = Regex.Match(await page.Content.ReadAsStringAsync(), "<script type=\"module\" src=\"(/app/v-[0-9a-f]+/app.js)\">");
        Assert.True(versioned.Success);
        Assert.Equal(await script.Content.ReadAsStringAsync(), await anonymous.GetStringAsync(versioned.Groups[1].Value));
        Assert.Equal(await page.Content.ReadAsStringAsync(), await shared.Content.ReadAsStringAsync());
        Assert.StartsWith("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (climbing.StatusCode, unknown.StatusCode));
    }

    [Fact]
    public async Task Follows_count_make_mutuals_and_a_block_hides_each_from_the_other_and_ends_their_follows()
    {
        using var ann = await OtherMemberAsync("ann.contract");
        using var bob = await OtherMemberAsync("bob.contract");

        var followed = await ReadAsync(await ann.PostAsync("/v1/members/bob.contract/follow", null));
        await ann.PostAsync("/v1/members/bob.contract/follow", null); // again: no change
        await bob.PostAsync("/v1/members/ANN.CONTRACT/follow", null);
        var mutual = await ReadAsync(await bob.GetAsync("/v1/members/ann.contract"));
        var followers = await ReadAsync(await Http.GetAsync("/v1/members/bob.contract/followers"));
        var self = await ann.PostAsync("/v1/members/ann.contract/follow", null);

        Assert.Equal((1, true, false), (followed.GetProperty("followers").GetInt32(), followed.GetProperty("relationship").GetProperty("following").GetBoolean(),
            followed.GetProperty("relationship").GetProperty("mutual").GetBoolean()));
        Assert.True(mutual.GetProperty("relationship").GetProperty("mutual").GetBoolean());
        Assert.Equal(["ann.contract"], followers.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("username").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "RELATION.SELF"), (self.StatusCode, (await ReadAsync(self)).GetProperty("code").GetString()));

        var blocked = await ReadAsync(await bob.PostAsync("/v1/members/ann.contract/block", null));
        var annSeesBob = await ann.GetAsync("/v1/members/bob.contract");
        var bobSeesAnn = await bob.GetAsync("/v1/members/ann.contract");
        var annFollows = await ann.PostAsync("/v1/members/bob.contract/follow", null);
        var counts = await ReadAsync(await Http.GetAsync("/v1/members/bob.contract"));
        var blocks = await ReadAsync(await bob.GetAsync("/v1/me/blocks"));

        Assert.True(blocked.GetProperty("relationship").GetProperty("blocking").GetBoolean());
        Assert.Equal((HttpStatusCode.NotFound, "ACCOUNT.NOT_FOUND"), (annSeesBob.StatusCode, (await ReadAsync(annSeesBob)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, bobSeesAnn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, annFollows.StatusCode);
        Assert.Equal((0, 0), (counts.GetProperty("followers").GetInt32(), counts.GetProperty("following").GetInt32()));
        Assert.Equal(["ann.contract"], blocks.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("username").GetString()));

        await bob.DeleteAsync("/v1/members/ann.contract/block");
        var again = await ReadAsync(await ann.GetAsync("/v1/members/bob.contract"));
        Assert.False(again.GetProperty("relationship").GetProperty("following").GetBoolean());
    }

    [Fact]
    public async Task An_admin_suspends_a_member_whose_every_request_is_then_refused_until_reinstated()
    {
        using var member = await OtherMemberAsync("suspended.contract");
        using var peer = await OtherMemberAsync("peer.contract");

        var notAdmin = await peer.PostAsync("/v1/members/suspended.contract/suspend", null);
        var suspended = await ReadAsync(await Http.PostAsync("/v1/members/suspended.contract/suspend", null));
        var refused = await member.GetAsync("/v1/videos");
        await Http.DeleteAsync("/v1/members/suspended.contract/suspend");
        var reinstated = await member.GetAsync("/v1/videos");

        Assert.Equal((HttpStatusCode.Forbidden, "AUTH.FORBIDDEN"), (notAdmin.StatusCode, (await ReadAsync(notAdmin)).GetProperty("code").GetString()));
        Assert.Equal("suspended", suspended.GetProperty("state").GetString());
        Assert.Equal((HttpStatusCode.Forbidden, "AUTH.MEMBER_SUSPENDED"), (refused.StatusCode, (await ReadAsync(refused)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.OK, reinstated.StatusCode);
    }

    [Fact]
    public async Task Cameo_routes_issue_challenges_take_recordings_and_keep_each_cameo_to_its_owner()
    {
        var issued = await Http.PostAsync("/v1/videos/characters/challenges", null);
        var challenge = await ReadAsync(issued);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("not really a video")), "video", "me.webm" },
            { new StringContent(challenge.GetProperty("id").GetString()!), "challenge_id" },
            { new StringContent("Me"), "name" },
        };
        var recorded = await Http.PostAsync("/v1/videos/characters", form);
        var cameo = await ReadAsync(recorded);
        var id = cameo.GetProperty("id").GetString()!;
        using var other = await OtherMemberAsync("cameo_stranger");

        Assert.Equal((HttpStatusCode.Created, "character.challenge"), (issued.StatusCode, challenge.GetProperty("object").GetString()));
        Assert.Matches("^[0-9]{6}$", challenge.GetProperty("digits").GetString());
        Assert.Contains(challenge.GetProperty("turn").GetString(), new[] { "left", "right" });
        Assert.Equal((HttpStatusCode.Accepted, "character", "Me"), (recorded.StatusCode, cameo.GetProperty("object").GetString(), cameo.GetProperty("name").GetString()));
        Assert.StartsWith("cameo_", id);
        Assert.Contains(id, (await ReadAsync(await Http.GetAsync("/v1/videos/characters"))).GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/v1/videos/characters/{id}")).StatusCode);
        foreach (var answer in new[]
        {
            await other.GetAsync($"/v1/videos/characters/{id}"),
            await other.PatchAsJsonAsync($"/v1/videos/characters/{id}", new { permission = "everyone" }),
            await other.DeleteAsync($"/v1/videos/characters/{id}"),
        })
        {
            Assert.Equal((HttpStatusCode.NotFound, "CAMEO.NOT_FOUND"), (answer.StatusCode, (await ReadAsync(answer)).GetProperty("code").GetString()));
        }

        var badPermission = await Http.PatchAsJsonAsync($"/v1/videos/characters/{id}", new { permission = "sometimes" });
        var unknownMember = await Http.PatchAsJsonAsync($"/v1/videos/characters/{id}", new { approved = new[] { "nobody_at_all" } });
        // Without a challenge the video is a character's (no person): it needs a name, and a handle no one has.
        MultipartFormDataContent Character(params (string Name, string Value)[] fields)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "video", "pet.mp4" } };
            foreach (var (name, value) in fields)
            {
                form.Add(new StringContent(value), name);
            }

            return form;
        }

        var unnamed = await Http.PostAsync("/v1/videos/characters", Character());
        var badHandle = await Http.PostAsync("/v1/videos/characters", Character(("name", "Mossy"), ("handle", "no spaces")));
        var takenHandle = await Http.PostAsync("/v1/videos/characters", Character(("name", "Mossy"), ("handle", "@Cameo_Stranger")));
        var notAForm = await Http.PostAsJsonAsync("/v1/videos/characters", new { name = "me" });
        var review = await Http.PostAsJsonAsync("/v1/videos/video_nope/review", new { decision = "approve" });
        Assert.Equal((HttpStatusCode.BadRequest, "CAMEO.PERMISSION_INVALID"), (badPermission.StatusCode, (await ReadAsync(badPermission)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "ACCOUNT.NOT_FOUND"), (unknownMember.StatusCode, (await ReadAsync(unknownMember)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "CAMEO.NAME_INVALID"), (unnamed.StatusCode, (await ReadAsync(unnamed)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "CAMEO.HANDLE_INVALID"), (badHandle.StatusCode, (await ReadAsync(badHandle)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.Conflict, "CAMEO.HANDLE_TAKEN"), (takenHandle.StatusCode, (await ReadAsync(takenHandle)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.BODY.MALFORMED"), (notAForm.StatusCode, (await ReadAsync(notAForm)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (review.StatusCode, (await ReadAsync(review)).GetProperty("code").GetString()));

        var deleted = await Http.DeleteAsync($"/v1/videos/characters/{id}");
        Assert.Equal(("character.deleted", true), ((await ReadAsync(deleted)).GetProperty("object").GetString(), (await ReadAsync(deleted)).GetProperty("deleted").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/videos/characters/{id}")).StatusCode);
    }

    [Fact]
    public async Task Only_its_owner_posts_a_video_once_it_is_published_and_a_member_s_posts_list_for_those_who_may_see_them()
    {
        var id = (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A boat drifts on a calm sea at sunset", seconds = "4" })))
            .GetProperty("id").GetString()!;
        using var other = await OtherMemberAsync("post_stranger");

        var early = await Http.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Calm" });
        var stranger = await other.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Mine now" });
        var strangerUnposts = await other.DeleteAsync($"/v1/videos/{id}/post");
        var posts = await ReadAsync(await other.GetAsync("/v1/members/local/videos"));
        var nobody = await other.GetAsync("/v1/members/nobody_here/videos");
        var badLimit = await other.GetAsync("/v1/members/local/videos?limit=0");

        Assert.Equal((HttpStatusCode.Conflict, "VIDEO.NOT_READY"), (early.StatusCode, (await ReadAsync(early)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (stranger.StatusCode, (await ReadAsync(stranger)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, strangerUnposts.StatusCode);
        Assert.Equal(("list", 0), (posts.GetProperty("object").GetString(), posts.GetProperty("data").GetArrayLength()));
        Assert.Equal((HttpStatusCode.NotFound, "ACCOUNT.NOT_FOUND"), (nobody.StatusCode, (await ReadAsync(nobody)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.LIMIT.OUT_OF_RANGE"), (badLimit.StatusCode, (await ReadAsync(badLimit)).GetProperty("code").GetString()));
        Assert.Equal(JsonValueKind.Null, (await ReadAsync(await Http.GetAsync($"/v1/videos/{id}"))).GetProperty("posted_at").ValueKind);
    }

    [Fact]
    public async Task A_remix_needs_a_finished_video_the_caller_may_see()
    {
        var id = (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A fox in the snow at dawn", seconds = "4" }))).GetProperty("id").GetString()!;
        using var other = await OtherMemberAsync("remix_stranger");

        var early = await Http.PostAsJsonAsync($"/v1/videos/{id}/remix", new { prompt = "at night" });
        var stranger = await other.PostAsJsonAsync($"/v1/videos/{id}/remix", new { prompt = "at night" });
        var missing = await Http.PostAsJsonAsync("/v1/videos/video_nope/remix", new { prompt = "at night" });
        var malformed = await Http.PostAsync($"/v1/videos/{id}/remix", new StringContent("[", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.Conflict, "VIDEO.NOT_READY"), (early.StatusCode, (await ReadAsync(early)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (stranger.StatusCode, (await ReadAsync(stranger)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.BODY.MALFORMED"), (malformed.StatusCode, (await ReadAsync(malformed)).GetProperty("code").GetString()));
        Assert.Equal(JsonValueKind.Null, (await ReadAsync(await Http.GetAsync($"/v1/videos/{id}"))).GetProperty("remixed_from_video_id").ValueKind);
    }

    [Fact]
    public async Task Feeds_page_as_lists_and_refuse_a_cursor_they_did_not_give()
    {
        using var member = await OtherMemberAsync("feed_reader");

        var following = await ReadAsync(await member.GetAsync("/v1/feed/following?limit=5"));
        var forYou = await ReadAsync(await member.GetAsync("/v1/feed/for_you?explain=true"));
        var badCursor = await member.GetAsync("/v1/feed/following?cursor=yesterday");
        var lastMoment = await member.GetAsync("/v1/feed/for_you?cursor=253402300799999_x");
        var badExplain = await member.GetAsync("/v1/feed/for_you?explain=maybe");
        var badLimit = await member.GetAsync("/v1/feed/for_you?limit=0");
        var anonymous = await OpenApiConformance.Client(Http.BaseAddress!).GetAsync("/v1/feed/following");

        Assert.Equal(("list", 0, false), (following.GetProperty("object").GetString(), following.GetProperty("data").GetArrayLength(), following.GetProperty("has_more").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, following.GetProperty("next_cursor").ValueKind);
        Assert.Equal(("list", 0), (forYou.GetProperty("object").GetString(), forYou.GetProperty("data").GetArrayLength()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.CURSOR.INVALID"), (badCursor.StatusCode, (await ReadAsync(badCursor)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.CURSOR.INVALID"), (lastMoment.StatusCode, (await ReadAsync(lastMoment)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.EXPLAIN.INVALID"), (badExplain.StatusCode, (await ReadAsync(badExplain)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Search_finds_members_by_name_refuses_a_query_with_nothing_to_look_for_and_discover_answers_a_new_member()
    {
        using var member = await OtherMemberAsync("search_reader");
        using var found = await OtherMemberAsync("searchable_sam");

        var people = await ReadAsync(await member.GetAsync("/v1/search/members?q=%40Searchable"));
        var posts = await ReadAsync(await member.GetAsync("/v1/search/posts?q=%23nothing_posted_yet"));
        var discover = await ReadAsync(await member.GetAsync("/v1/discover"));
        var empty = await member.GetAsync("/v1/search/posts?q=%20%23%20");
        var tooLong = await member.GetAsync($"/v1/search/members?q={new string('a', 101)}");
        var anonymous = await OpenApiConformance.Client(Http.BaseAddress!).GetAsync("/v1/search/members?q=sam");

        Assert.Equal(["searchable_sam"], people.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("username").GetString()));
        Assert.False(people.GetProperty("data")[0].GetProperty("relationship").GetProperty("following").GetBoolean());
        Assert.Equal(("list", 0, false), (posts.GetProperty("object").GetString(), posts.GetProperty("data").GetArrayLength(), posts.GetProperty("has_more").GetBoolean()));
        Assert.Equal("discover", discover.GetProperty("object").GetString());
        Assert.Equal(JsonValueKind.Array, discover.GetProperty("hashtags").ValueKind);
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.QUERY.INVALID"), (empty.StatusCode, (await ReadAsync(empty)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.QUERY.INVALID"), (tooLong.StatusCode, (await ReadAsync(tooLong)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Reports_name_what_the_reporter_sees_and_the_queue_is_for_moderators()
    {
        var id = (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A heron in a marsh at dawn", seconds = "4" }))).GetProperty("id").GetString()!;
        using var member = await OtherMemberAsync("reporting_member");
        using var reportedMember = await OtherMemberAsync("reported_member");

        var unseen = await member.PostAsJsonAsync("/v1/reports", new { video_id = id, reason = "spam" });
        var own = await Http.PostAsJsonAsync("/v1/reports", new { video_id = id, reason = "spam" });
        var unknownReason = await member.PostAsJsonAsync("/v1/reports", new { username = "reported_member", reason = "boring" });
        var noTarget = await member.PostAsJsonAsync("/v1/reports", new { reason = "spam" });
        var reported = await member.PostAsJsonAsync("/v1/reports", new { username = "reported_member", reason = "harassment", details = "rude" });
        var again = await member.PostAsJsonAsync("/v1/reports", new { username = "reported_member", reason = "spam" });
        var aboutTheModerator = await ReadAsync(await member.PostAsJsonAsync("/v1/reports", new { username = "local", reason = "spam" }));
        var theirOwnCase = await Http.GetAsync($"/v1/moderation/cases/{aboutTheModerator.GetProperty("case_id").GetString()}");
        var queueForMember = await member.GetAsync("/v1/moderation/cases");
        var queue = await ReadAsync(await Http.GetAsync("/v1/moderation/cases"));
        var caseId = (await ReadAsync(reported)).GetProperty("case_id").GetString();
        var noReason = await Http.PostAsJsonAsync($"/v1/moderation/cases/{caseId}/actions", new { action = "dismiss" });
        var notApplicable = await Http.PostAsJsonAsync($"/v1/moderation/cases/{caseId}/actions", new { action = "restore", reason = "nothing to restore" });
        var missing = await Http.GetAsync("/v1/moderation/cases/case_nope");

        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (unseen.StatusCode, (await ReadAsync(unseen)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "MODERATION.OWN_CONTENT"), (own.StatusCode, (await ReadAsync(own)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.REASON.UNKNOWN"), (unknownReason.StatusCode, (await ReadAsync(unknownReason)).GetProperty("code").GetString()));
        Assert.Contains("self_harm", (await ReadAsync(unknownReason)).GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.TARGET.INVALID"), (noTarget.StatusCode, (await ReadAsync(noTarget)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.Created, "report", "member"), (reported.StatusCode, (await ReadAsync(reported)).GetProperty("object").GetString(), (await ReadAsync(reported)).GetProperty("target_type").GetString()));
        Assert.Equal((HttpStatusCode.Created, caseId, "harassment"), (again.StatusCode, (await ReadAsync(again)).GetProperty("case_id").GetString(), (await ReadAsync(again)).GetProperty("reason").GetString()));
        Assert.Equal((HttpStatusCode.Forbidden, "AUTH.FORBIDDEN"), (queueForMember.StatusCode, (await ReadAsync(queueForMember)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.Forbidden, "AUTH.FORBIDDEN"), (theirOwnCase.StatusCode, (await ReadAsync(theirOwnCase)).GetProperty("code").GetString()));
        var listed = Assert.Single(queue.GetProperty("data").EnumerateArray()); // not the case about the moderator: another takes it
        Assert.Equal((caseId, 3, 1, "reporting_member", "rude"), (listed.GetProperty("id").GetString(), listed.GetProperty("severity").GetInt32(),
            listed.GetProperty("report_count").GetInt32(), listed.GetProperty("reports")[0].GetProperty("reporter").GetString(), listed.GetProperty("reports")[0].GetProperty("details").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.ACTION_REASON.MISSING"), (noReason.StatusCode, (await ReadAsync(noReason)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.Conflict, "MODERATION.ACTION_NOT_APPLICABLE"), (notApplicable.StatusCode, (await ReadAsync(notApplicable)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "MODERATION.CASE_NOT_FOUND"), (missing.StatusCode, (await ReadAsync(missing)).GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Likes_and_comments_are_for_posts_the_caller_may_see()
    {
        var id = (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A kite over a beach at noon", seconds = "4" }))).GetProperty("id").GetString()!;
        using var other = await OtherMemberAsync("engaging_stranger");

        var draft = await Http.PostAsJsonAsync($"/v1/videos/{id}/comments", new { text = "mine" });
        var unseen = await other.PostAsync($"/v1/videos/{id}/likes", null);
        var missing = await other.GetAsync("/v1/videos/video_nope/comments");
        var deleteMissing = await other.DeleteAsync($"/v1/videos/{id}/comments/comment_nope");
        var viewDraft = await Http.PostAsync($"/v1/videos/{id}/views", null);
        var shareDraft = await Http.PostAsync($"/v1/videos/{id}/shares", null);
        using var anyone = OpenApiConformance.Client(Http.BaseAddress!);
        var noShare = await anyone.GetAsync($"/v1/shared/{id}.AAAAAAAAAAAAAAAAAAAAAA");
        var junkShare = await anyone.GetAsync("/v1/shared/..%2f..%2fsora.db/content");
        var badVariant = await anyone.GetAsync($"/v1/shared/{id}.AAAAAAAAAAAAAAAAAAAAAA/content?variant=raw");

        Assert.Equal((HttpStatusCode.Conflict, "VIDEO.NOT_POSTED"), (draft.StatusCode, (await ReadAsync(draft)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (unseen.StatusCode, (await ReadAsync(unseen)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleteMissing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, viewDraft.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "VIDEO.NOT_POSTED"), (shareDraft.StatusCode, (await ReadAsync(shareDraft)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (noShare.StatusCode, (await ReadAsync(noShare)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, junkShare.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badVariant.StatusCode);
    }

    [Fact]
    public async Task Notifications_list_with_their_unread_count_are_marked_read_and_stream_it()
    {
        using var member = await OtherMemberAsync("notified_member");

        var list = await ReadAsync(await member.GetAsync("/v1/notifications"));
        var read = await ReadAsync(await member.PostAsync("/v1/notifications/read", null));
        using var stream = await member.GetAsync("/v1/notifications/stream", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var first = await events.ReadLineAsync();
        var data = await events.ReadLineAsync();
        var badLimit = await member.GetAsync("/v1/notifications?limit=1000");

        Assert.Equal(("list", 0, 0), (list.GetProperty("object").GetString(), list.GetProperty("data").GetArrayLength(), list.GetProperty("unread").GetInt32()));
        Assert.Equal(0, read.GetProperty("unread").GetInt32());
        Assert.Equal(("text/event-stream", "event: unread", "data: {\"unread\":0}"), (stream.Content.Headers.ContentType?.MediaType, first, data));
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    /// <summary>A member invited by the machine's own, and a client with their API key.</summary>
    protected async Task<HttpClient> OtherMemberAsync(string username)
    {
        var local = await Accounts.LocalMemberAsync(default);
        var invite = (await Accounts.MintInvitesAsync(local, 1, default))[0];
        var member = await Accounts.JoinAsync(invite.Code, username, "1990-04-01", "a long enough password", default);
        var client = OpenApiConformance.Client(Http.BaseAddress!);
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await Accounts.CreateKeyAsync(member, "contract", default)).Token);
        return client;
    }
}
