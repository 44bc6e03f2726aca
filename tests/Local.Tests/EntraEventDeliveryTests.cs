using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SoraFunctions.Local.Cli;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// <c>/v1/events</c> configured for Microsoft Entra ID: deliveries carry an access token that a tenant's authority
/// signed. The authority here is a loopback server speaking the OpenID metadata protocol (discovery document and JWKS)
/// with a key of the test's own.
/// </summary>
public sealed class EntraEventDeliveryTests : DataFolderTest, IAsyncLifetime
{
    private const string Tenant = "8f3c1d2e-4b5a-4c6d-9e7f-0a1b2c3d4e5f";
    private const string Audience = "api://sora-events";
    private const string Batch = """[{"specversion": "1.0", "id": "e-1", "source": "/test", "type": "Test.Ping"}]""";

    private readonly RsaSecurityKey signingKey = new(RSA.Create(2048)) { KeyId = "tenant-key-1" };
    private WebApplication authority = null!;
    private string authorityUrl = null!;
    private TestServer server = null!;

    private string Issuer => $"{authorityUrl}/{Tenant}/v2.0";

    public async Task InitializeAsync()
    {
        (authority, var address) = await LoopbackServer.StartAsync(MapAuthority);
        authorityUrl = address.AbsoluteUri.TrimEnd('/');
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(Path.Combine(Data, LocalHost.SettingsFile),
            JsonSerializer.Serialize(new { Sora = new { Events = new { Entra = new { TenantId = Tenant, Audience, Instance = authorityUrl } } } }));
        server = await TestServer.StartAsync(Data);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await authority.DisposeAsync();
    }

    [Fact]
    public async Task A_token_from_the_tenant_for_the_app_with_event_grids_role_is_delivered_and_any_other_is_refused()
    {
        var delivered = await DeliverAsync(Token());
        var v1Token = await DeliverAsync(Token(issuer: $"https://sts.windows.net/{Tenant}/"));
        var refused = new Dictionary<string, HttpResponseMessage>
        {
            ["no role"] = await DeliverAsync(Token(roles: [])),
            ["another role"] = await DeliverAsync(Token(roles: ["Reader"])),
            ["another audience"] = await DeliverAsync(Token(audience: "api://someone-else")),
            ["another tenant"] = await DeliverAsync(Token(issuer: "https://sts.windows.net/00000000-0000-0000-0000-000000000000/")),
            ["expired"] = await DeliverAsync(Token(expires: DateTime.UtcNow.AddMinutes(-10))),
            ["another key"] = await DeliverAsync(Token(key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = signingKey.KeyId })),
            ["unsigned"] = await DeliverAsync(Unsigned(Token())),
            ["no token"] = await DeliverAsync(null),
            ["a guessed secret"] = await DeliverAsync("secret"),
        };

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (delivered.StatusCode, v1Token.StatusCode));
        foreach (var (name, response) in refused)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized && problem.GetProperty("code").GetString() == "EVENTS.UNAUTHORIZED", name);
        }

        // Handlers are idempotent: the event delivered twice is recorded once.
        Assert.Equal(["e-1"], File.ReadAllLines(Path.Combine(Data, "events.jsonl")).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "Test.Ping").Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task While_the_authority_cannot_be_reached_deliveries_are_refused_with_503_so_that_event_grid_delivers_again()
    {
        await authority.StopAsync();

        var response = await DeliverAsync(Token());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("EVENTS.AUTHORITY_UNAVAILABLE", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.False(File.Exists(Path.Combine(Data, "events.jsonl")) && File.ReadAllText(Path.Combine(Data, "events.jsonl")).Contains("Test.Ping", StringComparison.Ordinal));
    }

    private void MapAuthority(WebApplication app)
    {
        app.MapGet($"/{Tenant}/v2.0/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = Issuer,
            jwks_uri = $"{authorityUrl}/{Tenant}/discovery/v2.0/keys",
            authorization_endpoint = $"{authorityUrl}/{Tenant}/oauth2/v2.0/authorize",
        }));
        app.MapGet($"/{Tenant}/discovery/v2.0/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(signingKey.Rsa.ExportParameters(false)) { KeyId = signingKey.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
    }

    private string Token(
        string? issuer = null, string audience = Audience, string[]? roles = null, DateTime? expires = null, SecurityKey? key = null)
    {
        var until = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = until.AddHours(-1),
            NotBefore = until.AddHours(-1),
            Expires = until,
            Claims = new Dictionary<string, object>
            {
                ["roles"] = roles ?? ["AzureEventGridSecureWebhookSubscriber"],
                ["appid"] = "4962773b-9cdb-44cf-a8bf-237846a00ab7", // Event Grid's first-party app
            },
            SigningCredentials = new SigningCredentials(key ?? signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The same claims with the signature dropped and the header saying so (<c>alg: none</c>).</summary>
    private static string Unsigned(string token)
    {
        var parts = token.Split('.');
        var header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}"""));
        return $"{header}.{parts[1]}.";
    }

    private async Task<HttpResponseMessage> DeliverAsync(string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events")
        {
            Content = new StringContent(Batch, Encoding.UTF8, "application/cloudevents-batch+json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        return await server.Anonymous().SendAsync(request);
    }
}
