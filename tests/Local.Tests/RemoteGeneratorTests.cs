using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Cli;
using SoraFunctions.Media;
using SoraFunctions.Media.Generation;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Clips from an OpenAI-compatible video server: another <c>./sora serve</c> on loopback as the remote, through the
/// whole pipeline; and a server that answers as vLLM-Omni documents it (its own error shape, a redirect to the file,
/// silent clips), failing in each way a remote can.
/// </summary>
public sealed class RemoteGeneratorTests : ServerTest
{
    private readonly string remoteData = Path.Combine(Directory.CreateTempSubdirectory("sora-remote-").FullName, "data");
    private TestServer? remote;

    /// <summary>The remote server starts first; this one's settings send its jobs there.</summary>
    protected override async Task PrepareDataAsync()
    {
        remote = await TestServer.StartAsync(remoteData);
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(Path.Combine(Data, LocalHost.SettingsFile), JsonSerializer.Serialize(new
        {
            Sora = new
            {
                Generator = new
                {
                    Endpoint = new Uri(remote.Http.BaseAddress!, "/v1").AbsoluteUri,
                    Model = "sora-2",
                    Key = remote.Http.DefaultRequestHeaders.Authorization!.Parameter,
                    PollInterval = "00:00:00.200",
                },
            },
        }));
    }

    public override void Dispose()
    {
        remote?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(Path.GetDirectoryName(remoteData)!, recursive: true);
        base.Dispose();
    }

    [Fact]
    public async Task A_clip_made_by_another_server_through_the_videos_api_runs_the_rest_of_the_pipeline_and_names_its_generator()
    {
        var created = await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A paper boat drifts down a rainy street at dusk, rain patters", seconds = "4", size = "1280x720" }));
        var id = created.GetProperty("id").GetString()!;

        var finished = await FinishedAsync(Http, id);
        var manifest = (await ReadAsync(await Http.GetAsync($"/v1/videos/{id}/content?variant=manifest"))).GetProperty("manifest");
        var made = (await ReadAsync(await remote!.Http.GetAsync("/v1/videos"))).GetProperty("data").EnumerateArray().Single();
        var master = Path.Combine(Data, "downloaded.mp4");
        await File.WriteAllBytesAsync(master, await Http.GetByteArrayAsync($"/v1/videos/{id}/content"));
        var probe = await MediaProbe.ProbeAsync(master);

        Assert.Equal("completed", finished.GetProperty("status").GetString());
        Assert.StartsWith("openai-compatible/sora-2@127.0.0.1", manifest.GetProperty("generator").GetString(), StringComparison.Ordinal);
        Assert.Equal(("completed", "4", "1280x720"), (made.GetProperty("status").GetString(), made.GetProperty("seconds").GetString(), made.GetProperty("size").GetString()));
        Assert.Equal((1280, 720), (probe.Video!.Width, probe.Video.Height));
        Assert.NotNull(probe.Audio); // the remote's soundtrack, through the mix
    }

