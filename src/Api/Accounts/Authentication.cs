using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Members;

namespace SoraFunctions.Api;

/// <summary>Who is calling: the member, and the credential they proved it with.</summary>
public sealed record Caller(Member Member, Credential Credential)
{
    /// <summary>How an endpoint receives its caller: set by authentication, which every endpoint that takes one requires.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(context.Features.Get<Caller>());
}

/// <summary>A request that proved no member, or a member who may not act: the status and the stable code to answer with.</summary>
public sealed record AuthenticationRefusal(int Status, string Code, string Message, TimeSpan? RetryAfter = null)
{
    public static readonly AuthenticationRefusal Missing =
        new(StatusCodes.Status401Unauthorized, AccountCodes.AuthMissing, "Sign in, or send an API key as 'Authorization: Bearer <key>'.");

    /// <summary>The answer: problem details with the code, and a Bearer challenge when credentials would help.</summary>
    public IResult ToResult(HttpResponse response)
    {
        if (Status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        if (RetryAfter is { } wait)
        {
            response.SetRetryAfter(wait);
        }

        return VideosApi.Problem(Status, Code, Message);
    }
}

/// <summary>
/// Proves who a request comes from, the same way in every host: an API key as <c>Authorization: Bearer sora_sk_…</c>
/// (as the OpenAI SDKs send theirs), or the browser's session cookie, whose writes must also carry the session's
/// anti-forgery token in <see cref="AntiForgeryHeader"/>. Every request reads the credential and its member afresh,
/// so a revoked key or a suspended member is refused on the next request; a key's last use is written at most once a
/// minute. Each member is held to their rate, whatever credential they use (<see cref="RequestRateLimiter"/>); the
/// client's address was held to its own before (by the host, ahead of this).
/// </summary>
public sealed class Authenticator(IMemberStore members, RequestRateLimiter rates, TimeProvider time)
{
    public const string SessionCookie = "sora_session";
    public const string AntiForgeryCookie = "sora_csrf";
    public const string AntiForgeryHeader = "X-CSRF-Token";

    private static readonly TimeSpan UseRecordingInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> lastRecorded = new(StringComparer.Ordinal);

    public async Task<(Caller? Caller, AuthenticationRefusal? Refusal)> AuthenticateAsync(HttpRequest request, CancellationToken cancellation)
    {
        var authorization = request.Headers.Authorization.ToString();
        var cookie = request.Cookies[SessionCookie];
        CredentialKind kind;
        string token;
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length > 256)
            {
                return Refuse(401, AccountCodes.KeyInvalid, "Send the API key as 'Authorization: Bearer <key>'.");
            }

            (kind, token) = (CredentialKind.ApiKey, authorization["Bearer ".Length..].Trim());
        }
        else if (cookie is { Length: > 0 and <= 256 })
        {
            (kind, token) = (CredentialKind.Session, cookie);
        }
        else
        {
            return (null, AuthenticationRefusal.Missing);
        }

        var now = time.GetUtcNow();
        var found = await members.AuthenticateAsync(Credential.HashOf(token), cancellation);
        if (found is not { Credential: var credential, Member: var member } || credential.Kind != kind || member.State == MemberState.Deleted)
        {
            return kind == CredentialKind.ApiKey
                ? Refuse(401, AccountCodes.KeyInvalid, "The API key is not valid.")
                : Refuse(401, AccountCodes.SessionInvalid, "The session has ended; sign in again.");
        }

        if (!credential.IsUsableAt(now))
        {
            return kind == CredentialKind.ApiKey
                ? Refuse(401, AccountCodes.KeyRevoked, "The API key has been revoked.")
                : Refuse(401, AccountCodes.SessionInvalid, "The session has ended; sign in again.");
        }

        if (member.State == MemberState.Suspended)
        {
            return Refuse(403, AccountCodes.MemberSuspended, "The account is suspended.");
        }

