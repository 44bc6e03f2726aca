using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Every route the server maps, against every kind of caller: none, the owner of what the route names, a stranger,
/// one the owner blocks and one who blocks the owner, a suspended and a deleted member, a minor, a moderator and an
/// admin. The routes come from the server's own route table, so a route added without a rule here fails this test;
/// each route runs against a world of its own (an owner with a post, a draft, a comment, a cameo, a webhook endpoint,
/// a share link and a moderation case), so what one route changes is not another's concern.
/// </summary>
public sealed class AccessMatrixTests : ServerTest
{
    /// <summary>Callers in the order they call each route: the owner last, after every refusal, since some of its calls destroy.</summary>
    public enum Kind
    {
        Anonymous,
        Deleted,
        Suspended,
        Stranger,
        Blocked,
        Blocking,
        Minor,
        Moderator,
        Admin,
        Owner,
    }

    private const string Password = "a long enough password";

    protected override Task PrepareDataAsync() => TestServer.RefuseEveryPromptAsync(Data);

    [Fact]
    public async Task Every_route_answers_every_kind_of_caller_as_its_rule_says()
    {
        var routes = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} {endpoint.RoutePattern.RawText}"))
            .ToHashSet();
        Assert.Empty(routes.Except(Rules.Keys).Select(route => $"no rule for {route}"));
        Assert.Empty(Rules.Keys.Except(routes).Select(route => $"a rule for {route}, which is not mapped"));