    [Fact]
    public async Task A_cancelled_clip_deletes_the_video_it_asked_of_the_other_server()
    {
        var created = await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", new { prompt = "A long slow pan across a mountain range at dawn", seconds = "20", size = "1280x720" }));
        var id = created.GetProperty("id").GetString()!;
        string? remoteId = null;
        await WaitUntilAsync(async () => (remoteId = (await ReadAsync(await remote!.Http.GetAsync("/v1/videos"))).GetProperty("data").EnumerateArray()
            .Select(video => video.GetProperty("id").GetString()).FirstOrDefault()) is not null, "the other server is making the clip");
        await Task.Delay(TimeSpan.FromSeconds(1)); // the worker has had the create's answer, and looked at the video since

        var cancelled = await Http.PostAsync($"/v1/videos/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        await WaitUntilAsync(async () => (await remote!.Http.GetAsync($"/v1/videos/{remoteId}")).StatusCode == HttpStatusCode.NotFound, "the other server's video is deleted");
    }

    [Fact]
    public async Task A_server_answering_as_vllm_omni_documents_gives_a_silent_clip_through_a_redirect_and_each_failure_its_code()
    {
        await using var vllm = await VllmLikeServer.StartAsync();
        var options = new GeneratorOptions
        {
            Endpoint = new Uri(vllm.Address, "/v1"), Model = "Wan-AI/Wan2.2-T2V-A14B-Diffusers", PollInterval = TimeSpan.FromMilliseconds(50),
            RequestTimeout = TimeSpan.FromSeconds(2), Attempts = 3, Health = new Uri(vllm.Address, "/health"),
        };
        using var http = RemoteGenerator.CreateClient(options);
        var generator = new RemoteGenerator(options, http);
        GenerationJob Job(string prompt, string name) => new($"{name}-job", $"video_{name}", prompt, 4, 640, 360, 1, Path.Combine(Data, name));
        async Task<VideoError> FailureAsync(GenerationJob job) =>
            (await Assert.ThrowsAsync<GenerationException>(() => generator.GenerateAsync(job, CancellationToken.None))).Error;

        var output = await generator.GenerateAsync(Job("a mountain lake at sunrise", "ok"), CancellationToken.None);
        var looksBeforeHealthy = vllm.HealthLooks;
        var picture = await MediaProbe.ProbeAsync(Path.Combine(Data, "ok", output.Video));
        var soundtrack = await MediaProbe.ProbeAsync(Path.Combine(Data, "ok", output.Stems.Single().Path));
        var flaky = await generator.GenerateAsync(Job("flaky: a lake", "flaky"), CancellationToken.None);

        Assert.Equal(3, looksBeforeHealthy); // two while the model loaded, then the healthy one, before the first create
        Assert.Equal((640, 360), (picture.Video!.Width, picture.Video.Height));
        Assert.Equal(("soundtrack", 48_000), (output.Stems.Single().Kind, soundtrack.Audio!.SampleRate)); // silence as long as the clip
        Assert.InRange(soundtrack.DurationSeconds, 3.9, 4.1);
        Assert.Equal("openai-compatible/Wan-AI/Wan2.2-T2V-A14B-Diffusers@127.0.0.1", output.Generator);
        Assert.Equal(("a mountain lake at sunrise", "Wan-AI/Wan2.2-T2V-A14B-Diffusers", "4", "640x360"), vllm.Requests["a mountain lake at sunrise"]);
        Assert.NotNull(flaky); // two 503s, then an answer
        Assert.Equal(3, vllm.Creates["flaky: a lake"]);
        Assert.Equal(3, vllm.IdempotencyKeys.Count(key => key == "flaky-job")); // each try of the create under the job's id

        var refused = await FailureAsync(Job("refuse: something", "refused"));
        Assert.Equal(ErrorCodes.GenerationRefused, refused.Code);
        Assert.Contains("The prompt was flagged by the safety checker", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, vllm.Creates["refuse: something"]); // a refusal is not asked again
        var failed = await FailureAsync(Job("fail: a lake", "failed"));
        Assert.Equal(ErrorCodes.GenerationFailed, failed.Code);
        Assert.Contains("CUDA out of memory", failed.Message, StringComparison.Ordinal);
        var silent = await FailureAsync(Job("hang: a lake", "hang"));
        Assert.Equal(ErrorCodes.GenerationUnavailable, silent.Code);
        Assert.Equal(3, vllm.Creates["hang: a lake"]);
        var cameo = await FailureAsync(Job("@ann waves", "cameo") with { Cameos = [new CameoLook("ann", "face.jpg", new VoiceProfile(200, 150))] });
        Assert.Equal(ErrorCodes.GenerationCameosUnsupported, cameo.Code);
        var impatient = new GeneratorOptions { Endpoint = options.Endpoint, Model = options.Model, PollInterval = options.PollInterval, JobTimeout = TimeSpan.FromSeconds(1) };
        var late = await Assert.ThrowsAsync<GenerationException>(() => new RemoteGenerator(impatient, http).GenerateAsync(Job("slow: a lake", "slow"), CancellationToken.None));
        Assert.Equal(ErrorCodes.GenerationTimedOut, late.Error.Code);
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(Job("slow: a stopped lake", "stopped"), stopping.Token));
        Assert.Equal(["slow: a lake", "slow: a stopped lake"], vllm.Deleted.Order()); // the server's GPU is not left working for nobody
        var unready = new GeneratorOptions
        {
            Endpoint = options.Endpoint, Model = options.Model, PollInterval = options.PollInterval, Health = new Uri(vllm.Address, "/not-yet"),
            StartupTimeout = TimeSpan.FromSeconds(1),
        };
        var neverHealthy = await Assert.ThrowsAsync<GenerationException>(() => new RemoteGenerator(unready, http).GenerateAsync(Job("a lake", "unready"), CancellationToken.None));
        Assert.Equal(ErrorCodes.GenerationUnavailable, neverHealthy.Error.Code);
        Assert.False(vllm.Creates.ContainsKey("a lake")); // nothing asked of a server that never came up
    }
}
