using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Local.Tests;

/// <summary>Notifications through the local server: written by the event handlers, read, and streamed live.</summary>
public sealed class NotificationTests : ServerTest
{
    [Fact]
    public async Task A_new_follower_is_a_notification_the_live_stream_counts_and_reading_clears_it()
    {
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        using var stream = await ann.GetAsync("/v1/notifications/stream", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var before = await NextUnreadAsync(events);

        await bob.PostAsync("/v1/members/ann/follow", null);
        var after = await NextUnreadAsync(events);
        var list = await ReadAsync(await ann.GetAsync("/v1/notifications"));
        var read = await ReadAsync(await ann.PostAsync("/v1/notifications/read", null));
        var cleared = await NextUnreadAsync(events);

        Assert.Equal(("text/event-stream", 0, 1), (stream.Content.Headers.ContentType?.MediaType, before, after));
        var follow = list.GetProperty("data")[0];
        Assert.Equal(("notification", "follow", "bob", false), (follow.GetProperty("object").GetString(), follow.GetProperty("kind").GetString(),
            follow.GetProperty("actor").GetString(), follow.GetProperty("read").GetBoolean()));
        Assert.Equal(1, list.GetProperty("unread").GetInt32());
        Assert.Equal((0, 0), (read.GetProperty("unread").GetInt32(), cleared));
        Assert.Equal(0, (await ReadAsync(await bob.GetAsync("/v1/notifications"))).GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().GetAsync("/v1/notifications/stream")).StatusCode);
    }

    [Fact]
    public async Task Liking_and_following_over_and_over_tells_of_each_once()
    {
        var (annMember, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var post = await SeedVideoAsync(annMember, posted: true);

        for (var i = 0; i < 10; i++)
        {
            await bob.PostAsync($"/v1/videos/{post}/likes", null);
            await bob.DeleteAsync($"/v1/videos/{post}/likes");
            await bob.PostAsync("/v1/members/ann/follow", null);
            await bob.DeleteAsync("/v1/members/ann/follow");
        }

        await AllEventsHandledAsync();
        var kinds = (await ReadAsync(await ann.GetAsync("/v1/notifications"))).GetProperty("data").EnumerateArray().Select(n => n.GetProperty("kind").GetString());

        Assert.Equal(["follow", "like"], kinds.Order());
    }

    [Fact]
    public async Task An_owner_hears_when_a_clip_is_ready_when_one_was_not_made_who_declined_one_and_who_took_one_down()
    {
        var (annMember, ann) = await MemberAsync("ann");
        var (bobMember, bob) = await MemberAsync("bob");
        var ready = await CreateAsync(ann, "A red kite flies over a beach at noon, wide shot, waves crash");
        await FinishedAsync(ann, ready);

        // Not made: the pipeline's failure writes the record and its event together, as here.
        var now = DateTimeOffset.UtcNow;
        var failed = Video.Queue(Video.NewId(), annMember.Id, new VideoSpec("A kite over a beach", VideoCatalog.Sora2, 4, 720, 1280, 1), now, ownerUsername: annMember.Username);
        failed.MarkFailed(new VideoError("GENERATION.FAILED", "The generator failed."), now);
        await App.Services.GetRequiredService<IVideoStore>().TryCreateAsync(
            failed, [CloudEvents.Create(EventTypes.VideoFailed, $"videos/{failed.Id}", new VideoEndedData(failed.Id, annMember.Id), now)]);

        // Declined by the cameo owner asked to review it: he is named.
        var declined = Video.Queue(Video.NewId(), annMember.Id, new VideoSpec("A kite over a beach", VideoCatalog.Sora2, 4, 720, 1280, 1), now, ownerUsername: annMember.Username);
        declined.RequestReview([bobMember.Id], "work/edited.mp4", now.AddHours(72));
        Assert.True(declined.Review(bobMember.Id, approved: false));
        declined.MarkFailed(new VideoError(CameoCodes.ReviewDeclined, "A cameo owner declined the clip."), now);
        await App.Services.GetRequiredService<IVideoStore>().TryCreateAsync(
            declined, [CloudEvents.Create(EventTypes.VideoFailed, $"videos/{declined.Id}", new VideoEndedData(declined.Id, annMember.Id), now)]);

        var cameo = await ActiveCameoAsync(bobMember);
        var takenDown = await SeedVideoAsync(annMember, posted: true, new CameoCast(cameo, bobMember.Id, bobMember.Username));
        Assert.Equal(HttpStatusCode.OK, (await bob.DeleteAsync($"/v1/videos/{takenDown}")).StatusCode);
        await AllEventsHandledAsync();
        var told = (await ReadAsync(await ann.GetAsync("/v1/notifications"))).GetProperty("data").EnumerateArray()
            .Select(n => (n.GetProperty("kind").GetString(), n.GetProperty("actor").GetString(), n.GetProperty("video_id").GetString()))
            .Where(n => n.Item1 is "video_ready" or "video_failed" or "review_declined" or "video_taken_down")
            .ToHashSet();

        Assert.Equal(new HashSet<(string?, string?, string?)>
        {
            ("video_ready", null, ready), ("video_failed", null, failed.Id), ("review_declined", "bob", declined.Id), ("video_taken_down", "bob", takenDown),
        }, told);
        // Bob took it down himself and made nothing: he hears of none of it.
        Assert.DoesNotContain((await ReadAsync(await bob.GetAsync("/v1/notifications"))).GetProperty("data").EnumerateArray(),
            n => n.GetProperty("kind").GetString()!.StartsWith("video_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_ends_when_its_session_signs_out_and_a_member_holds_few_at_once()
    {
        var (member, ann) = await MemberAsync("ann");
        var accounts = App.Services.GetRequiredService<Api.Accounts>();
        var (session, token) = await accounts.StartSessionAsync(member, default);
        using var browser = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = Patience };
        browser.DefaultRequestHeaders.Add("Cookie", $"{Api.Authenticator.SessionCookie}={token}");
        using var stream = await browser.GetAsync("/v1/notifications/stream", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        await NextUnreadAsync(events);

        await accounts.SignOutAsync(session, default);
        using var ended = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await events.ReadLineAsync(ended.Token) is not null)
        {
            // Read until the server ends the stream.
        }

        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < Api.ServerSentEvents.MaxPerMember; i++)
        {
            open.Add(await ann.GetAsync("/v1/notifications/stream", HttpCompletionOption.ResponseHeadersRead));
        }

        var oneMore = await ann.GetAsync("/v1/notifications/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.All(open, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal((HttpStatusCode.TooManyRequests, Api.ServerSentEvents.TooManyCode), (oneMore.StatusCode, (await ReadAsync(oneMore)).GetProperty("code").GetString()));
        foreach (var response in open)
        {
            response.Dispose();
        }
    }

    /// <summary>The unread count of the stream's next event.</summary>
    private static async Task<int> NextUnreadAsync(StreamReader events)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (await events.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("unread").GetInt32();
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }

    private HttpClient Anonymous() => new() { BaseAddress = Http.BaseAddress };
}
