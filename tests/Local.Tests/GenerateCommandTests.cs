using System.Diagnostics;
using System.Text.Json;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media;
using SoraFunctions.Worker;

namespace SoraFunctions.Local.Tests;

public sealed class GenerateCommandTests : DataFolderTest
{
    [Fact]
    public async Task Generate_publishes_a_playable_clip_with_sound_of_the_requested_size_and_length()
    {
        var output = Path.Combine(Data, "..", "out.mp4");

        var exit = await Sora("generate", "A cat walks across a snowy field at dawn. \"Brr.\"", "--seconds", "4",
            "--size", "1280x720", "--seed", "5", "--out", output, "--data", Data);

        Assert.Equal(0, exit);
        var clip = await MediaProbe.ProbeAsync(output);
        Assert.Equal(("h264", 1280, 720, "yuv420p", 96), (clip.Video!.Codec, clip.Video.Width, clip.Video.Height, clip.Video.PixelFormat, clip.Video.Frames));
        Assert.Equal(("aac", 48_000, 2), (clip.Audio!.Codec, clip.Audio.SampleRate, clip.Audio.Channels));
        Assert.InRange(clip.DurationSeconds, 4 - 1 / 24.0, 4 + 1 / 24.0);

        var video = Assert.Single(await ListAsync());
        Assert.Equal(VideoStatus.Completed, video.Status);
        Assert.Equal(["ValidatePrompt", "ScreenInput", "WaitForGenerator", "RunGeneration", "SyncAudio", "PostEdit", "ScreenOutput", "Publish"],
            video.Steps.Select(s => s.Step));
        Assert.True(File.Exists(Path.Combine(Data, "clips", video.Video.Assets!.Poster)));
        Assert.Empty(ScratchFolders());

        // The log holds the machine's member joining (on first use), then the one Published event.
        var events = File.ReadAllLines(Path.Combine(Data, "events.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["SoraFunctions.Member.Joined", "SoraFunctions.Video.Published"], events.Select(e => e.GetProperty("type").GetString()));
        var published = events[1];
        Assert.Equal(video.Video.Id, published.GetProperty("data").GetProperty("videoId").GetString());
    }

    [Theory]
    [InlineData("--seconds", "7")]
    [InlineData("--size", "640x480")]
    [InlineData("--model", "sora-1")]
    public async Task Bad_input_exits_2_and_writes_nothing(string option, string value)
    {
        var exit = await Sora("generate", "a fox", option, value, "--data", Data);

        Assert.Equal(2, exit);
        Assert.False(Directory.Exists(Data));
    }

    [Fact]
    public async Task A_prompt_the_screener_blocks_fails_before_any_job_starts()
    {
        var exit = await Sora("generate", "a gore-soaked beheading", "--seconds", "4", "--data", Data);

        Assert.Equal(1, exit);
        var video = Assert.Single(await ListAsync());
        Assert.Equal("SAFETY.INPUT.TEXT.VIOLENCE", video.Video.Error?.Code);
        Assert.False(Directory.Exists(Path.Combine(Data, "jobs")));
    }

    [Fact]
    public async Task Without_its_C2PA_signer_a_clip_is_not_published_and_says_why_in_words()
    {
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(Path.Combine(Data, "settings.json"), """{"Sora": {"Credentials": {"Signer": "/nowhere/signer.mjs"}}}""");

        var exit = await Sora("generate", "A fox crosses a frozen lake at dawn, wide shot", "--seconds", "4", "--data", Data);

        Assert.Equal(1, exit);
        var video = Assert.Single(await ListAsync());
        Assert.Equal((VideoStatus.Failed, ErrorCodes.PublishUnlabelled), (video.Status, video.Video.Error?.Code));
        Assert.DoesNotContain("Activity", video.Video.Error!.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Data, "clips", "videos", video.Video.Id)));
        Assert.Empty(ScratchFolders());
    }