        var callers = await CallersAsync();
        var wrong = new List<string>();
        var pairs = 0;
        foreach (var (route, rule) in Rules)
        {
            var world = await WorldAsync();
            var method = new HttpMethod(route[..route.IndexOf(' ')]);
            foreach (var kind in Enum.GetValues<Kind>())
            {
                var expected = rule.Expect(kind);
                using var request = new HttpRequestMessage(method, world.Resolve(rule.Path)) { Content = rule.Body?.Invoke(world, kind) };
                var client = kind == Kind.Owner ? world.Owner : callers[kind];
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                var status = (int)response.StatusCode;
                var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    ? (await ReadAsync(response)).GetProperty("code").GetString()
                    : null;
                pairs++;
                if (!expected.Statuses.Contains(status) || (expected.Code is not null && expected.Code != code))
                {
                    wrong.Add($"{route} as {kind}: {status} {code}, expected {string.Join('|', expected.Statuses)} {expected.Code}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {pairs} (route, caller) pairs:\n{string.Join('\n', wrong)}");
        Assert.True(pairs >= 800, $"{pairs} pairs tried");
    }

    private sealed record Expect(int[] Statuses, string? Code = null)
    {
        public Expect(int status, string? code = null)
            : this([status], code)
        {
        }
    }

    private sealed record Rule(string Path, Func<Kind, Expect> Expect, Func<World, Kind, HttpContent>? Body = null);

    /// <summary>A signed-in caller's answer; none, a deleted member's key and a suspended member are refused first.</summary>
    private static Func<Kind, Expect> Signed(Func<Kind, Expect> then) => kind => kind switch
    {
        Kind.Anonymous => new(401, "AUTH.MISSING"),
        Kind.Deleted => new(401),
        Kind.Suspended => new(403, "AUTH.MEMBER_SUSPENDED"),
        _ => then(kind),
    };

    /// <summary>What every signed-in caller does to their own (the route names nothing of anyone else's).</summary>
    private static Func<Kind, Expect> Own(int status, string? code = null) => Signed(_ => new(status, code));

    /// <summary>The owner's alone: anyone else is told it does not exist.</summary>
    private static Func<Kind, Expect> OwnerOnly(int ok, string notFound) => Signed(kind => kind == Kind.Owner ? new(ok) : new(404, notFound));

    /// <summary>Something public of the owner's: across a block, either way, it does not exist.</summary>
    private static Func<Kind, Expect> Public(Func<Kind, Expect> seen, string hidden) =>
        Signed(kind => kind is Kind.Blocked or Kind.Blocking ? new(404, hidden) : seen(kind));

    private static Func<Kind, Expect> Public(int ok, string hidden) => Public(_ => new(ok), hidden);

    /// <summary>For moderators and admins (and admins alone, with <paramref name="adminsOnly"/>).</summary>
    private static Func<Kind, Expect> Staff(Expect ok, bool adminsOnly = false) =>
        Signed(kind => kind == Kind.Admin || (kind == Kind.Moderator && !adminsOnly) ? ok : new(403, "AUTH.FORBIDDEN"));

    private static Func<Kind, Expect> Anyone(int status, string? code = null) => _ => new(status, code);

    private static Func<World, Kind, HttpContent> Json(object body) => (_, _) => JsonContent.Create(body);

    private static Func<World, Kind, HttpContent> Json(Func<World, object> body) => (world, _) => JsonContent.Create(body(world));

    /// <summary>Relations with the owner: themselves refused, across a block as no one.</summary>
    private static Func<Kind, Expect> Relate(Func<Kind, Expect> seen) =>
        Public(kind => kind == Kind.Owner ? new(400, Relations.SelfCode) : seen(kind), "ACCOUNT.NOT_FOUND");

    private static readonly Dictionary<string, Rule> Rules = new()
    {
        // Open to anyone.
        ["POST /v1/accounts"] = new("/v1/accounts", Anyone(400, "INVITE.INVALID"),
            Json(new { invite_code = "ZZZZ-ZZZZZZ", username = "newcomer", birthdate = "1990-01-01", password = Password })),
        ["POST /v1/sessions"] = new("/v1/sessions", Anyone(401, "AUTH.SIGN_IN_FAILED"),
            (_, kind) => JsonContent.Create(new { username = $"nobody_{kind}".ToLowerInvariant(), password = "not it at all" })),
        ["GET /v1/shared/{token}/"] = new("/v1/shared/{share}", Anyone(200)),
        ["GET /v1/shared/{token}/content"] = new("/v1/shared/{share}/content?variant=thumbnail", Anyone(200)),
        ["GET /"] = new("/", Anyone(200)),
        ["GET /shared/{token}"] = new("/shared/{share}", Anyone(200)),
        ["GET /app/{*path}"] = new("/app/app.js", Anyone(200)),
        ["GET /openapi/{documentName}.json"] = new("/openapi/v1.json", Anyone(200)),
        ["GET /docs"] = new("/docs/", Anyone(200)),
        ["GET /docs/{file}"] = new("/docs/scalar.js", Anyone(200)),

        // The caller's own account.
        ["DELETE /v1/sessions/current"] = new("/v1/sessions/current", Own(204)),
        ["GET /v1/me"] = new("/v1/me", Own(200)),
        ["PATCH /v1/me"] = new("/v1/me", Own(200), Json(new { bio = "Hello." })),
        ["DELETE /v1/me"] = new("/v1/me", Own(403), Json(new { password = "not the password" })),
        ["PUT /v1/me/password"] = new("/v1/me/password", Own(403, "ACCOUNT.PASSWORD_WRONG"), Json(new { current_password = "not it", new_password = "a new long password" })),
        ["PUT /v1/me/avatar"] = new("/v1/me/avatar", Own(400, Avatars.UnreadableCode), (_, _) => new ByteArrayContent("not a picture"u8.ToArray())),
        ["DELETE /v1/me/avatar"] = new("/v1/me/avatar", Own(200)),
        ["GET /v1/me/blocks"] = new("/v1/me/blocks", Own(200)),
        ["GET /v1/me/mutes"] = new("/v1/me/mutes", Own(200)),
        ["GET /v1/me/likes/"] = new("/v1/me/likes", Own(200)),
        ["GET /v1/me/drafts/"] = new("/v1/me/drafts", Own(200)),
        ["GET /v1/keys"] = new("/v1/keys", Own(200)),
        ["POST /v1/keys"] = new("/v1/keys", Own(201), Json(new { name = "another" })),
        ["DELETE /v1/keys/{id}"] = new("/v1/keys/{key}", OwnerOnly(200, AccountCodes.KeyNotFound)),
        ["GET /v1/invites"] = new("/v1/invites", Own(200)),
        ["POST /v1/invites"] = new("/v1/invites", Staff(new(201), adminsOnly: true), Json(new { count = 1 })),
        ["GET /v1/feed/following"] = new("/v1/feed/following", Own(200)),
        ["GET /v1/feed/for_you"] = new("/v1/feed/for_you", Own(200)),
        ["GET /v1/search/members"] = new("/v1/search/members?q=owner", Own(200)),
        ["GET /v1/search/posts"] = new("/v1/search/posts?q=%23jazz", Own(200)),
        ["GET /v1/discover"] = new("/v1/discover", Own(200)),
        ["GET /v1/notifications/"] = new("/v1/notifications", Own(200)),
        ["POST /v1/notifications/read"] = new("/v1/notifications/read", Own(200)),
        ["GET /v1/notifications/stream"] = new("/v1/notifications/stream", Own(200)),
        ["POST /v1/prompts/review"] = new("/v1/prompts/review", Own(200), Json(new { prompt = "A fox in the snow" })),

        // Other members, as the owner stands with the caller.
        ["GET /v1/members/{username}"] = new("/v1/members/{owner}", Public(200, "ACCOUNT.NOT_FOUND")),
        ["GET /v1/members/{username}/avatar"] = new("/v1/members/{owner}/avatar", Public(_ => new(404, "ACCOUNT.NO_AVATAR"), "ACCOUNT.NOT_FOUND")),
        ["GET /v1/members/{username}/videos"] = new("/v1/members/{owner}/videos", Public(200, "ACCOUNT.NOT_FOUND")),
        ["GET /v1/members/{username}/followers"] = new("/v1/members/{owner}/followers", Public(200, "ACCOUNT.NOT_FOUND")),
        ["GET /v1/members/{username}/following"] = new("/v1/members/{owner}/following", Public(200, "ACCOUNT.NOT_FOUND")),
        ["POST /v1/members/{username}/follow"] = new("/v1/members/{owner}/follow", Relate(_ => new(200))),
        ["DELETE /v1/members/{username}/follow"] = new("/v1/members/{owner}/follow", Relate(_ => new(200))),
        ["POST /v1/members/{username}/mute"] = new("/v1/members/{owner}/mute", Relate(_ => new(200))),
        ["DELETE /v1/members/{username}/mute"] = new("/v1/members/{owner}/mute", Relate(_ => new(200))),
        // One who blocks the owner may block them again or unblock; one the owner blocks finds no one.
        ["POST /v1/members/{username}/block"] = new("/v1/members/{owner}/block",
            Signed(kind => kind switch { Kind.Owner => new(400, Relations.SelfCode), Kind.Blocked => new(404, "ACCOUNT.NOT_FOUND"), _ => new(200) })),
        ["DELETE /v1/members/{username}/block"] = new("/v1/members/{owner}/block",
            Signed(kind => kind switch { Kind.Owner => new(400, Relations.SelfCode), Kind.Blocked => new(404, "ACCOUNT.NOT_FOUND"), _ => new(200) })),
        // The owner calls last, suspended by then.
        ["POST /v1/members/{username}/suspend"] = new("/v1/members/{owner}/suspend", Signed(kind => kind switch
        {
            Kind.Moderator or Kind.Admin => new(200),
            Kind.Owner => new(403, "AUTH.MEMBER_SUSPENDED"),
            _ => new(403, "AUTH.FORBIDDEN"),
        })),
        ["DELETE /v1/members/{username}/suspend"] = new("/v1/members/{owner}/suspend", Staff(new(200))),
        ["POST /v1/members/{username}/moderator"] = new("/v1/members/{owner}/moderator", Staff(new(200), adminsOnly: true)),
        ["DELETE /v1/members/{username}/moderator"] = new("/v1/members/{owner}/moderator", Staff(new(200), adminsOnly: true)),

        // Videos: the draft is its owner's alone; the post is everyone's but across a block.
        ["POST /v1/videos/"] = new("/v1/videos", Own(200), Json(new { prompt = "A kite over a beach at noon", seconds = "4" })),
        ["GET /v1/videos/"] = new("/v1/videos", Own(200)),
        ["GET /v1/videos/{id}"] = new("/v1/videos/{draft}", OwnerOnly(200, "VIDEO.NOT_FOUND")),
        ["DELETE /v1/videos/{id}"] = new("/v1/videos/{post}", Public(kind => kind == Kind.Owner ? new(200) : new(403, "AUTH.FORBIDDEN"), "VIDEO.NOT_FOUND")),
        ["GET /v1/videos/{id}/content"] = new("/v1/videos/{post}/content?variant=thumbnail", Public(200, "VIDEO.NOT_FOUND")),
        ["GET /v1/videos/{id}/credentials"] = new("/v1/videos/{post}/credentials", Public(200, "VIDEO.NOT_FOUND")),
        ["GET /v1/videos/{id}/events"] = new("/v1/videos/{draft}/events", OwnerOnly(200, "VIDEO.NOT_FOUND")),
        ["POST /v1/videos/{id}/review"] = new("/v1/videos/{draft}/review",
            Signed(kind => kind == Kind.Owner ? new(409, "CAMEO.REVIEW_NOT_PENDING") : new(404, "VIDEO.NOT_FOUND")), Json(new { decision = "approve" })),
        ["POST /v1/videos/{id}/cancel"] = new("/v1/videos/{draft}/cancel",
            Signed(kind => kind == Kind.Owner ? new(409, "VIDEO.NOT_CANCELLABLE") : new(404, "VIDEO.NOT_FOUND"))),
        ["POST /v1/videos/{id}/post"] = new("/v1/videos/{draft}/post", OwnerOnly(200, "VIDEO.NOT_FOUND"), Json(new { caption = "" })),
        ["DELETE /v1/videos/{id}/post"] = new("/v1/videos/{post}/post",
            Public(kind => kind == Kind.Owner ? new(200) : new(403, "AUTH.FORBIDDEN"), "VIDEO.NOT_FOUND")),
        ["POST /v1/videos/{id}/remix"] = new("/v1/videos/{post}/remix", Public(200, "VIDEO.NOT_FOUND"), Json(new { prompt = "at night" })),
        ["POST /v1/videos/edits"] = new("/v1/videos/edits", OwnerOnly(200, "VIDEO.NOT_FOUND"),
            Json(world => new { video_id = world.Draft, edits = new[] { new { type = "loop" } } })),
        ["POST /v1/videos/extensions"] = new("/v1/videos/extensions", OwnerOnly(200, "VIDEO.NOT_FOUND"), Json(world => new { video_id = world.Draft, seconds = "4" })),

        // What members do with a post.
        ["GET /v1/videos/{id}/likes"] = new("/v1/videos/{post}/likes", Public(200, "VIDEO.NOT_FOUND")),
        ["GET /v1/videos/{id}/remixes"] = new("/v1/videos/{post}/remixes", Public(200, "VIDEO.NOT_FOUND")),
        ["POST /v1/videos/{id}/likes"] = new("/v1/videos/{post}/likes", Public(200, "VIDEO.NOT_FOUND")),
        ["DELETE /v1/videos/{id}/likes"] = new("/v1/videos/{post}/likes", Public(200, "VIDEO.NOT_FOUND")),
        ["POST /v1/videos/{id}/views"] = new("/v1/videos/{post}/views", Public(200, "VIDEO.NOT_FOUND")),
        ["GET /v1/videos/{id}/comments"] = new("/v1/videos/{post}/comments", Public(200, "VIDEO.NOT_FOUND")),
        // Every text is refused at screening here (no clip is rendered): a comment that gets that far is refused so.
        ["POST /v1/videos/{id}/comments"] = new("/v1/videos/{post}/comments", Public(_ => new(422, "SAFETY.COMMENT.BLOCKLIST"), "VIDEO.NOT_FOUND"), Json(new { text = "Nice light." })),
        ["DELETE /v1/videos/{id}/comments/{commentId}"] = new("/v1/videos/{post}/comments/{comment}",
            Public(kind => kind == Kind.Owner ? new(200) : new(403, "AUTH.FORBIDDEN"), "VIDEO.NOT_FOUND")),
        ["POST /v1/videos/{id}/shares"] = new("/v1/videos/{post}/shares", Public(201, "VIDEO.NOT_FOUND")),
        ["DELETE /v1/shared/{token}/"] = new("/v1/shared/{share}", OwnerOnly(204, "VIDEO.NOT_FOUND")),
        ["POST /v1/reports/"] = new("/v1/reports",
            Public(kind => kind == Kind.Owner ? new(400, ModerationCodes.OwnContent) : new(201), "VIDEO.NOT_FOUND"), Json(world => new { video_id = world.Post, reason = "spam" })),

        // Cameos: each caller's own, and the owner's alone.
        ["POST /v1/videos/characters/challenges"] = new("/v1/videos/characters/challenges", Own(201)),
        ["POST /v1/videos/characters/"] = new("/v1/videos/characters", Own(400), (_, _) => new MultipartFormDataContent { { new StringContent("no_such_challenge"), "challenge_id" } }),
        ["GET /v1/videos/characters/"] = new("/v1/videos/characters", Own(200)),
        ["GET /v1/videos/characters/castable"] = new("/v1/videos/characters/castable", Own(200)),
        ["GET /v1/videos/characters/{id}"] = new("/v1/videos/characters/{cameo}", OwnerOnly(200, "CAMEO.NOT_FOUND")),
        ["PATCH /v1/videos/characters/{id}"] = new("/v1/videos/characters/{cameo}", OwnerOnly(200, "CAMEO.NOT_FOUND"), Json(new { preferences = "Always smiling." })),
        ["DELETE /v1/videos/characters/{id}"] = new("/v1/videos/characters/{cameo}", OwnerOnly(200, "CAMEO.NOT_FOUND")),
        ["PUT /v1/videos/characters/{id}/approved/{username}"] = new("/v1/videos/characters/{cameo}/approved/{stranger}", OwnerOnly(200, "CAMEO.NOT_FOUND")),
        ["DELETE /v1/videos/characters/{id}/approved/{username}"] = new("/v1/videos/characters/{cameo}/approved/{stranger}", OwnerOnly(200, "CAMEO.NOT_FOUND")),

        // Moderation: a case about the owner's post goes to the staff who are not the owner.
        ["GET /v1/moderation/cases/"] = new("/v1/moderation/cases", Staff(new(200))),
        ["GET /v1/moderation/cases/{id}"] = new("/v1/moderation/cases/{case}", Staff(new(200))),
        ["GET /v1/moderation/cases/{id}/content"] = new("/v1/moderation/cases/{case}/content?variant=thumbnail", Staff(new(200))),
        ["POST /v1/moderation/cases/{id}/actions"] = new("/v1/moderation/cases/{case}/actions",
            Signed(kind => kind switch
            {
                Kind.Moderator => new(200),
                Kind.Admin => new(409, ModerationCodes.NotApplicable), // dismissed already
                _ => new(403, "AUTH.FORBIDDEN"),
            }), Json(new { action = "dismiss", reason = "Not spam." })),

        // Webhook endpoints: each caller's own, and the owner's alone.
        ["POST /v1/webhook_endpoints/"] = new("/v1/webhook_endpoints", Own(400, "WEBHOOK.URL_INVALID"),
            Json(new { url = "https://127.0.0.1/hooks", event_types = new[] { "video.completed" } })),
        ["GET /v1/webhook_endpoints/"] = new("/v1/webhook_endpoints", Own(200)),
        ["GET /v1/webhook_endpoints/{id}"] = new("/v1/webhook_endpoints/{webhook}", OwnerOnly(200, "WEBHOOK.NOT_FOUND")),
        ["POST /v1/webhook_endpoints/{id}"] = new("/v1/webhook_endpoints/{webhook}", OwnerOnly(200, "WEBHOOK.NOT_FOUND"), Json(new { name = "Renamed" })),
        ["DELETE /v1/webhook_endpoints/{id}"] = new("/v1/webhook_endpoints/{webhook}", OwnerOnly(200, "WEBHOOK.NOT_FOUND")),
        ["POST /v1/webhook_endpoints/{id}/rotate_secret"] = new("/v1/webhook_endpoints/{webhook}/rotate_secret", OwnerOnly(200, "WEBHOOK.NOT_FOUND"), Json(new { })),
        ["POST /v1/webhook_endpoints/{id}/test"] = new("/v1/webhook_endpoints/{webhook}/test", OwnerOnly(200, "WEBHOOK.NOT_FOUND"),
            Json(new { event_type = "video.completed" })),
        ["GET /v1/webhook_endpoints/{id}/deliveries"] = new("/v1/webhook_endpoints/{webhook}/deliveries", OwnerOnly(200, "WEBHOOK.NOT_FOUND")),
        ["GET /v1/webhook_event_types/"] = new("/v1/webhook_event_types", Own(200)),
    };

    /// <summary>What one route is tried against: a new owner and their things, blocking one caller and blocked by another.</summary>
    private sealed record World(HttpClient Owner, string Username, string Post, string Draft, string Comment, string Cameo, string Key, string Webhook, string Share,
        string Case, string Stranger)
    {
        public string Resolve(string path) => path
            .Replace("{owner}", Username, StringComparison.Ordinal).Replace("{post}", Post, StringComparison.Ordinal)
            .Replace("{draft}", Draft, StringComparison.Ordinal).Replace("{comment}", Comment, StringComparison.Ordinal)
            .Replace("{cameo}", Cameo, StringComparison.Ordinal).Replace("{key}", Key, StringComparison.Ordinal)
            .Replace("{webhook}", Webhook, StringComparison.Ordinal).Replace("{share}", Share, StringComparison.Ordinal)
            .Replace("{case}", Case, StringComparison.Ordinal).Replace("{stranger}", Stranger, StringComparison.Ordinal);
    }

    private readonly Dictionary<Kind, Member> members = [];
    private int worlds;

    private async Task<World> WorldAsync()
    {
        var accounts = App.Services.GetRequiredService<Accounts>();
        var relations = App.Services.GetRequiredService<Relations>();
        var engagement = App.Services.GetRequiredService<Engagement>();
        var (owner, client) = await MemberAsync($"owner{++worlds}");
        var (spare, _) = await accounts.CreateKeyAsync(owner, "spare", default);
        await relations.BlockAsync(owner, members[Kind.Blocked].Username, default);
        await relations.BlockAsync(members[Kind.Blocking], owner.Username, default);
        var post = await SeedVideoAsync(owner, posted: true);
        var draft = await SeedVideoAsync(owner, posted: false);
        var comment = Comment.Write(post, owner.Id, null, "First!", DateTimeOffset.UtcNow); // as screening would let it through
        await App.Services.GetRequiredService<IEngagementStore>().AddCommentAsync(comment, []);
        var webhook = WebhookEndpoint.Register(owner.Id, null, "https://hooks.example.com/sora", ["video.completed"], allowPlainHttp: false, DateTimeOffset.UtcNow);
        await App.Services.GetRequiredService<IWebhookStore>().TryAddEndpointAsync(webhook);
        var share = await engagement.ShareAsync(owner, post, default);
        var reported = await App.Services.GetRequiredService<IModerationStore>().FileAsync(
            new ReportTarget(TargetKind.Video, post, owner.Id), new Report(members[Kind.Stranger].Id, ReportReason.Spam, "", DateTimeOffset.UtcNow));
        return new World(client, owner.Username, post, draft, comment.Id, await ActiveCameoAsync(owner), spare.Id, webhook.Id, share, reported.Id,
            members[Kind.Stranger].Username);
    }

    /// <summary>A client for each kind of caller but the owner, who is new in each world.</summary>
    private async Task<Dictionary<Kind, HttpClient>> CallersAsync()
    {
        var accounts = App.Services.GetRequiredService<Accounts>();
        var callers = new Dictionary<Kind, HttpClient> { [Kind.Anonymous] = new() { BaseAddress = Http.BaseAddress }, [Kind.Admin] = Http };
        members[Kind.Admin] = await accounts.LocalMemberAsync(default);
        foreach (var kind in new[] { Kind.Stranger, Kind.Blocked, Kind.Blocking, Kind.Moderator, Kind.Suspended, Kind.Deleted })
        {
            (members[kind], callers[kind]) = await MemberAsync("the_" + kind.ToString().ToLowerInvariant());
        }

        var invite = (await accounts.MintInvitesAsync(members[Kind.Admin], 1, default))[0];
        var minor = await accounts.JoinAsync(invite.Code, "the_minor", DateTime.UtcNow.AddYears(-15).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Password, default);
        members[Kind.Minor] = minor;
        callers[Kind.Minor] = new HttpClient { BaseAddress = Http.BaseAddress };
        callers[Kind.Minor].DefaultRequestHeaders.Authorization = new("Bearer", (await accounts.CreateKeyAsync(minor, "tests", default)).Token);
        await accounts.AppointAsync(members[Kind.Admin], members[Kind.Moderator].Username, true, default);
        await accounts.SuspendAsync(members[Kind.Admin], members[Kind.Suspended].Username, true, default);
        await accounts.DeleteAsync(members[Kind.Deleted], Password, default);
        return callers;
    }
}
