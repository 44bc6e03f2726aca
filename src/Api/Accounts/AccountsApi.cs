using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Api;

/// <summary>
/// Accounts: joining with an invite, signing in and out (a session cookie for the browser), the caller's profile, API
/// keys and invites, and other members' public profiles.
/// </summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var open = routes.OpenGroup("/v1");
        open.MapPost("/accounts", JoinAsync).AcceptsJson<JoinBody>().Produces<MemberObject>(StatusCodes.Status201Created);
        open.MapPost("/sessions", SignInAsync).AcceptsJson<SignInBody>().Produces<SessionObject>();

        var members = routes.MemberGroup("/v1");
        members.MapDelete("/sessions/current", SignOutAsync).Produces(StatusCodes.Status204NoContent);
        members.MapGet("/me", MeAsync).Produces<MemberObject>();
        members.MapPatch("/me", UpdateProfileAsync).AcceptsJson<ProfileBody>().Produces<MemberObject>();
        members.MapDelete("/me", DeleteMeAsync).AcceptsJson<DeleteBody>().Produces<DeletedObject>();
        members.MapPut("/me/password", ChangePasswordAsync).AcceptsJson<PasswordBody>().Produces(StatusCodes.Status204NoContent);
        members.MapPut("/me/avatar", SetAvatarAsync).AcceptsBinary("image/png", "image/jpeg", "image/webp").Produces<MemberObject>();
        members.MapDelete("/me/avatar", ClearAvatarAsync).Produces<MemberObject>();
        members.MapGet("/members/{username}/avatar", AvatarAsync).ProducesBinary("image/png", "image/jpeg", "image/webp");
        members.MapGet("/members/{username}", ProfileAsync).Produces<ProfileObject>();
        members.MapGet("/members/{username}/videos", VideosApi.MemberVideosAsync).Produces<VideoList>();
        members.MapPost("/members/{username}/suspend", (string username, Caller caller, Accounts accounts, CancellationToken cancellation) =>
            SuspendAsync(username, true, caller, accounts, cancellation)).Produces<ProfileObject>();
        members.MapDelete("/members/{username}/suspend", (string username, Caller caller, Accounts accounts, CancellationToken cancellation) =>
            SuspendAsync(username, false, caller, accounts, cancellation)).Produces<ProfileObject>();
        members.MapPost("/members/{username}/moderator", (string username, Caller caller, Accounts accounts, CancellationToken cancellation) =>
            AppointAsync(username, true, caller, accounts, cancellation)).Produces<ProfileObject>();
        members.MapDelete("/members/{username}/moderator", (string username, Caller caller, Accounts accounts, CancellationToken cancellation) =>
            AppointAsync(username, false, caller, accounts, cancellation)).Produces<ProfileObject>();
        members.MapGet("/keys", ListKeysAsync).Produces<ListObject<KeyObject>>();
        members.MapPost("/keys", CreateKeyAsync).AcceptsJson<KeyBody>().Produces<KeyObject>(StatusCodes.Status201Created);
        members.MapDelete("/keys/{id}", RevokeKeyAsync).Produces<KeyObject>();
        members.MapGet("/invites", ListInvitesAsync).Produces<ListObject<InviteObject>>();
        members.MapPost("/invites", MintInvitesAsync).AcceptsJson<InvitesBody>().Produces<ListObject<InviteObject>>(StatusCodes.Status201Created);
        return routes;
    }

    public sealed record JoinBody(string? InviteCode, string? Username, string? Birthdate, string? Password);

    public sealed record SignInBody(string? Username, string? Password);

    public sealed record ProfileBody(string? DisplayName, string? Bio);

    public sealed record KeyBody(string? Name);

    public sealed record DeleteBody(string? Password);

    public sealed record PasswordBody(string? CurrentPassword, string? NewPassword);

    public sealed record InvitesBody(int? Count);

    public static async Task<IResult> JoinAsync(HttpContext context, Accounts accounts, CancellationToken cancellation)
    {
        var body = await ReadAsync<JoinBody>(context.Request, cancellation);
        var member = await accounts.JoinAsync(body.InviteCode, body.Username, body.Birthdate, body.Password, cancellation);
        var (session, token) = await accounts.StartSessionAsync(member, cancellation);
        StartSession(context, session, token, await accounts.NewDeviceAsync(member, cancellation));
        return TypedResults.Json(MemberObject.From(member), VideoObject.Json, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> SignInAsync(HttpContext context, Accounts accounts, CancellationToken cancellation)
    {
        var body = await ReadAsync<SignInBody>(context.Request, cancellation);
        var (member, session, token, device) = await accounts.SignInAsync(
            body.Username, body.Password, RequestRateLimiter.PartitionOf(context.Connection.RemoteIpAddress), context.Request.Cookies[DeviceCookie], cancellation);
        StartSession(context, session, token, device);
        return TypedResults.Json(new SessionObject(MemberObject.From(member), session.AntiForgery!, session.ExpiresAt!.Value.ToUnixTimeSeconds()), VideoObject.Json);
    }

    public static async Task<IResult> SignOutAsync(HttpContext context, Caller caller, Accounts accounts, CancellationToken cancellation)
    {
        if (caller.Credential.Kind == CredentialKind.Session)
        {
            await accounts.SignOutAsync(caller.Credential, cancellation);
        }

        context.Response.Cookies.Delete(Authenticator.SessionCookie);
        context.Response.Cookies.Delete(Authenticator.AntiForgeryCookie);
        return TypedResults.NoContent();
    }

    /// <summary>The caller's account with today's usage and what is left of their allowance.</summary>
    public static async Task<IResult> MeAsync(Caller caller, Allowances allowances, CancellationToken cancellation) =>
        TypedResults.Json(MemberObject.From(caller.Member) with { Usage = UsageObject.From(await allowances.UsageAsync(caller.Member, cancellation)) }, VideoObject.Json);

    /// <summary>Deletes the caller's account, confirmed with its password; what it held goes through the takedown path.</summary>
    public static async Task<IResult> DeleteMeAsync(HttpContext context, Caller caller, Accounts accounts, CancellationToken cancellation)
    {
        var body = context.Request.HasJsonContentType() ? await ReadAsync<DeleteBody>(context.Request, cancellation) : new DeleteBody(null);
        await accounts.DeleteAsync(caller.Member, body.Password, cancellation);
        context.Response.Cookies.Delete(Authenticator.SessionCookie);
        context.Response.Cookies.Delete(Authenticator.AntiForgeryCookie);
        return TypedResults.Json(new DeletedObject(caller.Member.Id, "member.deleted"), VideoObject.Json);
    }

    /// <summary><c>{"current_password", "new_password"}</c>: 204, every other browser session ended.</summary>
    public static async Task<IResult> ChangePasswordAsync(HttpRequest request, Caller caller, Accounts accounts, CancellationToken cancellation)
    {
        var body = await ReadAsync<PasswordBody>(request, cancellation);
        await accounts.ChangePasswordAsync(caller, body.CurrentPassword, body.NewPassword, cancellation);
        return TypedResults.NoContent();
    }

    /// <summary>The body is the image itself (PNG, JPEG or WebP, at most 5 MiB), screened before it is kept.</summary>
    public static async Task<IResult> SetAvatarAsync(HttpRequest request, Caller caller, Avatars avatars, CancellationToken cancellation)
    {
        var upload = Uploads.PathFor("avatar");
        try
        {
            Uploads.LimitBody(request, Avatars.MaxBytes);
            await Uploads.ReceiveAsync(upload, "Receiving the avatar", file => request.Body.CopyToAsync(file, cancellation));
            return TypedResults.Json(MemberObject.From(await avatars.SetAsync(caller.Member, upload, cancellation)), VideoObject.Json);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.BodyTooLarge, $"An avatar has at most {Avatars.MaxBytes:N0} bytes."));
        }
        finally
        {
            File.Delete(upload);
        }
    }

    public static async Task<IResult> ClearAvatarAsync(Caller caller, Avatars avatars, CancellationToken cancellation) =>
        TypedResults.Json(MemberObject.From(await avatars.ClearAsync(caller.Member, cancellation)), VideoObject.Json);

    /// <summary>A member's avatar, for whoever may see their profile.</summary>
    public static async Task<IResult> AvatarAsync(string username, Caller caller, Relations relations, IClipStore clips, CancellationToken cancellation)
    {
        var profile = await relations.ProfileAsync(caller.Member, username, cancellation);
        if (profile.Member.Avatar is not { } name)
        {
            return VideosApi.Problem(StatusCodes.Status404NotFound, "ACCOUNT.NO_AVATAR", $"{username} has no avatar.");
        }

        if (await clips.GetDownloadLinkAsync(name, VideosApi.DownloadLinkLifetime, cancellation) is { } link)
        {
            return TypedResults.Redirect(link.AbsoluteUri);
        }

        return await clips.OpenReadAsync(name, cancellation) is { } stream
            ? TypedResults.Stream(stream, Avatars.ContentType(name))
            : VideosApi.Problem(StatusCodes.Status404NotFound, "ACCOUNT.NO_AVATAR", $"{username}'s avatar is missing from the clip store.");
    }

    public static async Task<IResult> UpdateProfileAsync(HttpRequest request, Caller caller, IMemberStore members, CancellationToken cancellation)
    {
        var body = await ReadAsync<ProfileBody>(request, cancellation);
        var member = await members.ChangeAsync(caller.Member, current =>
        {
            current.UpdateProfile(body.DisplayName, body.Bio);
            return [];
        }, cancellation);
        return TypedResults.Json(MemberObject.From(member), VideoObject.Json);
    }

    public static async Task<IResult> ProfileAsync(string username, Caller caller, Relations relations, CancellationToken cancellation) =>
        TypedResults.Json(ProfileObject.From(await relations.ProfileAsync(caller.Member, username, cancellation)), VideoObject.Json);

    /// <summary>An admin suspends (POST) or reinstates (DELETE) a member; answers the member's state.</summary>
    public static async Task<IResult> SuspendAsync(string username, bool suspend, Caller caller, Accounts accounts, CancellationToken cancellation)
    {
        var member = await accounts.SuspendAsync(caller.Member, username, suspend, cancellation);
        return TypedResults.Json(ProfileObject.From(member) with { State = JsonNamingPolicy.SnakeCaseLower.ConvertName(member.State.ToString()) }, VideoObject.Json);
    }

    /// <summary>An admin appoints (POST) a moderator or makes them a member again (DELETE); answers the member's role.</summary>
    public static async Task<IResult> AppointAsync(string username, bool moderator, Caller caller, Accounts accounts, CancellationToken cancellation)
    {
        var member = await accounts.AppointAsync(caller.Member, username, moderator, cancellation);
        return TypedResults.Json(ProfileObject.From(member) with { Role = JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Role.ToString()) }, VideoObject.Json);
    }

    public static async Task<IResult> ListKeysAsync(Caller caller, Accounts accounts, CancellationToken cancellation) =>
        TypedResults.Json(new ListObject<KeyObject>([.. (await accounts.ListKeysAsync(caller.Member, cancellation)).Select(key => KeyObject.From(key))]), VideoObject.Json);

    public static async Task<IResult> CreateKeyAsync(HttpRequest request, Caller caller, Accounts accounts, CancellationToken cancellation)
    {
        var body = await ReadAsync<KeyBody>(request, cancellation);
        var (key, token) = await accounts.CreateKeyAsync(caller.Member, body.Name, cancellation);
        return TypedResults.Json(KeyObject.From(key, token), VideoObject.Json, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> RevokeKeyAsync(string id, Caller caller, Accounts accounts, CancellationToken cancellation)
    {
        await accounts.RevokeKeyAsync(caller.Member, id, cancellation);
        return TypedResults.Json(KeyObject.From((await accounts.ListKeysAsync(caller.Member, cancellation)).Single(key => key.Id == id)), VideoObject.Json);
    }

    public static async Task<IResult> ListInvitesAsync(Caller caller, Accounts accounts, CancellationToken cancellation) =>
        TypedResults.Json(new ListObject<InviteObject>([.. (await accounts.ListInvitesAsync(caller.Member, cancellation)).Select(InviteObject.From)]), VideoObject.Json);

    public static async Task<IResult> MintInvitesAsync(HttpRequest request, Caller caller, Accounts accounts, CancellationToken cancellation)
    {
        var body = await ReadAsync<InvitesBody>(request, cancellation);
        var invites = await accounts.MintInvitesAsync(caller.Member, body.Count ?? 1, cancellation);
        return TypedResults.Json(new ListObject<InviteObject>([.. invites.Select(InviteObject.From)]), VideoObject.Json, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// The cookie that marks a browser known to be a member's (<see cref="SignInThrottle"/>): sent only to sign in, where
    /// it is read, and unreadable to scripts.
    /// </summary>
    public const string DeviceCookie = "sora_device";

    /// <summary>
    /// The session's cookie (HttpOnly: scripts never see it) and its anti-forgery token (readable by the app's scripts,
    /// which echo it); and for a browser new to the member, its device cookie.
    /// </summary>
    private static void StartSession(HttpContext context, Credential session, string token, string? device)
    {
        var secure = context.Request.IsHttps;
        if (device is not null)
        {
            context.Response.Cookies.Append(DeviceCookie, device, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = secure, Path = "/v1/sessions", MaxAge = Accounts.DeviceLifetime,
            });
        }

        context.Response.Cookies.Append(Authenticator.SessionCookie, token, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = secure, Path = "/", Expires = session.ExpiresAt,
        });
        context.Response.Cookies.Append(Authenticator.AntiForgeryCookie, session.AntiForgery!, new CookieOptions
        {
            HttpOnly = false, SameSite = SameSiteMode.Strict, Secure = secure, Path = "/", Expires = session.ExpiresAt,
        });
    }

    /// <summary>A small JSON body; anything else is <see cref="ErrorCodes.BodyMalformed"/>.</summary>
    internal static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellation) where T : class
    {
        if (request.ContentLength > 16 * 1024)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.BodyTooLarge, "The body is too large: at most 16 KiB."));
        }

        try
        {
            return await request.ReadFromJsonAsync<T>(VideoObject.Json, cancellation) ?? throw new JsonException("null");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or IOException)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.BodyMalformed, $"The body must be a JSON object: {exception.Message}"));
        }
    }

    /// <summary>
    /// A group of routes open to anyone whose storage faults (<see cref="StorageFaultResponse"/>) and refusals
    /// (<see cref="RefusalProblem"/>) are answered as problem details.
    /// </summary>
    public static RouteGroupBuilder OpenGroup(this IEndpointRouteBuilder routes, string prefix) =>
        routes.MapGroup(prefix).AddEndpointFilter(StorageFaultResponse.Filter).AddEndpointFilter(Refusals);

    /// <summary>An <see cref="OpenGroup"/> for signed-in members only.</summary>
    public static RouteGroupBuilder MemberGroup(this IEndpointRouteBuilder routes, string prefix) =>
        routes.OpenGroup(prefix).RequireAuthorization(MemberAuthenticationExtensions.MemberPolicy);

    /// <summary>The endpoint filter of the API's routes: <see cref="RefusalProblem"/> for what the rules refuse.</summary>
    internal static async ValueTask<object?> Refusals(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (RefusalProblem(context.HttpContext, exception) is { } problem)
        {
            return problem;
        }
    }

    /// <summary>
    /// A refusal from the rules as problem details (a taken name, a used invite or challenge, a reused idempotency key is a
    /// conflict, a missing key, cameo or video 404, a throttled sign-in or a spent allowance 429 with Retry-After); null
    /// for any other exception.
    /// </summary>
    public static IResult? RefusalProblem(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case RequestRejectedException rejected:
                var status = rejected.Error.Code switch
                {
                    AccountCodes.UsernameTaken or AccountCodes.InviteUsed or CameoCodes.ChallengeUsed or CameoCodes.Exists
                        or CameoCodes.HandleTaken or CameoCodes.TooManyCharacters => StatusCodes.Status409Conflict,
                    AccountCodes.KeyNotFound or AccountCodes.MemberNotFound or CameoCodes.NotFound or CameoCodes.ChallengeUnknown or ErrorCodes.VideoNotFound
                        or SocialCodes.CommentNotFound or ModerationCodes.NotFound or WebhookCodes.NotFound => StatusCodes.Status404NotFound,
                    ErrorCodes.VideoNotReady or SocialCodes.NotPosted or ErrorCodes.RemixTooDeep or ModerationCodes.NotApplicable
                        or ErrorCodes.VideoNotCancellable or WebhookCodes.TooMany => StatusCodes.Status409Conflict,
                    AccountCodes.Forbidden or AccountCodes.PasswordWrong or AccountCodes.LocalMemberKept
                        or ErrorCodes.RemixCameoNotPermitted => StatusCodes.Status403Forbidden,
                    ErrorCodes.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
                    Avatars.UnreadableCode => StatusCodes.Status400BadRequest,
                    CameoCodes.PreferenceConflict => StatusCodes.Status422UnprocessableEntity,
                    _ when rejected.Error.Code.StartsWith(Avatars.ScreeningCode, StringComparison.Ordinal)
                        || rejected.Error.Code.StartsWith(ContentScreener.Caption, StringComparison.Ordinal)
                        || rejected.Error.Code.StartsWith(Engagement.CommentScreening, StringComparison.Ordinal) => StatusCodes.Status422UnprocessableEntity,
                    _ => StatusCodes.Status400BadRequest,
                };
                return VideosApi.Problem(status, rejected.Error.Code, rejected.Error.Message, rejected.Allowed);
            case VersionConflictException:
                // A write that kept losing a race it does not retry itself (each of a member's own writes is retried).
                return VideosApi.Problem(StatusCodes.Status409Conflict, "STORE.CHANGED", "It changed while this request was handled; read it again and retry.");
            case IdempotencyConflictException conflict:
                return VideosApi.Problem(StatusCodes.Status409Conflict, ErrorCodes.IdempotencyKeyReused, conflict.Message);
            case AllowanceExceededException exceeded:
                context.Response.SetRetryAfter(exceeded.RetryAfter);
                return VideosApi.Problem(StatusCodes.Status429TooManyRequests, exceeded.Error.Code, exceeded.Error.Message);
            case SignInRefusedException { RetryAfter: { } wait } throttled:
                context.Response.SetRetryAfter(wait);
                return VideosApi.Problem(StatusCodes.Status429TooManyRequests, throttled.Code, throttled.Message);
            case SignInRefusedException refused:
                return VideosApi.Problem(StatusCodes.Status401Unauthorized, refused.Code, refused.Message);
            default:
                return null;
        }
    }
}

