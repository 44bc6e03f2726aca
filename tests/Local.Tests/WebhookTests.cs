using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Social;
using SoraFunctions.Local.Cli;
using SoraFunctions.Orchestrations.Webhooks;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Members' webhooks through the local server: registered, each event delivered to the endpoints that asked for it,
/// signed as Standard Webhooks specifies (checked here as the spec's reference libraries check it), tried again after a
/// failure with the same id, every try listed; and no connection to a private address unless allowed.
/// </summary>
public sealed class WebhookTests : ServerTest
{
    protected override async Task PrepareDataAsync()
    {
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(
            Path.Combine(Data, LocalHost.SettingsFile),
            """{"Sora": {"Webhooks": {"AllowPrivateNetworks": true, "Retries": ["00:00:00.300", "00:00:00.300"]}}}""");
    }

    [Fact]
    public async Task Events_reach_the_endpoints_that_asked_signed_retried_with_the_same_id_and_every_try_is_listed()
    {
        await using var receiver = await Receiver.StartAsync();
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");

        var registered = await ann.PostAsJsonAsync("/v1/webhook_endpoints", new { url = receiver.Url, event_types = new[] { "member.followed", "video.completed" } });
        var endpoint = await ReadAsync(registered);
        var secret = endpoint.GetProperty("signing_secret").GetString()!;
        var badUrl = await ann.PostAsJsonAsync("/v1/webhook_endpoints", new { url = "ftp://example.com/hooks", event_types = new[] { "video.completed" } });
        var badEvents = await ann.PostAsJsonAsync("/v1/webhook_endpoints", new { url = receiver.Url, event_types = new[] { "video.exploded" } });
        await bob.PostAsync("/v1/members/ann/follow", null);
        var video = (await ReadAsync(await ann.PostAsJsonAsync("/v1/videos", new { prompt = "A kite over a beach at noon, wind blows", seconds = "4" }))).GetProperty("id").GetString()!;
        await WaitUntilAsync(() => receiver.Requests.Count >= 3, "the follow (tried twice) and the finished video to be delivered");

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "WEBHOOK.URL_INVALID"), (badUrl.StatusCode, (await ReadAsync(badUrl)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "WEBHOOK.EVENTS_INVALID"), (badEvents.StatusCode, (await ReadAsync(badEvents)).GetProperty("code").GetString()));
        var requests = receiver.Requests.ToArray();
        Assert.All(requests, request => Assert.True(Verify(secret, request), $"the signature of {request.Id} verifies"));
        var follows = requests.Where(request => request.Body.GetProperty("type").GetString() == "member.followed").ToList();
        Assert.Equal(2, follows.Count); // the first was answered 500
        Assert.Equal(follows[0].Id, follows[1].Id);
        Assert.Equal("bob", follows[1].Body.GetProperty("data").GetProperty("member").GetString());
        var completed = Assert.Single(requests, request => request.Body.GetProperty("type").GetString() == "video.completed");
        // OpenAI's event shape: what receivers written for OpenAI read.
        Assert.Equal((video, "completed"), (completed.Body.GetProperty("data").GetProperty("id").GetString(), completed.Body.GetProperty("data").GetProperty("status").GetString()));
        Assert.Equal("event", completed.Body.GetProperty("object").GetString());
        Assert.StartsWith("evt_", completed.Body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(follows[0].Body.GetProperty("id").GetString(), follows[1].Body.GetProperty("id").GetString());
        Assert.Equal(long.Parse(completed.Timestamp, System.Globalization.CultureInfo.InvariantCulture), completed.Body.GetProperty("created_at").GetInt64(), 30.0);

        var id = endpoint.GetProperty("id").GetString()!;
        var deliveries = (await ReadAsync(await ann.GetAsync($"/v1/webhook_endpoints/{id}/deliveries"))).GetProperty("data").EnumerateArray().ToList();
        var followDelivery = Assert.Single(deliveries, delivery => delivery.GetProperty("type").GetString() == "member.followed");
        Assert.Equal("delivered", followDelivery.GetProperty("status").GetString());
        Assert.Equal([500, 204], followDelivery.GetProperty("attempts").EnumerateArray().Select(attempt => attempt.GetProperty("status_code").GetInt32()));
        Assert.Equal(follows[0].Id, followDelivery.GetProperty("id").GetString());
        var listed = Assert.Single((await ReadAsync(await ann.GetAsync("/v1/webhook_endpoints"))).GetProperty("data").EnumerateArray());
        Assert.False(listed.TryGetProperty("signing_secret", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/webhook_endpoints/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync($"/v1/webhook_endpoints/{id}")).StatusCode);

        // A secret rotated with the old one kept: a delivery is signed by both, so a receiver that has either verifies it.
        var rotated = (await ReadAsync(await ann.PostAsJsonAsync($"/v1/webhook_endpoints/{id}/rotate_secret", new { keep_old_secret_active_for_24_hours = true })))
            .GetProperty("signing_secret").GetString()!;
        var tested = await ReadAsync(await ann.PostAsJsonAsync($"/v1/webhook_endpoints/{id}/test", new { event_type = "video.completed" }));
        var sample = receiver.Requests.Last();
        Assert.Equal(("webhook_endpoint.test", 204), (tested.GetProperty("object").GetString(), tested.GetProperty("status_code").GetInt32()));
        Assert.Equal("video.completed", sample.Body.GetProperty("type").GetString());
        Assert.True(Verify(secret, sample) && Verify(rotated, sample), "the sample verifies with the old secret and the new");
        var dropped = (await ReadAsync(await ann.PostAsJsonAsync($"/v1/webhook_endpoints/{id}/rotate_secret", new { }))).GetProperty("signing_secret").GetString()!;
        await ann.PostAsJsonAsync($"/v1/webhook_endpoints/{id}/test", new { event_type = "video.failed" });
        Assert.True(Verify(dropped, receiver.Requests.Last()) && !Verify(rotated, receiver.Requests.Last()), "a secret rotated out without keeping it signs nothing more");
        requests = receiver.Requests.ToArray();

        Assert.Equal(HttpStatusCode.OK, (await ann.DeleteAsync($"/v1/webhook_endpoints/{id}")).StatusCode);
        await bob.DeleteAsync("/v1/members/ann/follow");
        await bob.PostAsync("/v1/members/ann/follow", null);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(requests.Length, receiver.Requests.Count); // nothing more to a deleted endpoint
    }

