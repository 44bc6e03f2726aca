using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace SoraFunctions.Api;

/// <summary>
/// Who may deliver events to <c>/v1/events</c> (section <see cref="SectionName"/>): a shared secret, a Microsoft Entra
/// ID token, or either. Unset, the webhook takes no deliveries.
/// </summary>
public sealed class EventsWebhookOptions
{
    public const string SectionName = "Sora:Events";

    /// <summary>
    /// The shared secret a delivery carries as <c>Authorization: Bearer …</c> (Event Grid sends it as a static, secret
    /// delivery attribute).
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Deliveries with an access token Event Grid obtains from Microsoft Entra ID for the webhook's app.</summary>
    public EntraDeliveryOptions Entra { get; set; } = new();

    public bool IsConfigured => WebhookSecret is { Length: > 0 } || Entra.IsConfigured;
}

public sealed class EntraDeliveryOptions
{
    /// <summary>The app role Event Grid's service principal is assigned in the webhook's app (Microsoft's name for it).</summary>
    public const string SubscriberRole = "AzureEventGridSecureWebhookSubscriber";

    /// <summary>The tenant of the webhook's app registration.</summary>
    public string? TenantId { get; set; }

    /// <summary>The webhook app's client id or application ID URI: the tokens' audience.</summary>
    public string? Audience { get; set; }

    /// <summary>The authority's host, whose <c>{tenant}/v2.0/.well-known/openid-configuration</c> lists the signing keys.</summary>
    public Uri Instance { get; set; } = new("https://login.microsoftonline.com");

    public bool IsConfigured => TenantId is { Length: > 0 } && Audience is { Length: > 0 };
}

/// <summary>
/// Decides whether an event delivery comes from the event source. A shared secret is compared in constant time; an
/// Entra ID token must be signed by one of the tenant's current keys (fetched from its OpenID metadata, cached and
/// refreshed as the keys roll), issued by the tenant (v1 or v2 tokens), for the webhook's app, unexpired, and carry the
/// <see cref="EntraDeliveryOptions.SubscriberRole"/> role — the one only Event Grid's principal is given.
/// </summary>
public sealed class EventDeliveryAuthenticator
{
    private const string Unauthorized = "EVENTS.UNAUTHORIZED";

    private readonly EventsWebhookOptions options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? entraMetadata;
    private readonly JsonWebTokenHandler tokens = new();

    public EventDeliveryAuthenticator(IOptions<EventsWebhookOptions> options)
    {
        this.options = options.Value;
        if (this.options.Entra is { IsConfigured: true } entra)
        {
            var metadata = new Uri(entra.Instance, $"{Uri.EscapeDataString(entra.TenantId!)}/v2.0/.well-known/openid-configuration");
            entraMetadata = new ConfigurationManager<OpenIdConnectConfiguration>(
                metadata.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = metadata.Scheme == Uri.UriSchemeHttps });
        }
    }

    /// <summary>Null when the delivery proves its source; otherwise the answer that refuses it.</summary>
    public async Task<IResult?> RefuseAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (!options.IsConfigured)
        {
            return Refusal(request, "This webhook takes no deliveries until Sora__Events__WebhookSecret or Sora__Events__Entra__TenantId and __Audience are set.");
        }

        var authorization = request.Headers.Authorization.ToString();
        if (options.WebhookSecret is { Length: > 0 } secret
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes($"Bearer {secret}"), Encoding.UTF8.GetBytes(authorization)))
        {
            return null;
        }

        if (entraMetadata is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            OpenIdConnectConfiguration metadata;
            try
            {
                metadata = await entraMetadata.GetConfigurationAsync(cancellation);
            }
            catch (InvalidOperationException exception)
            {
                // Event Grid delivers again later; the keys may be reachable by then.
                return VideosApi.Problem(StatusCodes.Status503ServiceUnavailable, "EVENTS.AUTHORITY_UNAVAILABLE",
                    $"The token's signing keys could not be read from Microsoft Entra ID: {exception.Message}");
            }

            if (await AcceptsTokenAsync(authorization["Bearer ".Length..], metadata))
            {
                return null;
            }
        }

        return Refusal(request, options.Entra.IsConfigured
            ? $"A delivery carries the webhook's shared secret or an Entra ID token for its app with the role {EntraDeliveryOptions.SubscriberRole}, as 'Authorization: Bearer …'."
            : "A delivery carries the webhook's shared secret as 'Authorization: Bearer <secret>'.");
    }

    private async Task<bool> AcceptsTokenAsync(string token, OpenIdConnectConfiguration metadata)
    {
        var entra = options.Entra;
        var result = await tokens.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuers = [metadata.Issuer, $"https://sts.windows.net/{entra.TenantId}/"],
            ValidAudience = entra.Audience,
            IssuerSigningKeys = metadata.SigningKeys,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
        });
        return result.IsValid && result.ClaimsIdentity.HasClaim("roles", EntraDeliveryOptions.SubscriberRole);
    }

    private static IResult Refusal(HttpRequest request, string message)
    {
        request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return VideosApi.Problem(StatusCodes.Status401Unauthorized, Unauthorized, message);
    }
}