/// <summary>The caller's own account: the only view with the birthdate (and, from <c>/v1/me</c>, the usage).</summary>
public sealed record MemberObject(
    string Id, string Username, string DisplayName, string Bio, string Birthdate, string Role, string State, long CreatedAt, string? AvatarUrl)
{
    [JsonPropertyOrder(-1)]
    public string Object => "member";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UsageObject? Usage { get; init; }

    public static MemberObject From(Member member) => new(
        member.Id, member.Username, member.DisplayName, member.Bio, member.Birthdate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Role.ToString()), JsonNamingPolicy.SnakeCaseLower.ConvertName(member.State.ToString()),
        member.CreatedAt.ToUnixTimeSeconds(), ProfileObject.AvatarUrlOf(member));
}

/// <summary>Today's fair use: clips published (charged), in the making, the limits (null: none) and what is left.</summary>
public sealed record UsageObject(int PublishedToday, int InFlight, int? DailyAllowance, int? InFlightLimit, int? AllowanceLeft, long ResetsAt)
{
    public static UsageObject From(Usage usage) => new(
        usage.PublishedToday, usage.InFlight, usage.Daily, usage.InFlightLimit, usage.Left, usage.ResetsAt.ToUnixTimeSeconds());
}

/// <summary>What anyone signed in sees of a member; a single profile also carries the counts and how the caller stands with them.</summary>
public sealed record ProfileObject(string Id, string Username, string DisplayName, string Bio, long CreatedAt, string? AvatarUrl)
{
    [JsonPropertyOrder(-1)]
    public string Object => "profile";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Followers { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Following { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RelationshipObject? Relationship { get; init; }

    /// <summary>The account's state, shown to the admin who changed it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? State { get; init; }

    /// <summary>The account's role, shown to the admin who changed it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    public static ProfileObject From(Member member) =>
        new(member.Id, member.Username, member.DisplayName, member.Bio, member.CreatedAt.ToUnixTimeSeconds(), AvatarUrlOf(member));

    /// <summary>Where the member's avatar is served (null: none).</summary>
    public static string? AvatarUrlOf(Member member) => member.Avatar is null ? null : $"/v1/members/{member.Username}/avatar";

    public static ProfileObject From(Profile profile) => From(profile.Member) with
    {
        Followers = profile.Counts?.Followers,
        Following = profile.Counts?.Following,
        Relationship = new RelationshipObject(
            profile.Relationship.Following, profile.Relationship.FollowedBy, profile.Relationship.Mutual, profile.Relationship.Blocking, profile.Relationship.Muting),
    };
}

/// <summary>How the caller stands with a member (whether they block the caller is not told).</summary>
public sealed record RelationshipObject(bool Following, bool FollowedBy, bool Mutual, bool Blocking, bool Muting);

/// <summary>A page of a list with the cursor to the next (null at the end).</summary>
public sealed record PageObject<T>(IReadOnlyList<T> Data, string? Next)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";

    public bool HasMore => Next is not null;
}

public sealed record SessionObject(MemberObject Member, string CsrfToken, long ExpiresAt)
{
    [JsonPropertyOrder(-1)]
    public string Object => "session";
}

/// <summary>An API key as its owner sees it; <see cref="Key"/> (the token) only in the answer that created it.</summary>
public sealed record KeyObject(string Id, string Name, string Prefix, long CreatedAt, long? LastUsedAt, long? RevokedAt)
{
    [JsonPropertyOrder(-1)]
    public string Object => "api_key";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }

    public static KeyObject From(Credential key, string? token = null) => new(
        key.Id, key.Name, key.Prefix, key.CreatedAt.ToUnixTimeSeconds(), key.LastUsedAt?.ToUnixTimeSeconds(), key.RevokedAt?.ToUnixTimeSeconds())
    {
        Key = token,
    };
}

public sealed record InviteObject(string Code, long CreatedAt, bool Used, long? UsedAt)
{
    [JsonPropertyOrder(-1)]
    public string Object => "invite";

    public static InviteObject From(Invite invite) => new(invite.Code, invite.CreatedAt.ToUnixTimeSeconds(), invite.RedeemedBy is not null, invite.RedeemedAt?.ToUnixTimeSeconds());
}

public sealed record ListObject<T>(IReadOnlyList<T> Data)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}