    [Fact]
    public async Task A_delivery_never_connects_to_this_machine_or_a_private_network_unless_allowed()
    {
        await using var receiver = await Receiver.StartAsync();
        var endpoint = WebhookEndpoint.Register("member_a", null, receiver.Url, ["video.completed"], allowPlainHttp: true, DateTimeOffset.UtcNow);
        var delivery = new WebhookDelivery("msg_1", endpoint.Id, "member_a", "video.completed", "{}", DateTimeOffset.UtcNow, DeliveryStatus.Pending, []);
        using var guarded = new WebhookSender(Options.Create(new WebhookOptions()), TimeProvider.System);

        var refused = await guarded.SendAsync(endpoint, delivery, CancellationToken.None);

        Assert.Null(refused.StatusCode);
        Assert.Contains("not on a public network", refused.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
        Assert.Equal("WEBHOOK.URL_INVALID", Assert.Throws<Core.Videos.RequestRejectedException>(() =>
            WebhookEndpoint.Register("member_a", null, receiver.Url, ["video.completed"], allowPlainHttp: false, DateTimeOffset.UtcNow)).Error.Code);
        foreach (var address in new[]
        {
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1",
            "::ffff:10.0.0.1", "::127.0.0.1", "::ffff:0:127.0.0.1", "64:ff9b::7f00:1", "64:ff9b:1::a9fe:a9fe", "2002:7f00:1::1",
            "2001:0:4136:e378:8000:63bf:80ff:fffe", "2001:0:a00:1::1", "2001:db8::1",
        })
        {
            Assert.False(SoraFunctions.Orchestrations.PublicNetwork.IsPublic(IPAddress.Parse(address)), address);
        }

        foreach (var address in new[] { "93.184.216.34", "2606:2800:220:1::1", "64:ff9b::5db8:d822", "2002:5db8:d822::1", "2001:0:4136:e378:8000:63bf:a247:27dd" })
        {
            Assert.True(SoraFunctions.Orchestrations.PublicNetwork.IsPublic(IPAddress.Parse(address)), address);
        }
    }

    [Fact]
    public async Task What_a_delivery_would_refuse_is_refused_at_registration()
    {
        var data = Path.Combine(Path.GetDirectoryName(Data)!, "guarded");
        await TestServer.RefuseEveryPromptAsync(data);
        await using var guarded = await TestServer.StartAsync(data);

        foreach (var url in new[] { "https://127.0.0.1/hooks", "https://[::127.0.0.1]/hooks", "https://[64:ff9b::7f00:1]/hooks", "https://169.254.169.254/latest", "https://localhost/hooks" })
        {
            var refused = await guarded.Http.PostAsJsonAsync("/v1/webhook_endpoints", new { url, event_types = new[] { "video.completed" } });
            Assert.Equal((HttpStatusCode.BadRequest, "WEBHOOK.URL_INVALID"), (refused.StatusCode, (await ReadAsync(refused)).GetProperty("code").GetString()));
        }
    }

    [Fact]
    public async Task An_endpoint_answering_without_end_is_recorded_by_its_status_and_its_body_is_never_read()
    {
        var (app, address) = await LoopbackServer.StartAsync(app => app.MapPost("/hooks", async (HttpContext context) =>
        {
            context.Response.StatusCode = 500;
            var block = new byte[64 * 1024];
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(block, context.RequestAborted); // a body without end
            }
        }));
        await using var _ = app;
        var endpoint = WebhookEndpoint.Register("member_a", null, new Uri(address, "/hooks").AbsoluteUri, ["video.completed"], allowPlainHttp: true, DateTimeOffset.UtcNow);
        var delivery = new WebhookDelivery("msg_1", endpoint.Id, "member_a", "video.completed", "{}", DateTimeOffset.UtcNow, DeliveryStatus.Pending, []);
        using var sender = new WebhookSender(Options.Create(new WebhookOptions { AllowPrivateNetworks = true, Timeout = TimeSpan.FromSeconds(20) }), TimeProvider.System);

        var attempt = await sender.SendAsync(endpoint, delivery, CancellationToken.None);

        Assert.Equal((500, null), (attempt.StatusCode, attempt.Error));
        Assert.True(attempt.Milliseconds < 10_000, $"answered in {attempt.Milliseconds} ms");
    }