        if (rates.AcquireForMember(member.Id) is { } wait)
        {
            return (null, new AuthenticationRefusal(StatusCodes.Status429TooManyRequests, AccountCodes.RateLimited, "Too many requests from this account; slow down.", wait));
        }

        if (kind == CredentialKind.Session && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !credential.AcceptsAntiForgery(request.Headers[AntiForgeryHeader]))
        {
            return Refuse(403, AccountCodes.CsrfMissing, $"A signed-in browser's writes carry the {AntiForgeryHeader} header the session was given.");
        }

        await RecordUseAsync(credential, now, cancellation);
        return (new Caller(member, credential), null);
    }

    private async Task RecordUseAsync(Credential credential, DateTimeOffset now, CancellationToken cancellation)
    {
        if (now - lastRecorded.GetValueOrDefault(credential.Id, credential.LastUsedAt ?? DateTimeOffset.MinValue) < UseRecordingInterval)
        {
            return;
        }

        lastRecorded[credential.Id] = now;
        await members.RecordUseAsync(credential, now, cancellation);
    }

    private static (Caller?, AuthenticationRefusal?) Refuse(int status, string code, string message) => (null, new AuthenticationRefusal(status, code, message));
}

/// <summary>
/// The ASP.NET Core authentication scheme over <see cref="Authenticator"/>: a proven caller becomes the request's user
/// (and its <see cref="Caller"/>); a refusal is answered as problem details with its code.
/// </summary>
public sealed class MemberAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Authenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Sora";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (caller, refusal) = await authenticator.AuthenticateAsync(Request, Context.RequestAborted);
        if (caller is null)
        {
            Context.Features.Set(refusal);
            return refusal!.Code == AccountCodes.AuthMissing ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(refusal.Code);
        }

        Context.Features.Set(caller);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, caller.Member.Id), new Claim(ClaimTypes.Role, caller.Member.Role.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        (Context.Features.Get<AuthenticationRefusal>() ?? AuthenticationRefusal.Missing).ToResult(Response).ExecuteAsync(Context);
}

public static class MemberAuthenticationExtensions
{
    /// <summary>Requires a member on every endpoint that asks for one.</summary>
    public const string MemberPolicy = "member";

    /// <summary>
    /// The account, engagement and feed rules and the authenticator, for every host (the CLI included).
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName);
        services.TryAddSingleton<RequestRateLimiter>();
        services.TryAddSingleton<Authenticator>();
        services.TryAddSingleton<SignInThrottle>();
        services.TryAddSingleton<Accounts>();
        services.TryAddSingleton<Relations>();
        services.TryAddSingleton<Avatars>();
        services.TryAddSingleton<Engagement>();
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.SectionName);
        services.TryAddSingleton<CandidatePool>();
        services.TryAddSingleton<Feeds>();
        services.TryAddSingleton<Search>();
        services.TryAddSingleton<Moderation>();
        services.TryAddSingleton<ServerSentEvents>();
        services.TryAddSingleton<InputImages>();
        return services;
    }

    /// <summary>
    /// The ASP.NET Core scheme and policies over <see cref="AddAccounts"/>, for a server's request pipeline, and its rate
    /// limiting by client address (<see cref="RequestRateLimiter.Clients"/>; <c>UseRateLimiter</c> ahead of
    /// authentication). Only the routes that ask for a member run the member scheme: the open ones and the event
    /// webhook, which proves its sender its own way, never do.
    /// </summary>
    public static IServiceCollection AddMemberAuthentication(this IServiceCollection services)
    {
        services.AddAccounts();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, MemberAuthenticationHandler>(MemberAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(MemberPolicy, policy => policy.AddAuthenticationSchemes(MemberAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        services.AddRateLimiter(options => options.OnRejected = (context, _) =>
            new ValueTask(RequestRateLimiter.Refusal(context.HttpContext, context.Lease).ExecuteAsync(context.HttpContext)));
        services.AddOptions<RateLimiterOptions>().Configure<RequestRateLimiter>((options, limiter) => options.GlobalLimiter = limiter.Clients);
        return services;
    }
}
