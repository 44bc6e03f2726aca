using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Messaging.EventGrid;
using Microsoft.AspNetCore.Builder;
using SoraFunctions.Azure.Events;
using SoraFunctions.Core.Events;

namespace SoraFunctions.Azure.Tests;

public sealed class EventGridPublisherTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string Query, string ContentType, string Key, string Body)> requests = new();
    private int failuresLeft;
    private WebApplication topic = null!;

    /// <summary>A local Event Grid topic: it records each publish request and can fail the next ones with 503.</summary>
    public async Task InitializeAsync() => topic = await LocalServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            requests.Enqueue((context.Request.Path, context.Request.QueryString.Value ?? "", context.Request.ContentType ?? "",
                context.Request.Headers["aeg-sas-key"].ToString(), await reader.ReadToEndAsync()));
            context.Response.StatusCode = Interlocked.Decrement(ref failuresLeft) >= 0 ? 503 : 200;
        });

    public async Task DisposeAsync() => await topic.DisposeAsync();

    private EventGridPublisher Publisher()
    {
        var options = new EventGridPublisherClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        return new EventGridPublisher(new EventGridPublisherClient(new Uri(topic.Urls.First() + "/api/events"), new AzureKeyCredential("topic-key"), options));
    }

    [Fact]
    public async Task Events_go_to_the_topic_as_a_cloudevents_batch_with_the_key()
    {
        var published = CloudEvents.Create(EventTypes.VideoPublished, "videos/video_1",
            new VideoPublishedData("video_1", "sora-2", 8, "720x1280", "videos/video_1/master.mp4", "videos/video_1/poster.jpg"),
            new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

        await Publisher().PublishAsync([published]);

        var (path, query, contentType, key, body) = Assert.Single(requests);
        var sent = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
        Assert.Equal(("/api/events", "?api-version=2018-01-01", "topic-key"), (path, query, key));
        Assert.StartsWith("application/cloudevents-batch+json", contentType);
        Assert.Equal("1.0", sent.GetProperty("specversion").GetString());
        Assert.Equal((published.Id, "/sorafunctions", "SoraFunctions.Video.Published", "videos/video_1"),
            (sent.GetProperty("id").GetString(), sent.GetProperty("source").GetString(), sent.GetProperty("type").GetString(), sent.GetProperty("subject").GetString()));
        Assert.Equal(published.Time, sent.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("video_1", sent.GetProperty("data").GetProperty("videoId").GetString());
    }

    [Fact]
    public async Task A_busy_topic_is_retried_and_large_batches_are_split()
    {
        failuresLeft = 1;
        var events = Enumerable.Range(0, 150)
            .Select(i => CloudEvents.Create("Test.Event", $"n/{i}", new { n = i }, DateTimeOffset.UtcNow)).ToList();

        await Publisher().PublishAsync(events);

        var bodies = requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetArrayLength()).ToList();
        Assert.Equal([100, 100, 50], bodies); // the first batch twice: 503, then accepted
    }
}
