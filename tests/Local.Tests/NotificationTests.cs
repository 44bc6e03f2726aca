using System.Net;
using System.Text.Json;

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