    /// <summary>
    /// The Standard Webhooks check as its reference libraries make it: the timestamp within five minutes, and one of the
    /// space-separated <c>v1,</c> signatures equal, in constant time, to the HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>
    /// keyed with the secret's base64 after <c>whsec_</c>.
    /// </summary>
    private static bool Verify(string secret, Delivered request)
    {
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(request.Timestamp, System.Globalization.CultureInfo.InvariantCulture)) > 300)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{request.Id}.{request.Timestamp}.{request.Raw}"));
        return request.Signature.Split(' ').Any(signature => signature.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(signature[3..]), expected));
    }

    private sealed record Delivered(string Id, string Timestamp, string Signature, string Raw, JsonElement Body);

    /// <summary>A webhook receiver on loopback: it answers its first request 500 and the rest 204, and keeps each.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication app;

        private Receiver(WebApplication app, string url) => (this.app, Url) = (app, url);

        public string Url { get; }

        public ConcurrentQueue<Delivered> Requests { get; } = new();

        public static async Task<Receiver> StartAsync()
        {
            Receiver? receiver = null;
            var (app, address) = await LoopbackServer.StartAsync(app => app.MapPost("/hooks", async (HttpRequest request) =>
            {
                var raw = await new StreamReader(request.Body).ReadToEndAsync();
                receiver!.Requests.Enqueue(new Delivered(
                    request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(), request.Headers["webhook-signature"].ToString(),
                    raw, JsonDocument.Parse(raw).RootElement));
                return receiver.Requests.Count == 1 ? Results.StatusCode(500) : Results.NoContent();
            }));
            receiver = new Receiver(app, new Uri(address, "/hooks").AbsoluteUri);
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
