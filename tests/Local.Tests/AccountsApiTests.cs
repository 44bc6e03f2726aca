using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Local.Tests;

/// <summary>Joining with an invite, signing in with a session cookie, API keys and invites, over HTTP on the local server.</summary>
public sealed class AccountsApiTests : ServerTest
{
    private const string Password = "correct horse battery";

    protected override Task PrepareDataAsync() => TestServer.RefuseEveryPromptAsync(Data);

    [Fact]
    public async Task A_person_joins_with_an_invite_is_signed_in_and_sees_their_own_birthdate()
    {
        var code = await InviteAsync();
        using var browser = Browser();

        var joined = await browser.PostAsJsonAsync("/v1/accounts", new { invite_code = code.ToLowerInvariant(), username = "Ann.Lee", birthdate = "1990-04-01", password = Password });

        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var cookies = joined.Headers.GetValues("Set-Cookie").ToList();
        var session = Assert.Single(cookies, c => c.StartsWith(Authenticator.SessionCookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        var me = await ReadAsync(await browser.GetAsync("/v1/me"));
        Assert.Equal(("ann.lee", "1990-04-01", "member"), (me.GetProperty("username").GetString(), me.GetProperty("birthdate").GetString(), me.GetProperty("role").GetString()));
        var invites = await ReadAsync(await browser.GetAsync("/v1/invites"));
        Assert.Equal(Invite.PerMember, invites.GetProperty("data").GetArrayLength());
        var profile = await ReadAsync(await Http.GetAsync("/v1/members/ANN.LEE"));
        Assert.Equal("ann.lee", profile.GetProperty("username").GetString());
        Assert.False(profile.TryGetProperty("birthdate", out _));
        var used = (await ReadAsync(await Http.GetAsync("/v1/invites"))).GetProperty("data").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code);
        Assert.True(used.GetProperty("used").GetBoolean());
    }

    [Theory]
    [InlineData("ab", "1990-04-01", Password, 400, "ACCOUNT.USERNAME_INVALID")]
    [InlineData("has space", "1990-04-01", Password, 400, "ACCOUNT.USERNAME_INVALID")]
    [InlineData("admin", "1990-04-01", Password, 409, "ACCOUNT.USERNAME_TAKEN")]
    [InlineData("young", "UNDER-13", Password, 400, "ACCOUNT.UNDERAGE")]
    [InlineData("later", "2999-01-01", Password, 400, "ACCOUNT.BIRTHDATE_INVALID")]
    [InlineData("nodate", "01/04/1990", Password, 400, "ACCOUNT.BIRTHDATE_INVALID")]
    [InlineData("shortpw", "1990-04-01", "short", 400, "ACCOUNT.PASSWORD_WEAK")]
    [InlineData("namepw", "1990-04-01", "namepw-namepw", 400, "ACCOUNT.PASSWORD_WEAK")]
    public async Task A_refused_sign_up_says_why_and_keeps_nothing_not_even_the_invite(string username, string birthdate, string password, int status, string code)
    {
        var invite = await InviteAsync();
        var born = birthdate == "UNDER-13" ? DateTime.UtcNow.AddYears(-12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : birthdate;

        var refused = await Anonymous().PostAsJsonAsync("/v1/accounts", new { invite_code = invite, username, birthdate = born, password });

        Assert.Equal(((HttpStatusCode)status, code), (refused.StatusCode, (await ReadAsync(refused)).GetProperty("code").GetString()));
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        var later = await Anonymous().PostAsJsonAsync("/v1/accounts", new { invite_code = invite, username = "keeper", birthdate = "1990-04-01", password = Password });
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
    }

    [Fact]
    public async Task A_thirteen_year_old_joins_and_their_age_comes_from_the_account()
    {
        var born = DateTime.UtcNow.AddYears(-13).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var joined = await Anonymous().PostAsJsonAsync("/v1/accounts", new { invite_code = await InviteAsync(), username = "teen", birthdate = born, password = Password });

        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var member = await App.Services.GetRequiredService<IMemberStore>().FindByUsernameAsync("teen");
        Assert.Equal(13, member!.AgeOn(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task An_invite_is_used_once_a_username_taken_once_and_an_unknown_code_refused()
    {
        var invite = await InviteAsync();
        await Anonymous().PostAsJsonAsync("/v1/accounts", new { invite_code = invite, username = "first", birthdate = "1990-04-01", password = Password });

        var reused = await Anonymous().PostAsJsonAsync("/v1/accounts", new { invite_code = invite, username = "second", birthdate = "1990-04-01", password = Password });
        var taken = await Anonymous().PostAsJsonAsync("/v1/accounts", new { invite_code = await InviteAsync(), username = "FIRST", birthdate = "1990-04-01", password = Password });
        var unknown = await Anonymous().PostAsJsonAsync("/v1/accounts", new { invite_code = "ABCD-EFGHJK", username = "third", birthdate = "1990-04-01", password = Password });
        var missing = await Anonymous().PostAsJsonAsync("/v1/accounts", new { username = "fourth", birthdate = "1990-04-01", password = Password });

        Assert.Equal((HttpStatusCode.Conflict, "INVITE.USED"), (reused.StatusCode, await CodeAsync(reused)));
        Assert.Equal((HttpStatusCode.Conflict, "ACCOUNT.USERNAME_TAKEN"), (taken.StatusCode, await CodeAsync(taken)));
        Assert.Equal((HttpStatusCode.BadRequest, "INVITE.INVALID"), (unknown.StatusCode, await CodeAsync(unknown)));
        Assert.Equal((HttpStatusCode.BadRequest, "INVITE.INVALID"), (missing.StatusCode, await CodeAsync(missing)));
    }

    [Fact]
    public async Task A_session_cookie_reads_freely_writes_only_with_its_anti_forgery_token_and_ends_at_sign_out()
    {
        await JoinAsync("carol");
        using var browser = Browser();
        var signedIn = await ReadAsync(await browser.PostAsJsonAsync("/v1/sessions", new { username = "carol", password = Password }));
        var csrf = signedIn.GetProperty("csrf_token").GetString()!;
        var token = Cookies(browser).GetCookies(Http.BaseAddress!)[Authenticator.SessionCookie]!.Value;

        var read = await browser.GetAsync("/v1/me");
        var forged = await browser.PatchAsJsonAsync("/v1/me", new { bio = "forged" });
        using var genuine = new HttpRequestMessage(HttpMethod.Patch, "/v1/me") { Content = JsonContent.Create(new { bio = "Films birds." }) };
        genuine.Headers.Add(Authenticator.AntiForgeryHeader, csrf);
        var written = await browser.SendAsync(genuine);
        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/v1/sessions/current");
        signOut.Headers.Add(Authenticator.AntiForgeryHeader, csrf);
        var ended = await browser.SendAsync(signOut);
        var oldCookie = new HttpClient { BaseAddress = Http.BaseAddress };
        oldCookie.DefaultRequestHeaders.Add("Cookie", $"{Authenticator.SessionCookie}={token}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, "AUTH.CSRF_MISSING"), (forged.StatusCode, await CodeAsync(forged)));
        Assert.Equal("Films birds.", (await ReadAsync(written)).GetProperty("bio").GetString());
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Null(Cookies(browser).GetCookies(Http.BaseAddress!)[Authenticator.SessionCookie]);
        var after = await oldCookie.GetAsync("/v1/me");
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH.SESSION_INVALID"), (after.StatusCode, await CodeAsync(after)));
    }

    [Fact]
    public async Task Failed_sign_ins_are_throttled_and_a_wrong_password_and_an_unknown_name_look_alike()
    {
        await JoinAsync("dave");

        var unknown = await Anonymous().PostAsJsonAsync("/v1/sessions", new { username = "nobody", password = Password });
        var wrong = new List<HttpResponseMessage>();
        for (var i = 0; i < SignInThrottle.MaxFailuresPerName; i++)
        {
            wrong.Add(await Anonymous().PostAsJsonAsync("/v1/sessions", new { username = "dave", password = "not the password" }));
        }

        var throttled = await Anonymous().PostAsJsonAsync("/v1/sessions", new { username = "dave", password = Password });

        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH.SIGN_IN_FAILED"), (unknown.StatusCode, await CodeAsync(unknown)));
        Assert.All(wrong, response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Equal((HttpStatusCode.TooManyRequests, "AUTH.SIGN_IN_THROTTLED"), (throttled.StatusCode, await CodeAsync(throttled)));
        Assert.True(int.Parse(throttled.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task A_stolen_key_guessing_the_password_to_change_it_or_delete_the_account_is_throttled_and_locks_no_one_out()
    {
        using var stolen = await JoinAsync("erin");

        var wrong = new List<HttpResponseMessage>();
        for (var i = 0; i < SignInThrottle.MaxFailuresPerConfirmation; i++)
        {
            wrong.Add(i % 2 == 0
                ? await stolen.PutAsJsonAsync("/v1/me/password", new { current_password = $"guess {i}", new_password = "the thief's own password" })
                : await stolen.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = $"guess {i}" }) }));
        }

        var right = await stolen.PutAsJsonAsync("/v1/me/password", new { current_password = Password, new_password = "the thief's own password" });
        var owner = await Anonymous().PostAsJsonAsync("/v1/sessions", new { username = "erin", password = Password });

        Assert.All(wrong, response => Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode));
        Assert.Equal((HttpStatusCode.TooManyRequests, "AUTH.SIGN_IN_THROTTLED"), (right.StatusCode, await CodeAsync(right)));
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode); // the thief's guesses count against the account's confirmations, not its sign-ins
        Assert.Equal(HttpStatusCode.OK, (await stolen.GetAsync("/v1/me")).StatusCode); // the password and the account are as they were
    }

    [Fact]
    public async Task A_strangers_guesses_lock_out_new_browsers_but_never_the_owners_known_one()
    {
        using var known = Browser();
        var joined = await known.PostAsJsonAsync("/v1/accounts", new { invite_code = await InviteAsync(), username = "fay", birthdate = "1990-04-01", password = Password });
        var device = Assert.Single(joined.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AccountsApi.DeviceCookie + "=", StringComparison.Ordinal));
        for (var i = 0; i < SignInThrottle.MaxFailuresPerName; i++)
        {
            await Anonymous().PostAsJsonAsync("/v1/sessions", new { username = "fay", password = $"guess {i}" });
        }

        var stranger = await Anonymous().PostAsJsonAsync("/v1/sessions", new { username = "fay", password = Password });
        var owner = await known.PostAsJsonAsync("/v1/sessions", new { username = "fay", password = Password });

        Assert.Contains("httponly", device, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/v1/sessions", device, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((HttpStatusCode.TooManyRequests, "AUTH.SIGN_IN_THROTTLED"), (stranger.StatusCode, await CodeAsync(stranger)));
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    [Fact]
    public async Task Guesses_sent_all_at_once_are_checked_no_more_than_the_limit_allows()
    {
        await JoinAsync("gil");

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            Anonymous().PostAsJsonAsync("/v1/sessions", new { username = "gil", password = $"guess {i}" })));

        Assert.Equal(SignInThrottle.MaxFailuresPerName, answers.Count(answer => answer.StatusCode == HttpStatusCode.Unauthorized));
        Assert.All(answers.Where(answer => answer.StatusCode != HttpStatusCode.Unauthorized), answer => Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode));
    }

    [Fact]
    public async Task Failures_from_one_address_stop_its_new_browsers_but_not_the_known_browsers_of_others_behind_it()
    {
        using var colleague = Browser();
        await colleague.PostAsJsonAsync("/v1/accounts", new { invite_code = await InviteAsync(), username = "hal", birthdate = "1990-04-01", password = Password });
        for (var i = 0; i < SignInThrottle.MaxFailuresPerAddress; i++)
        {
            await Anonymous().PostAsJsonAsync("/v1/sessions", new { username = $"someone{i}", password = "a guess at it" });
        }

        var newBrowser = await Anonymous().PostAsJsonAsync("/v1/sessions", new { username = "hal", password = Password });
        var knownBrowser = await colleague.PostAsJsonAsync("/v1/sessions", new { username = "hal", password = Password });

        Assert.Equal((HttpStatusCode.TooManyRequests, "AUTH.SIGN_IN_THROTTLED"), (newBrowser.StatusCode, await CodeAsync(newBrowser)));
        Assert.Equal(HttpStatusCode.OK, knownBrowser.StatusCode);
    }

    [Fact]
    public async Task An_api_key_is_shown_once_listed_with_its_last_use_and_stops_working_when_revoked()
    {
        var created = await Http.PostAsJsonAsync("/v1/keys", new { name = "ci runner" });
        var key = await ReadAsync(created);
        var token = key.GetProperty("key").GetString()!;
        using var program = new HttpClient { BaseAddress = Http.BaseAddress };
        program.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var used = await program.GetAsync("/v1/videos");
        var listed = (await ReadAsync(await Http.GetAsync("/v1/keys"))).GetProperty("data").EnumerateArray().Single(k => k.GetProperty("id").GetString() == key.GetProperty("id").GetString());
        var revoked = await Http.DeleteAsync($"/v1/keys/{key.GetProperty("id").GetString()}");
        var after = await program.GetAsync("/v1/videos");
        var unknown = await Http.DeleteAsync("/v1/keys/key_000000000000000000000000");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith(Credential.KeyTokenPrefix, token);
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.Equal(JsonValueKind.Number, listed.GetProperty("last_used_at").ValueKind);
        Assert.StartsWith(listed.GetProperty("prefix").GetString()!, token);
        Assert.Equal(JsonValueKind.Number, (await ReadAsync(revoked)).GetProperty("revoked_at").ValueKind);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH.KEY_REVOKED"), (after.StatusCode, await CodeAsync(after)));
        Assert.Equal((HttpStatusCode.NotFound, "KEY.NOT_FOUND"), (unknown.StatusCode, await CodeAsync(unknown)));
        var stored = await App.Services.GetRequiredService<IMemberStore>().ListCredentialsAsync(Member.LocalId, CredentialKind.ApiKey);
        Assert.DoesNotContain(stored, credential => credential.Hash.Contains(token, StringComparison.Ordinal) || credential.Prefix == token);
    }

    [Fact]
    public async Task A_deleted_account_stops_at_once_its_invites_admit_no_one_and_its_videos_keys_and_relations_go_through_the_takedown_path()
    {
        using var erin = await JoinAsync("erin");
        var video = (await ReadAsync(await erin.PostAsJsonAsync("/v1/videos", new { prompt = "A kite over a beach at noon", seconds = "4" }))).GetProperty("id").GetString()!;
        await erin.PostAsync("/v1/members/local/follow", null);
        await Http.PostAsync("/v1/members/erin/follow", null);
        var members = App.Services.GetRequiredService<IMemberStore>();
        var erinId = (await members.FindByUsernameAsync("erin"))!.Id;
        var erinsInvite = (await ReadAsync(await erin.GetAsync("/v1/invites"))).GetProperty("data")[0].GetProperty("code").GetString();
        (await erin.PostAsJsonAsync("/v1/webhook_endpoints", new { url = "https://example.com/erin", event_types = new[] { "video.completed" } })).EnsureSuccessStatusCode();

        var unconfirmed = await erin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = "not it" }) });
        var deleted = await erin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = Password }) });
        var after = await erin.GetAsync("/v1/me");

        Assert.Equal((HttpStatusCode.Forbidden, "ACCOUNT.PASSWORD_WRONG"), (unconfirmed.StatusCode, await CodeAsync(unconfirmed)));
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        Assert.Equal("member.deleted", (await ReadAsync(deleted)).GetProperty("object").GetString());
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH.KEY_INVALID"), (after.StatusCode, await CodeAsync(after)));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/v1/members/erin")).StatusCode);
        var videos = App.Services.GetRequiredService<IVideoStore>();
        await WaitUntilAsync(async () => (await videos.GetAsync(video))!.IsRemoved
            && (await members.ListCredentialsAsync(erinId, CredentialKind.ApiKey)).All(key => key.RevokedAt is not null)
            && (await ReadAsync(await Http.GetAsync("/v1/members/local"))).GetProperty("followers").GetInt32() == 0
            && (await App.Services.GetRequiredService<SoraFunctions.Core.Social.IWebhookStore>().ListEndpointsAsync(erinId)).Count == 0,
            "the deletion's handler to finish");
        var tombstone = (await members.GetAsync(erinId))!;
        Assert.Equal((MemberState.Deleted, (DateOnly?)null, (string?)null), (tombstone.State, tombstone.Birthdate, tombstone.PasswordHash));
        Assert.Equal(0, (await ReadAsync(await Http.GetAsync("/v1/members/local"))).GetProperty("following").GetInt32());
        var again = await Anonymous().PostAsJsonAsync("/v1/accounts", new { invite_code = await InviteAsync(), username = "erin", birthdate = "1990-04-01", password = Password });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // the name stays with the tombstone
        var invited = await Anonymous().PostAsJsonAsync("/v1/accounts", new { invite_code = erinsInvite, username = "erins_friend", birthdate = "1990-04-01", password = Password });
        Assert.Equal((HttpStatusCode.BadRequest, "INVITE.INVALID"), (invited.StatusCode, await CodeAsync(invited)));

        // Delivered again (at least once): nothing changes, nothing fails.
        var handler = App.Services.GetServices<SoraFunctions.Core.Events.IEventHandler>().OfType<MemberDeletionHandler>().Single();
        await handler.HandleAsync(MemberEvents.Deleted(tombstone, DateTimeOffset.UtcNow), default);
        Assert.True((await videos.GetAsync(video))!.IsRemoved);
    }

    [Fact]
    public async Task The_machines_own_member_is_not_deleted()
    {
        var refused = await Http.DeleteAsync("/v1/me");

        Assert.Equal((HttpStatusCode.Forbidden, "ACCOUNT.LOCAL_MEMBER"), (refused.StatusCode, await CodeAsync(refused)));
    }

    [Fact]
    public async Task An_avatar_is_read_as_an_image_kept_once_replaced_cleanly_and_shown_to_whoever_sees_the_profile()
    {
        using var gina = await JoinAsync("gina");
        var first = Path.Combine(Data, "first.png");
        var second = Path.Combine(Data, "second.jpg");
        await Media.Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=256x256", "-frames:v", "1", first]);
        await Media.Ffmpeg.RunAsync(["-f", "lavfi", "-i", "smptebars=s=256x256", "-frames:v", "1", second]);

        var set = await gina.PutAsync("/v1/me/avatar", new ByteArrayContent(await File.ReadAllBytesAsync(first)));
        var shown = await Http.GetAsync("/v1/members/gina/avatar");
        var replaced = await gina.PutAsync("/v1/me/avatar", new ByteArrayContent(await File.ReadAllBytesAsync(second)));
        var unreadable = await gina.PutAsync("/v1/me/avatar", new StringContent("not a picture"));
        await gina.PostAsync("/v1/members/local/block", null);
        var hidden = await Http.GetAsync("/v1/members/gina/avatar");

        Assert.Equal("/v1/members/gina/avatar", (await ReadAsync(set)).GetProperty("avatar_url").GetString());
        Assert.Equal("image/webp", shown.Content.Headers.ContentType?.MediaType); // made anew (UploadTests: what that strips)
        Assert.Equal((256, 256), Media.ImageHeader.Read(await shown.Content.ReadAsByteArrayAsync()) is { } header ? (header.Width, header.Height) : default);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "ACCOUNT.AVATAR_UNREADABLE"), (unreadable.StatusCode, await CodeAsync(unreadable)));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        var kept = Directory.GetFiles(Path.Combine(Data, "clips", "avatars"), "*", SearchOption.AllDirectories);
        Assert.Equal("avatar.webp", Path.GetFileName(Assert.Single(kept)));
    }

    [Fact]
    public async Task Only_admins_mint_invites()
    {
        using var member = await JoinAsync("erin");

        var refused = await member.PostAsJsonAsync("/v1/invites", new { count = 3 });
        var minted = await Http.PostAsJsonAsync("/v1/invites", new { count = 3 });

        Assert.Equal((HttpStatusCode.Forbidden, "AUTH.FORBIDDEN"), (refused.StatusCode, await CodeAsync(refused)));
        Assert.Equal((HttpStatusCode.Created, 3), (minted.StatusCode, (await ReadAsync(minted)).GetProperty("data").GetArrayLength()));
    }

    [Fact]
    public async Task Forty_keys_asked_for_at_once_leave_no_more_than_the_cap()
    {
        using var gil = await JoinAsync("gil"); // holds one key already

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => gil.PostAsJsonAsync("/v1/keys", new { name = $"key {i}" })));

        Assert.Equal(Accounts.MaxKeysPerMember - 1, answers.Count(answer => answer.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(answer => answer.StatusCode != HttpStatusCode.Created), answer => Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode));
        var live = (await ReadAsync(await gil.GetAsync("/v1/keys"))).GetProperty("data").EnumerateArray().Count(key => key.GetProperty("revoked_at").ValueKind == JsonValueKind.Null);
        Assert.Equal(Accounts.MaxKeysPerMember, live);
    }

    [Fact]
    public async Task A_member_changing_their_profile_from_many_places_at_once_loses_no_write_and_never_fails()
    {
        using var hal = await JoinAsync("hal");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => hal.PatchAsJsonAsync("/v1/me", new { bio = $"Version {i}." })));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.StartsWith("Version ", (await ReadAsync(await hal.GetAsync("/v1/me"))).GetProperty("bio").GetString());
    }

    [Theory]
    [InlineData("display_name", "Ann \u202Ereversed")]
    [InlineData("display_name", "Two\\nlines")]
    [InlineData("bio", "Hidden \u2066isolate")]
    [InlineData("bio", "A null \\u0000 byte")]
    public async Task Profile_text_follows_the_rules_of_everything_people_write(string field, string value)
    {
        using var ivy = await JoinAsync("ivy");

        var refused = await ivy.PatchAsync("/v1/me", new StringContent($$"""{"{{field}}": "{{value}}"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, "ACCOUNT.PROFILE_INVALID"), (refused.StatusCode, await CodeAsync(refused)));
    }

    /// <summary>An unused invite of the machine's own member (an admin).</summary>
    private async Task<string> InviteAsync()
    {
        var minted = await ReadAsync(await Http.PostAsJsonAsync("/v1/invites", new { count = 1 }));
        return minted.GetProperty("data")[0].GetProperty("code").GetString()!;
    }

    /// <summary>A new member, and a client with an API key of theirs.</summary>
    private async Task<HttpClient> JoinAsync(string username)
    {
        using var browser = Browser();
        var joined = await browser.PostAsJsonAsync("/v1/accounts", new { invite_code = await InviteAsync(), username, birthdate = "1990-04-01", password = Password });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var csrf = Cookies(browser).GetCookies(Http.BaseAddress!)[Authenticator.AntiForgeryCookie]!.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/keys") { Content = JsonContent.Create(new { name = "tests" }) };
        request.Headers.Add(Authenticator.AntiForgeryHeader, csrf);
        var key = await ReadAsync(await browser.SendAsync(request));
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key.GetProperty("key").GetString());
        return client;
    }

    private readonly Dictionary<HttpClient, CookieContainer> jars = [];

    private HttpClient Browser()
    {
        var jar = new CookieContainer();
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar }) { BaseAddress = Http.BaseAddress };
        jars[browser] = jar;
        return browser;
    }

    private CookieContainer Cookies(HttpClient browser) => jars[browser];

    private HttpClient Anonymous() => new() { BaseAddress = Http.BaseAddress };

    private static async Task<string?> CodeAsync(HttpResponseMessage response) => (await ReadAsync(response)).GetProperty("code").GetString();
}
