using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using SoraFunctions.Api;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Cli;
using SoraFunctions.Orchestrations;

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
    public async Task An_edit_of_a_finished_video_is_a_new_video_from_its_clip_and_an_edit_of_that_edits_it_again()
    {
        var (_, bob) = await MemberAsync("bob");
        var source = (await ReadAsync(await PostAsync(new { prompt = "A lighthouse on a cliff at dusk, waves below", seconds = "4" }))).GetProperty("id").GetString()!;
        var early = await Http.PostAsJsonAsync("/v1/videos/edits", new { video_id = source, edits = new object[] { new { type = "loop" } } });
        await PollUntilFinishedAsync(source);

        var edited = await ReadAsync(await Http.PostAsJsonAsync("/v1/videos/edits", new { video_id = source, edits = new object[] { new { type = "trim", start = 0, end = 2 }, new { type = "grade", preset = "noir" } } }));
        var noEdits = await Http.PostAsJsonAsync("/v1/videos/edits", new { video_id = source, edits = Array.Empty<object>() });
        var noVideo = await Http.PostAsJsonAsync("/v1/videos/edits", new { edits = new object[] { new { type = "loop" } } });
        var byStranger = await bob.PostAsJsonAsync("/v1/videos/edits", new { video_id = source, edits = new object[] { new { type = "loop" } } });
        var editedId = edited.GetProperty("id").GetString()!;
        var finished = await PollUntilFinishedAsync(editedId);
        var again = (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos/edits", new { video_id = editedId, edits = new object[] { new { type = "trim", start = 0, end = 1 } } }))).GetProperty("id").GetString()!;
        await PollUntilFinishedAsync(again);
        async Task<int> FramesAsync(string id)
        {
            var mp4 = Path.Combine(Data, $"{id}.mp4");
            await File.WriteAllBytesAsync(mp4, await Http.GetByteArrayAsync($"/v1/videos/{id}/content"));
            return (await SoraFunctions.Media.MediaProbe.ProbeAsync(mp4)).Video!.Frames;
        }

        var manifest = (await ReadAsync(await Http.GetAsync($"/v1/videos/{editedId}/content?variant=manifest"))).GetProperty("manifest");
        Assert.Equal((HttpStatusCode.Conflict, "VIDEO.NOT_READY"), (early.StatusCode, (await ReadAsync(early)).GetProperty("code").GetString()));
        Assert.Equal((source, "completed"), (edited.GetProperty("edited_from_video_id").GetString(), finished.GetProperty("status").GetString()));
        Assert.DoesNotContain(finished.GetProperty("steps").EnumerateArray(), step => step.GetProperty("step").GetString() is "RunGeneration" or "SyncAudio");
        Assert.Equal($"edit of {source}", manifest.GetProperty("generator").GetString());
        Assert.Equal((96, 48, 24), (await FramesAsync(source), await FramesAsync(editedId), await FramesAsync(again)));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.EDITS.MISSING"), (noEdits.StatusCode, (await ReadAsync(noEdits)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.BODY.MALFORMED"), (noVideo.StatusCode, (await ReadAsync(noVideo)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, byStranger.StatusCode);
    }

    [Fact]
    public async Task An_edit_in_words_as_the_OpenAI_SDK_sends_it_becomes_the_toolkits_edits_or_a_remix_when_only_generation_can_do_it()
    {
        var source = (await ReadAsync(await PostAsync(new { prompt = "A red kite over a green hill, wind blowing", seconds = "4" }))).GetProperty("id").GetString()!;
        await PollUntilFinishedAsync(source);

        // The SDK sends multipart: prompt, and the video as video[id].
        var edited = await ReadAsync(await Http.PostAsync("/v1/videos/edits", Form(("prompt", "make it black and white and slow the middle down"), ("video[id]", source))));
        var regenerated = await ReadAsync(await Http.PostAsJsonAsync("/v1/videos/edits", new { prompt = "make it night, and brighter", video = new { id = source } }));
        var nothing = await Http.PostAsJsonAsync("/v1/videos/edits", new { prompt = "please", video = new { id = source } });
        var twice = await Http.PostAsync("/v1/videos/edits", Form(("prompt", "loop it"), ("video[id]", source), ("video_id", source)));
        var finished = await PollUntilFinishedAsync(edited.GetProperty("id").GetString()!);
        var remix = await PollUntilFinishedAsync(regenerated.GetProperty("id").GetString()!);
        var mp4 = Path.Combine(Data, "edited.mp4");
        await File.WriteAllBytesAsync(mp4, await Http.GetByteArrayAsync($"/v1/videos/{finished.GetProperty("id").GetString()}/content"));

        Assert.Equal((source, "completed"), (edited.GetProperty("edited_from_video_id").GetString(), finished.GetProperty("status").GetString()));
        Assert.Equal(
            """[{"type":"speed","start":1.33,"end":2.67,"factor":0.5},{"type":"grade","preset":"noir"}]""",
            finished.GetProperty("edits").GetRawText());
        // 4 s with its middle 1.33 s played at half speed: 5.33 s, as the video object says.
        Assert.InRange((await SoraFunctions.Media.MediaProbe.ProbeAsync(mp4)).DurationSeconds, 5.2, 5.5);
        Assert.Contains(finished.GetProperty("seconds").GetString(), new[] { "5.3", "5.4" });
        Assert.Equal((source, JsonValueKind.Null), (regenerated.GetProperty("remixed_from_video_id").GetString(), regenerated.GetProperty("edited_from_video_id").ValueKind));
        Assert.Equal(("completed", """[{"type":"grade","brightness":0.15}]"""), (remix.GetProperty("status").GetString(), remix.GetProperty("edits").GetRawText()));
        Assert.Contains(remix.GetProperty("steps").EnumerateArray(), step => step.GetProperty("step").GetString() == "RunGeneration");
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.EDITS.MISSING"), (nothing.StatusCode, (await ReadAsync(nothing)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.BODY.MALFORMED"), (twice.StatusCode, (await ReadAsync(twice)).GetProperty("code").GetString()));
    }

    [Fact]
    public async Task An_uploaded_video_is_edited_and_extended_screened_and_not_kept_and_one_that_asks_for_generation_or_does_not_read_is_refused()
    {
        var upload = Path.Combine(Data, "upload.mp4");
        var tooLong = Path.Combine(Data, "long.mp4");
        // 3.5 s: its whole 3 s are kept, and a continuation starts where they end, not at the upload's very end.
        await SoraFunctions.Media.Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=3.5", "-pix_fmt", "yuv420p", upload]);
        await SoraFunctions.Media.Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10:duration=25", "-pix_fmt", "yuv420p", tooLong]);

        var edited = await ReadAsync(await Http.PostAsync("/v1/videos/edits", Form(("prompt", "warmer, and cut the first second"), ("video", upload))));
        var extended = await ReadAsync(await Http.PostAsync("/v1/videos/extensions", Form(("prompt", "the camera slowly pushes in"), ("seconds", "4"), ("video", upload))));
        var night = await Http.PostAsync("/v1/videos/edits", Form(("prompt", "make it night"), ("video", upload)));
        var text = Path.Combine(Data, "notes.mp4");
        await File.WriteAllTextAsync(text, "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n");
        var unreadable = await Http.PostAsync("/v1/videos/edits", Form(("prompt", "brighter"), ("video", text)));
        var longer = await Http.PostAsync("/v1/videos/edits", Form(("prompt", "brighter"), ("video", tooLong)));
        var finished = await PollUntilFinishedAsync(edited.GetProperty("id").GetString()!);
        var continued = await PollUntilFinishedAsync(extended.GetProperty("id").GetString()!);
        async Task<SoraFunctions.Media.MediaInfo> ProbeAsync(JsonElement video)
        {
            var mp4 = Path.Combine(Data, $"{video.GetProperty("id").GetString()}.mp4");
            await File.WriteAllBytesAsync(mp4, await Http.GetByteArrayAsync($"/v1/videos/{video.GetProperty("id").GetString()}/content"));
            return await SoraFunctions.Media.MediaProbe.ProbeAsync(mp4);
        }

        var (editedClip, extendedClip) = (await ProbeAsync(finished), await ProbeAsync(continued));
        Assert.Equal(("completed", "2", "1280x720", JsonValueKind.Null), (finished.GetProperty("status").GetString(), finished.GetProperty("seconds").GetString(),
            finished.GetProperty("size").GetString(), finished.GetProperty("edited_from_video_id").ValueKind));
        Assert.Equal("""[{"type":"trim","start":1,"end":3},{"type":"grade","preset":"warm"}]""", finished.GetProperty("edits").GetRawText());
        Assert.Equal((48, 1280, 720), (editedClip.Video!.Frames, editedClip.Video.Width, editedClip.Video.Height));
        Assert.NotNull(editedClip.Audio); // silence laid under a video that had no sound, as every clip has sound
        Assert.Equal(("completed", "7"), (continued.GetProperty("status").GetString(), continued.GetProperty("seconds").GetString()));
        Assert.Equal(7 * 24, extendedClip.Video!.Frames);
        async Task<byte[]> FrameAsync(string clip, int frame) => await SoraFunctions.Media.Ffmpeg.RunForOutputAsync(
            ["-i", clip, "-vf", $"select=eq(n\\,{frame}),scale=32:18,format=gray", "-frames:v", "1", "-f", "rawvideo", "-"]);
        var extendedMp4 = Path.Combine(Data, $"{continued.GetProperty("id").GetString()}.mp4");
        var (before, after) = (await FrameAsync(extendedMp4, 3 * 24 - 1), await FrameAsync(extendedMp4, 3 * 24));
        var seam = before.Zip(after, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(seam < 6, $"the continuation starts where the kept upload ends (the frames across the seam differ by {seam:0.#} of 255)");
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.UploadNeedsGeneration), (night.StatusCode, (await ReadAsync(night)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.UploadUnreadable), (unreadable.StatusCode, (await ReadAsync(unreadable)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.UploadTooLong), (longer.StatusCode, (await ReadAsync(longer)).GetProperty("code").GetString()));
        // Nothing of the uploads is kept once their jobs end, and nothing at all of the refused ones.
        Assert.Equal(2, (await ReadAsync(await Http.GetAsync("/v1/videos"))).GetProperty("data").GetArrayLength());
        Assert.False(Directory.Exists(Path.Combine(Data, "clips", "work")) && Directory.EnumerateFiles(Path.Combine(Data, "clips", "work"), "upload*", SearchOption.AllDirectories).Any());
        Assert.Empty(Directory.EnumerateFiles(Path.GetTempPath(), "sora-video-*"));
    }

    /// <summary>A multipart form as the OpenAI SDKs send one; a value naming a file in the data folder is sent as that file.</summary>
    private MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            if (value.StartsWith(Data, StringComparison.Ordinal))
            {
                var file = new ByteArrayContent(File.ReadAllBytes(value));
                file.Headers.ContentType = new("video/mp4");
                form.Add(file, name, Path.GetFileName(value));
            }
            else
            {
                form.Add(new StringContent(value), name);
            }
        }

        return form;
    }

    [Fact]
    public async Task An_extension_continues_a_finished_video_from_its_last_frame_for_more_seconds_as_one_clip()
    {
        var source = (await ReadAsync(await PostAsync(new { prompt = "A paper boat drifts down a rainy street, rain patters", seconds = "4", size = "1280x720" }))).GetProperty("id").GetString()!;
        await PollUntilFinishedAsync(source);

        var extension = await ReadAsync(await Http.PostAsJsonAsync("/v1/videos/extensions", new { video_id = source, seconds = "4" }));
        var badSeconds = await Http.PostAsJsonAsync("/v1/videos/extensions", new { video_id = source, seconds = "5" });
        var id = extension.GetProperty("id").GetString()!;
        var finished = await PollUntilFinishedAsync(id);
        var mp4 = Path.Combine(Data, "extended.mp4");
        await File.WriteAllBytesAsync(mp4, await Http.GetByteArrayAsync($"/v1/videos/{id}/content"));
        var probe = await SoraFunctions.Media.MediaProbe.ProbeAsync(mp4);

        Assert.Equal((source, "8"), (extension.GetProperty("extended_from_video_id").GetString(), extension.GetProperty("seconds").GetString()));
        Assert.Equal("completed", finished.GetProperty("status").GetString());
        Assert.Equal((192, 1280, 720), (probe.Video!.Frames, probe.Video.Width, probe.Video.Height));
        Assert.NotNull(probe.Audio);
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.SECONDS.UNSUPPORTED"), (badSeconds.StatusCode, (await ReadAsync(badSeconds)).GetProperty("code").GetString()));
    }

    private Task<HttpResponseMessage> PostAsync(object body) => Http.PostAsJsonAsync("/v1/videos", body);

    [Fact]
    public async Task The_prompt_review_says_what_the_clip_will_show_what_the_generator_leaves_out_and_what_screening_would_say()
    {
        var review = await ReadAsync(await Http.PostAsJsonAsync("/v1/prompts/review", new { prompt = "A chef flips pancakes next to a zorbulous theremin" }));
        var empty = await ReadAsync(await Http.PostAsJsonAsync("/v1/prompts/review", new { prompt = "" }));
        // What screening would say, before anything is made: let through close to its limit, and refused.
        var violent = await ReadAsync(await Http.PostAsJsonAsync("/v1/prompts/review", new { prompt = "A man stabs another man with blood spraying everywhere" }));
        var uncast = await ReadAsync(await Http.PostAsJsonAsync("/v1/prompts/review", new { prompt = "@nobody.here dances on a beach" }));
        static (string?, string?) Said(JsonElement review) =>
            (review.GetProperty("screening").GetProperty("verdict").GetString(), review.GetProperty("screening").GetProperty("code").GetString());

        Assert.Equal(("allow", null), Said(review));
        Assert.Equal(("warn", "SAFETY.INPUT.TEXT.VIOLENCE"), Said(violent));
        Assert.Equal(("block", Core.Safety.ContentScreener.NoConsent), Said(uncast));

        Assert.Equal(["chef", "flips", "pancakes"], review.GetProperty("depicted").EnumerateArray().Select(item => item.GetString()));
        Assert.Equal(["zorbulous", "theremin"], review.GetProperty("not_depicted").EnumerateArray().Select(item => item.GetString()));
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("depicted").ValueKind);
    }

    [Fact]
    public async Task What_screening_let_through_with_a_warning_reaches_the_creator_on_the_draft_and_the_moderators_in_their_queue()
    {
        var (_, moira) = await MemberAsync("moira");
        var (_, bob) = await MemberAsync("bob");
        await Http.PostAsync("/v1/members/moira/moderator", null);
        var id = (await ReadAsync(await PostAsync(new { prompt = "A knight stabs a dragon with blood spraying everywhere, in a castle at night", seconds = "4" })))
            .GetProperty("id").GetString()!;
        var finished = await PollUntilFinishedAsync(id);
        // The moderator watches the draft the case is about, which no one else but its owner may see.
        var caseId = Core.Social.ModerationCase.IdFor(new Core.Social.ReportTarget(Core.Social.TargetKind.Video, id, Core.Members.Member.LocalId));
        using var watched = await moira.GetAsync($"/v1/moderation/cases/{caseId}/content");
        var draft = await moira.GetAsync($"/v1/videos/{id}");
        var member = await bob.GetAsync($"/v1/moderation/cases/{caseId}/content");
        var filed = await App.Services.GetRequiredService<Core.Social.IModerationStore>().GetAsync(caseId);

        Assert.Equal("completed", finished.GetProperty("status").GetString());
        var warning = Assert.Single(finished.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "SAFETY.INPUT.TEXT.VIOLENCE");
        Assert.StartsWith("Content safety let this through close to its limit", warning.GetProperty("message").GetString());
        Assert.Equal(Core.Social.ModerationCase.Pipeline, Assert.Single(filed!.Reports).ReporterId);
        Assert.Equal((HttpStatusCode.OK, "video/mp4"), (watched.StatusCode, watched.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
    }

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
        // The same image by reference, as OpenAI's input_reference object names one: a data: URL (JSON, and the SDK's form field).
        var dataUrl = $"data:image/png;base64,{Convert.ToBase64String(await File.ReadAllBytesAsync(image))}";
        var byJson = await Http.PostAsJsonAsync("/v1/videos", new { prompt = "The camera pulls back", input_reference = new { image_url = dataUrl } });
        using var byField = new MultipartFormDataContent { { new StringContent("The camera tilts up"), "prompt" }, { new StringContent(dataUrl), "input_reference[image_url]" } };
        var byForm = await Http.PostAsync("/v1/videos", byField);
        var byFileId = await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A street", input_reference = new { file_id = "file_abc" } });
        var onThisMachine = await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A street", input_reference = new { image_url = $"https://127.0.0.1:{Http.BaseAddress!.Port}/icon.png" } });
        var notHttps = await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A street", input_reference = new { image_url = "file:///etc/passwd" } });
        var finished = await PollUntilFinishedAsync(created.GetProperty("id").GetString()!);
        var mp4 = Path.Combine(Data, "..", "from-image.mp4");
        await File.WriteAllBytesAsync(mp4, await Http.GetByteArrayAsync($"/v1/videos/{created.GetProperty("id").GetString()}/content"));
        var firstFrame = await SoraFunctions.Media.Ffmpeg.RunForOutputAsync(["-i", mp4, "-frames:v", "1", "-vf", "scale=32:18,format=gray", "-f", "rawvideo", "-"]);
        var source = await SoraFunctions.Media.Ffmpeg.RunForOutputAsync(["-i", image, "-vf", "scale=32:18,format=gray", "-f", "rawvideo", "-"]);

        Assert.Equal("completed", finished.GetProperty("status").GetString());
        Assert.True(firstFrame.Zip(source, (a, b) => Math.Abs(a - b)).Average() < 25, "the first frame shows the image");
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.INPUT_REFERENCE.UNREADABLE"),
            (unreadable.StatusCode, (await ReadAsync(unreadable)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (byJson.StatusCode, byForm.StatusCode));
        Assert.Equal((HttpStatusCode.BadRequest, InputImages.FileIdUnsupported), (byFileId.StatusCode, (await ReadAsync(byFileId)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, InputImages.UrlRefused), (onThisMachine.StatusCode, (await ReadAsync(onThisMachine)).GetProperty("code").GetString()));
        Assert.Contains("public network", (await ReadAsync(onThisMachine)).GetProperty("detail").GetString());
        Assert.Equal((HttpStatusCode.BadRequest, InputImages.UrlRefused), (notHttps.StatusCode, (await ReadAsync(notHttps)).GetProperty("code").GetString()));
        // Kept once, under its content's hash, however it came.
        Assert.Single(Directory.GetFiles(Path.Combine(Data, "clips", "inputs")));
    }

    [Fact]
    public async Task A_deleted_video_is_gone_for_its_owner_its_files_follow_and_one_being_made_stops()
    {
        var published = (await ReadAsync(await PostAsync(new { prompt = "A paper boat floats down a rainy street", seconds = "4" }))).GetProperty("id").GetString()!;
        await PollUntilFinishedAsync(published);
        var making = (await ReadAsync(await PostAsync(new { prompt = "A hot air balloon rises over a valley at dawn", seconds = "4" }))).GetProperty("id").GetString()!;

        var deleted = await ReadAsync(await Http.DeleteAsync($"/v1/videos/{published}"));
        var stopped = await Http.DeleteAsync($"/v1/videos/{making}");

        Assert.Equal("video.deleted", deleted.GetProperty("object").GetString());
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/videos/{published}/content")).StatusCode);
        var folders = new[] { published, making }.Select(id => Path.Combine(Data, "clips", "videos", id)).ToList();
        var engine = App.Services.GetRequiredService<Orchestrations.OrchestrationClient>();
        // Stopped: terminated by the takedown's handler, or ended by its own pipeline when that saw the removal first.
        await WaitUntilAsync(
            () => engine.GetInstanceAsync(making).Result!.RuntimeStatus.IsTerminal() && !folders.Any(Directory.Exists) && ScratchFolders().Length == 0,
            "the one being made is stopped and the removed videos' files are deleted");
        var removed = File.ReadAllLines(Path.Combine(Data, "events.jsonl")).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "SoraFunctions.Video.Removed").Select(e => e.GetProperty("data").GetProperty("videoId").GetString());
        Assert.Equal(new[] { published, making }.Order(), removed.Order());
        await Task.Delay(TimeSpan.FromSeconds(2)); // a job that was not stopped would still publish
        Assert.False(Directory.Exists(folders[1]));
    }

    [Fact]
    public async Task A_video_cancelled_while_it_renders_stops_its_job_is_not_charged_and_stays_cancelled()
    {
        var (_, bob) = await MemberAsync("bob");
        var making = (await ReadAsync(await PostAsync(new { prompt = "A hot air balloon rises over a valley at dawn, birds sing", seconds = "8" }))).GetProperty("id").GetString()!;
        var engine = App.Services.GetRequiredService<Orchestrations.OrchestrationClient>();
        await WaitUntilAsync(() => ScratchFolders().Any(folder => folder.Contains($"{making}-render-1", StringComparison.Ordinal)), "the job to start");

        var byStranger = await bob.PostAsync($"/v1/videos/{making}/cancel", null);
        var cancelled = await ReadAsync(await Http.PostAsync($"/v1/videos/{making}/cancel", null));
        var again = await ReadAsync(await Http.PostAsync($"/v1/videos/{making}/cancel", null));

        Assert.Equal(HttpStatusCode.NotFound, byStranger.StatusCode);
        Assert.Equal(("failed", "VIDEO.CANCELLED"), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal("VIDEO.CANCELLED", again.GetProperty("error").GetProperty("code").GetString());
        await WaitUntilAsync(
            () => engine.GetInstanceAsync(making).Result!.RuntimeStatus == Orchestrations.OrchestrationRuntimeStatus.Terminated && ScratchFolders().Length == 0,
            "the pipeline and its job to stop and their files to go");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a job that was not stopped would still report
        var after = await ReadAsync(await Http.GetAsync($"/v1/videos/{making}"));
        var usage = (await ReadAsync(await Http.GetAsync("/v1/me"))).GetProperty("usage");
        Assert.Equal(("failed", "VIDEO.CANCELLED"), (after.GetProperty("status").GetString(), after.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal((0, 0), (usage.GetProperty("published_today").GetInt32(), usage.GetProperty("in_flight").GetInt32()));

        var finished = (await ReadAsync(await PostAsync(new { prompt = "A paper boat floats down a rainy street", seconds = "4" }))).GetProperty("id").GetString()!;
        await PollUntilFinishedAsync(finished);
        var late = await Http.PostAsync($"/v1/videos/{finished}/cancel", null);
        Assert.Equal((HttpStatusCode.Conflict, "VIDEO.NOT_CANCELLABLE"), (late.StatusCode, (await ReadAsync(late)).GetProperty("code").GetString()));
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