    [Fact]
    public async Task An_input_image_on_the_blocklist_fails_screening_before_any_job_starts()
    {
        Directory.CreateDirectory(Data);
        var image = Path.Combine(Data, "known.png");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "mandelbrot=s=640x360", "-frames:v", "1", image]);
        var fingerprint = Core.Safety.ImageFingerprint.Format((await ClipMedia.ReadImageAsync(image, Core.Videos.VideoCatalog.MaxInputPixels, CancellationToken.None)).Fingerprint);
        await File.WriteAllTextAsync(Path.Combine(Data, "settings.json"),
            $$"""{"Sora": {"Safety": {"BlockedImages": [ {"Fingerprint": "{{fingerprint}}", "Category": "Violence", "Label": "case 3"} ]} } }""");

        var exit = await Sora("generate", "A fox crosses a frozen lake at dawn, wide shot", "--image", image, "--seconds", "4", "--data", Data);

        Assert.Equal(1, exit);
        var video = Assert.Single(await ListAsync());
        Assert.Equal("SAFETY.INPUT.IMAGE.VIOLENCE", video.Video.Error?.Code);
        Assert.False(Directory.Exists(Path.Combine(Data, "jobs")));
    }

    [Fact]
    public async Task An_unreadable_input_image_is_bad_input() =>
        Assert.Equal(2, await Sora("generate", "A fox crosses a frozen lake", "--image", Path.Combine(Data, "none.png"), "--data", Data));

    [Fact]
    public async Task Generate_killed_half_way_is_published_by_resume()
    {
        using (var generate = StartSoraProcess(redirectOutput: false, "generate", "A horse gallops along a beach at sunset", "--seconds", "4"))
        {
            await WaitUntilAsync(() => ScratchFolders().Any(f => File.Exists(Path.Combine(f, "status.json"))), "the worker started");
            generate.Kill(); // SIGKILL: the engine stops mid-pipeline; the worker keeps rendering
            await generate.WaitForExitAsync();
        }

        var exit = await Sora("resume", "--wait", "--data", Data);

        Assert.Equal(0, exit);
        var video = Assert.Single(await ListAsync());
        Assert.Equal(VideoStatus.Completed, video.Status);
        Assert.Empty(ScratchFolders());
    }

    [Fact]
    public async Task A_worker_killed_mid_render_is_replaced_by_a_fresh_attempt_and_the_clip_is_published()
    {
        var generate = Sora("generate", "A robot walks through a foggy forest", "--seconds", "8", "--data", Data);
        await KillWorkersAsync(1);

        Assert.Equal(0, await generate);
        var video = Assert.Single(await ListAsync());
        Assert.Equal((VideoStatus.Completed, 2), (video.Status, video.GenerationAttempts));
        Assert.Empty(ScratchFolders());
    }

    [Fact]
    public async Task A_worker_that_dies_on_every_attempt_fails_the_video_with_a_code_and_leaves_no_files()
    {
        var generate = Sora("generate", "A robot walks through a foggy forest", "--seconds", "8", "--data", Data);
        await KillWorkersAsync(3);

        Assert.Equal(1, await generate);
        var video = Assert.Single(await ListAsync());
        Assert.Equal((ErrorCodes.GenerationWorkerCrashed, 3), (video.Video.Error?.Code, video.GenerationAttempts));
        Assert.Contains("3 of them crashed or failed", video.Video.Error!.Message);
        Assert.Empty(ScratchFolders());
    }

    /// <summary>Kills the worker of each of the next <paramref name="count"/> jobs once it reports that it is rendering.</summary>
    private async Task KillWorkersAsync(int count)
    {
        var killed = new HashSet<string>();
        while (killed.Count < count)
        {
            JobReport? running = null;
            await WaitUntilAsync(
                () => (running = ScratchFolders().Select(f => new JobFolder(f).ReadReport())
                    .FirstOrDefault(r => r is { State: JobState.Running } && !killed.Contains(r.Process))) is not null,
                $"worker {killed.Count + 1} reported");
            using (var worker = Process.GetProcessById(int.Parse(running!.Process.Split('/')[1])))
            {
                worker.Kill();
            }

            killed.Add(running.Process);
        }
    }

    [Fact]
    public async Task Status_prints_the_video_object_and_unknown_ids_exit_1()
    {
        Assert.Equal(0, await Sora("generate", "a quiet library, static shot", "--seconds", "4", "--data", Data));
        var id = Assert.Single(await ListAsync()).Video.Id;
        using var status = StartSoraProcess(redirectOutput: true, "status", id);
        var printed = await status.StandardOutput.ReadToEndAsync();
        await status.WaitForExitAsync();

        Assert.Equal(0, status.ExitCode);
        var json = JsonDocument.Parse(printed).RootElement;
        Assert.Equal(("video", id, "completed", 100, "4"), (json.GetProperty("object").GetString(), json.GetProperty("id").GetString(),
            json.GetProperty("status").GetString(), json.GetProperty("progress").GetInt32(), json.GetProperty("seconds").GetString()));
        Assert.Equal(1, await Sora("status", "video_unknown", "--data", Data));
    }
}
