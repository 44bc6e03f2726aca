using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SoraFunctions.Local.Tests;

public sealed class VideosApiTests : ServerTest
{
    [Fact]
    public async Task A_created_video_runs_to_completed_and_serves_its_mp4_and_thumbnail()
    {
        var created = await PostAsync(new { prompt = "A boat drifts on a calm sea at sunset", seconds = "4", size = "1280x720" });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var video = await ReadAsync(created);
        var id = video.GetProperty("id").GetString()!;
        Assert.Equal(("video", "sora-2", "4", "1280x720"), (video.GetProperty("object").GetString(), video.GetProperty("model").GetString(),
            video.GetProperty("seconds").GetString(), video.GetProperty("size").GetString()));
        Assert.Contains(video.GetProperty("status").GetString(), new[] { "queued", "in_progress" });
        Assert.Equal(HttpStatusCode.Conflict, (await Http.GetAsync($"/v1/videos/{id}/content")).StatusCode);

        var finished = await PollUntilFinishedAsync(id);
        Assert.Equal(("completed", 100), (finished.GetProperty("status").GetString(), finished.GetProperty("progress").GetInt32()));
        Assert.True(finished.GetProperty("completed_at").GetInt64() >= finished.GetProperty("created_at").GetInt64());
        Assert.Equal(JsonValueKind.Null, finished.GetProperty("error").ValueKind);

        var mp4 = await Http.GetAsync($"/v1/videos/{id}/content");
        Assert.Equal("video/mp4", mp4.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ftyp", Encoding.ASCII.GetString((await mp4.Content.ReadAsByteArrayAsync())[4..8]));
        var thumbnail = await Http.GetByteArrayAsync($"/v1/videos/{id}/content?variant=thumbnail");
        Assert.Equal([0xFF, 0xD8], thumbnail[..2]);
        var spritesheet = await Http.GetAsync($"/v1/videos/{id}/content?variant=spritesheet");
        Assert.Equal("image/jpeg", spritesheet.Content.Headers.ContentType?.MediaType);
        var preview = await Http.GetAsync($"/v1/videos/{id}/content?variant=preview");
        Assert.Equal("video/mp4", preview.Content.Headers.ContentType?.MediaType);
        var manifest = await ReadAsync(await Http.GetAsync($"/v1/videos/{id}/content?variant=manifest"));
        Assert.Equal(id, manifest.GetProperty("manifest").GetProperty("videoId").GetString());

        var list = await ReadAsync(await Http.GetAsync("/v1/videos"));
        Assert.Equal("list", list.GetProperty("object").GetString());
        Assert.Equal(id, list.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_video_and_starts_one_pipeline()
    {
        var body = new { prompt = "fireflies in a forest at night", seconds = "4" };
        using var first = new HttpRequestMessage(HttpMethod.Post, "/v1/videos") { Content = JsonContent.Create(body) };
        first.Headers.Add("Idempotency-Key", "order-17");
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/v1/videos") { Content = JsonContent.Create(body) };
        retry.Headers.Add("Idempotency-Key", "order-17");

        var a = (await ReadAsync(await Http.SendAsync(first))).GetProperty("id").GetString()!;
        var b = (await ReadAsync(await Http.SendAsync(retry))).GetProperty("id").GetString();

        Assert.Equal(a, b);
        Assert.Single((await ReadAsync(await Http.GetAsync("/v1/videos"))).GetProperty("data").EnumerateArray());

        using var different = new HttpRequestMessage(HttpMethod.Post, "/v1/videos")
        {
            Content = JsonContent.Create(new { prompt = "fireflies in a forest at dawn", seconds = "4" }),
        };
        different.Headers.Add("Idempotency-Key", "order-17");
        var conflict = await Http.SendAsync(different);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("IDEMPOTENCY.KEY_REUSED", (await ReadAsync(conflict)).GetProperty("code").GetString());
        await PollUntilFinishedAsync(a);
    }

    [Theory]
    [InlineData("{\"prompt\": ", "VALIDATION.BODY.MALFORMED")]
    [InlineData("[1,2]", "VALIDATION.BODY.MALFORMED")]
    [InlineData("{\"prompt\": \"a fox\", \"size\": \"640x480\"}", "VALIDATION.SIZE.UNSUPPORTED")]
    [InlineData("{\"prompt\": \"a fox\", \"seconds\": \"9\"}", "VALIDATION.SECONDS.UNSUPPORTED")]
    [InlineData("{\"prompt\": \"\"}", "VALIDATION.PROMPT.EMPTY")]
    [InlineData("{\"prompt\": \"make a cool video\", \"strict\": true}", "VALIDATION.PROMPT.VAGUE")]
    [InlineData("{\"prompt\": \"a fox\", \"model\": \"sora-2\", \"size\": \"1024x1792\"}", "VALIDATION.SIZE.NOT_FOR_MODEL")]
    public async Task Bad_requests_get_problem_details_with_a_stable_code_and_nothing_is_recorded(string body, string code)
    {
        var response = await Http.PostAsync("/v1/videos", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadAsync(response);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Empty((await ReadAsync(await Http.GetAsync("/v1/videos"))).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Edits_in_the_request_are_applied_and_bad_ones_refused_with_a_code()
    {
        var created = await ReadAsync(await PostAsync(new
        {
            prompt = "waves roll onto a beach at dawn", seconds = "4",
            edits = new object[] { new { type = "trim", start = 0, end = 3 }, new { type = "grade", preset = "cool" } },
        }));
        var unknown = await ReadAsync(await PostAsync(new { prompt = "waves", edits = new object[] { new { type = "blur" } } }));
        var missing = await ReadAsync(await PostAsync(new { prompt = "waves", edits = new object[] { new { type = "speed", start = 1, end = 2 } } }));
        var outside = await ReadAsync(await PostAsync(new { prompt = "waves", seconds = "4", edits = new object[] { new { type = "trim", start = 1, end = 6 } } }));

        var finished = await PollUntilFinishedAsync(created.GetProperty("id").GetString()!);
        var mp4 = Path.Combine(Data, "edited.mp4");
        await File.WriteAllBytesAsync(mp4, await Http.GetByteArrayAsync($"/v1/videos/{created.GetProperty("id").GetString()}/content"));

        Assert.Equal("completed", finished.GetProperty("status").GetString());
        Assert.Equal(72, (await SoraFunctions.Media.MediaProbe.ProbeAsync(mp4)).Video!.Frames);
        Assert.Equal("EDIT.TYPE.UNKNOWN", unknown.GetProperty("code").GetString());
        Assert.Equal("EDIT.FIELD.MISSING", missing.GetProperty("code").GetString());
        Assert.Equal("EDIT.TRIM.OUT_OF_RANGE", outside.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Size_errors_list_the_allowed_values()
    {
        var problem = await ReadAsync(await PostAsync(new { prompt = "a fox", size = "1x1" }));

        Assert.Equal(["720x1280", "1280x720", "1024x1792", "1792x1024"],
            problem.GetProperty("allowed").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Unknown_videos_and_variants_are_clear_errors()
    {
        var missing = await Http.GetAsync("/v1/videos/video_nope");
        var variant = await Http.GetAsync("/v1/videos/video_nope/content?variant=gif");
        var limit = await Http.GetAsync("/v1/videos?limit=0");

        Assert.Equal((HttpStatusCode.NotFound, "VIDEO.NOT_FOUND"), (missing.StatusCode, (await ReadAsync(missing)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.VARIANT.UNSUPPORTED"), (variant.StatusCode, (await ReadAsync(variant)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(object body) => Http.PostAsJsonAsync("/v1/videos", body);

    [Fact]
    public async Task A_form_with_an_input_reference_makes_a_clip_that_starts_from_the_image()
    {
        Directory.CreateDirectory(Data);
        var image = Path.Combine(Data, "..", "street.png");
        await SoraFunctions.Media.Ffmpeg.RunAsync(["-y", "-f", "lavfi", "-i", "testsrc2=s=640x360", "-frames:v", "1", image]);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("The camera slowly pushes in, soft piano"), "prompt" },
            { new StringContent("4"), "seconds" },
            { new StringContent("1280x720"), "size" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(image)), "input_reference", "street.png" },
        };
        using var notAnImage = new MultipartFormDataContent
        {
            { new StringContent("A street"), "prompt" },
            { new ByteArrayContent("not a picture"u8.ToArray()), "input_reference", "street.png" },
        };

        var created = await ReadAsync(await Http.PostAsync("/v1/videos", form));
        var unreadable = await Http.PostAsync("/v1/videos", notAnImage);
        var finished = await PollUntilFinishedAsync(created.GetProperty("id").GetString()!);
        var mp4 = Path.Combine(Data, "..", "from-image.mp4");
        await File.WriteAllBytesAsync(mp4, await Http.GetByteArrayAsync($"/v1/videos/{created.GetProperty("id").GetString()}/content"));
        var firstFrame = await SoraFunctions.Media.Ffmpeg.RunForOutputAsync(["-i", mp4, "-frames:v", "1", "-vf", "scale=32:18,format=gray", "-f", "rawvideo", "-"]);
        var source = await SoraFunctions.Media.Ffmpeg.RunForOutputAsync(["-i", image, "-vf", "scale=32:18,format=gray", "-f", "rawvideo", "-"]);

        Assert.Equal("completed", finished.GetProperty("status").GetString());
        Assert.True(firstFrame.Zip(source, (a, b) => Math.Abs(a - b)).Average() < 25, "the first frame shows the image");
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.INPUT_REFERENCE.UNREADABLE"),
            (unreadable.StatusCode, (await ReadAsync(unreadable)).GetProperty("code").GetString()));
        Assert.Single(Directory.GetFiles(Path.Combine(Data, "clips", "inputs")));
    }

    [Fact]
    public async Task The_events_endpoint_validates_subscriptions_and_hands_delivered_events_to_the_handlers()
    {
        using var options = new HttpRequestMessage(HttpMethod.Options, "/v1/events") { Headers = { { "WebHook-Request-Origin", "eventgrid.azure.net" } } };
        var handshake = await Http.SendAsync(options);
        using var validation = new HttpRequestMessage(HttpMethod.Post, "/v1/events")
        {
            Headers = { { "aeg-event-type", "SubscriptionValidation" } },
            Content = new StringContent("""[{"id": "1", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "data": {"validationCode": "512d38b6"}}]""", Encoding.UTF8, "application/json"),
        };
        var validated = await ReadAsync(await Http.SendAsync(validation));
        // Delivered the way an Event Grid topic receives them from the publisher adapter: a CloudEvents batch.
        var publisher = new SoraFunctions.Azure.Events.EventGridPublisher(new global::Azure.Messaging.EventGrid.EventGridPublisherClient(
            new Uri(Http.BaseAddress!, "/v1/events"), new global::Azure.AzureKeyCredential("unused")));
        var published = SoraFunctions.Core.Events.CloudEvents.Create("SoraFunctions.Video.Published", "videos/video_9", new { videoId = "video_9" }, DateTimeOffset.UtcNow);
        await publisher.PublishAsync([published]);
        var malformed = await Http.PostAsync("/v1/events", new StringContent("""[{"specversion": "0.3", "id": "x"}]""", Encoding.UTF8, "application/cloudevents-batch+json"));

        Assert.Equal("eventgrid.azure.net", handshake.Headers.GetValues("WebHook-Allowed-Origin").Single());
        Assert.Equal("512d38b6", validated.GetProperty("validationResponse").GetString());
        Assert.Contains(File.ReadAllLines(Path.Combine(Data, "events.jsonl")), line => line.Contains(published.Id, StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.BadRequest, "EVENTS.MALFORMED"), (malformed.StatusCode, (await ReadAsync(malformed)).GetProperty("code").GetString()));
    }

    private async Task<JsonElement> PollUntilFinishedAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var video = await ReadAsync(await Http.GetAsync($"/v1/videos/{id}"));
            if (video.GetProperty("status").GetString() is "completed" or "failed")
            {
                return video;
            }

            Assert.True(DateTime.UtcNow < deadline, $"video {id} did not finish");
            await Task.Delay(100);
        }
    }
}
