using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SoraFunctions.Azure.Jobs;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Azure.Tests;

public sealed class ContainerAppsJobLauncherTests : IAsyncLifetime
{
    private const string JobPath = "/subscriptions/sub-1/resourceGroups/rg-sora/providers/Microsoft.App/jobs/sora-generator";
    private readonly List<JsonObject> executions = [];
    private readonly ConcurrentQueue<(string Method, string Path)> requests = new();
    private readonly MemoryClipStore clips = new();
    private WebApplication arm = null!;

    /// <summary>
    /// A local ARM endpoint for one Container Apps job, as documented for api-version 2024-03-01: the job with its
    /// template, start (202 with the execution's name), executions listed one per page with nextLink, and stop. It
    /// refuses requests without the bearer token or with another api-version, in ARM's error envelope.
    /// </summary>
    public async Task InitializeAsync() => arm = await LocalServer.StartJsonApiAsync(
        "test-token", "2024-03-01", ("AuthenticationFailed", "Authentication failed."), ("InvalidApiVersionParameter", "The api-version is invalid."),
        (request, body) =>
        {
            requests.Enqueue((request.Method, request.Path.Value!));
            return Answer(request, request.Path.Value!, body?.AsObject());
        });

    public async Task DisposeAsync() => await arm.DisposeAsync();

    private (int Status, JsonObject Body) Answer(HttpRequest request, string path, JsonObject? body)
    {
        lock (executions)
        {
            switch (request.Method, path)
            {
                case ("GET", JobPath):
                    return (200, new JsonObject
                    {
                        ["name"] = "sora-generator",
                        ["properties"] = new JsonObject
                        {
                            ["template"] = new JsonObject
                            {
                                ["containers"] = new JsonArray(new JsonObject
                                {
                                    ["name"] = "generator", ["image"] = "sora.azurecr.io/generator:1",
                                    ["env"] = new JsonArray(new JsonObject { ["name"] = "SORA_MODE", ["value"] = "gpu" }),
                                    ["resources"] = new JsonObject { ["cpu"] = 4, ["memory"] = "16Gi" },
                                }),
                            },
                        },
                    });
                case ("POST", JobPath + "/start"):
                    if (body?["containers"]?.AsArray().All(c => c?["image"] is not null) != true)
                    {
                        return (400, LocalServer.ErrorBody("InvalidRequestContent", "Each container needs an image."));
                    }

                    var name = $"sora-generator-{executions.Count + 1}";
                    executions.Add(new JsonObject
                    {
                        ["name"] = name, ["id"] = $"{JobPath}/executions/{name}",
                        ["properties"] = new JsonObject { ["status"] = "Running", ["startTime"] = DateTimeOffset.UtcNow.AddSeconds(executions.Count), ["template"] = body },
                    });
                    return (202, new JsonObject { ["id"] = $"{JobPath}/executions/{name}", ["name"] = name });
                case ("GET", JobPath + "/executions"):
                    var skip = int.TryParse(request.Query["skip"], out var s) ? s : 0;
                    var page = new JsonObject { ["value"] = new JsonArray([.. executions.Skip(skip).Take(1).Select(e => e.DeepClone())]) };
                    if (skip + 1 < executions.Count)
                    {
                        page["nextLink"] = $"{request.Scheme}://{request.Host}{JobPath}/executions?api-version=2024-03-01&skip={skip + 1}";
                    }

                    return (200, page);
                case ("POST", _) when path.StartsWith(JobPath + "/executions/", StringComparison.Ordinal) && path.EndsWith("/stop", StringComparison.Ordinal):
                    var stopped = executions.Single(e => path == $"{JobPath}/executions/{e["name"]}/stop");
                    stopped["properties"]!["status"] = "Stopped";
                    return (202, new JsonObject());
                default:
                    return (404, LocalServer.ErrorBody("ResourceNotFound", $"{path} was not found."));
            }
        }
    }

    private ContainerAppsJobLauncher Launcher(string token = "test-token", string? callbackUrl = null) => new(
        new ContainerAppsJobOptions
        {
            SubscriptionId = "sub-1", ResourceGroup = "rg-sora", JobName = "sora-generator", ArmEndpoint = new Uri(arm.Urls.First()),
            CallbackUrl = callbackUrl,
        },
        new TokenPolicy(token), clips);

    private static GenerationJob Job(string id) => new(id, "video_1", "A fox at dawn", 8, 720, 1280, 7, $"jobs/{id}");

    [Fact]
    public async Task A_start_overrides_the_environment_of_the_jobs_own_template_and_is_not_repeated()
    {
        var launcher = Launcher();

        await launcher.StartAsync(Job("video_1-render"));
        await launcher.StartAsync(Job("video_1-render"));
        await launcher.StartAsync(Job("video_2-render"));

        Assert.Equal(2, executions.Count);
        var container = executions[0]["properties"]!["template"]!["containers"]![0]!;
        var environment = container["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());
        Assert.Equal("sora.azurecr.io/generator:1", container["image"]!.GetValue<string>());
        Assert.Equal(("gpu", "video_1-render"), (environment["SORA_MODE"], environment[ContainerAppsJobLauncher.JobIdVariable]));
        Assert.Equal("A fox at dawn", JsonDocument.Parse(environment[ContainerAppsJobLauncher.JobSpecVariable]).RootElement.GetProperty("prompt").GetString());
        Assert.Equal(JobState.Running, (await launcher.GetStatusAsync("video_2-render")).State);
    }

    [Fact]
    public async Task A_job_sees_its_files_in_the_clip_store_and_learns_where_to_report_its_end()
    {
        var image = Path.GetTempFileName();
        await File.WriteAllBytesAsync(image, [1, 2, 3]);
        var face = Path.Combine(Path.GetTempPath(), $"cameo-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(face, [4, 5]);
        var launcher = Launcher(callbackUrl: "https://sora.example/jobs/{videoId}/completed?code=k");

        await launcher.StartAsync(Job("video_1-render") with
        {
            OutputFolder = "/tmp/sora/jobs/video_1-render", InputImage = image, Cameos = [new CameoLook("ann", face, new VoiceProfile(200, 150))],
        });

        var environment = executions[0]["properties"]!["template"]!["containers"]![0]!["env"]!.AsArray()
            .ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());
        var spec = JsonDocument.Parse(environment[ContainerAppsJobLauncher.JobSpecVariable]).RootElement;
        Assert.Equal("jobs/video_1-render", spec.GetProperty("outputFolder").GetString());
        Assert.Equal("jobs/video_1-render/input.tmp", spec.GetProperty("inputImage").GetString());
        Assert.Equal([1, 2, 3], clips.Objects["jobs/video_1-render/input.tmp"]);
        var cameoFace = $"jobs/video_1-render/{Path.GetFileName(face)}";
        Assert.Equal(cameoFace, spec.GetProperty("cameos")[0].GetProperty("picture").GetString());
        Assert.Equal([4, 5], clips.Objects[cameoFace]);
        Assert.Equal("https://sora.example/jobs/video_1/completed?code=k", environment[ContainerAppsJobLauncher.CallbackVariable]);
        File.Delete(image);
        File.Delete(face);
    }

    [Fact]
    public async Task Status_follows_the_execution_and_a_finished_job_reads_its_output_from_the_clip_store()
    {
        var launcher = Launcher();
        await launcher.StartAsync(Job("video_3-render"));
        var running = await launcher.GetStatusAsync("video_3-render");
        executions[0]["properties"]!["status"] = "Succeeded";
        var noOutput = await launcher.GetStatusAsync("video_3-render");
        clips.Objects[StoredJob.Output("video_3-render")] = JsonSerializer.SerializeToUtf8Bytes(
            new GenerationOutput("picture.mp4", [new AudioStem("music.wav", "music", 0, 0.45)], "Hello.", "gpu/1"), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        var succeeded = await launcher.GetStatusAsync("video_3-render");
        await launcher.StartAsync(Job("video_6-render"));
        executions[^1]["properties"]!["status"] = "Degraded";
        var degraded = await launcher.GetStatusAsync("video_6-render");

        Assert.Equal(JobState.Running, running.State);
        Assert.Equal((JobState.Failed, ErrorCodes.GenerationFailed), (degraded.State, degraded.ToError().Code));
        Assert.Equal(JobState.Failed, noOutput.State);
        Assert.Equal((JobState.Succeeded, "picture.mp4", "gpu/1"), (succeeded.State, succeeded.Output!.Video, succeeded.Output.Generator));
        Assert.Equal(JobState.Missing, (await launcher.GetStatusAsync("video_9-render")).State);
    }

    [Fact]
    public async Task Stop_stops_a_running_execution_and_leaves_finished_ones_alone()
    {
        var launcher = Launcher();
        await launcher.StartAsync(Job("video_4-render"));

        await launcher.StopAsync("video_4-render");
        await launcher.StopAsync("video_4-render");

        Assert.Single(requests, r => r.Method == "POST" && r.Path.EndsWith("/stop", StringComparison.Ordinal));
        Assert.Equal(JobState.Interrupted, (await launcher.GetStatusAsync("video_4-render")).State);
    }

    [Fact]
    public async Task Arm_errors_surface_with_their_code()
    {
        var failure = await Assert.ThrowsAsync<global::Azure.RequestFailedException>(() => Launcher(token: "wrong").StartAsync(Job("video_5-render")));

        Assert.Equal((401, "AuthenticationFailed"), (failure.Status, failure.ErrorCode));
    }

    private sealed class MemoryClipStore : IClipStore
    {
        public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

        public async Task PutFileAsync(string name, string localPath, CancellationToken cancellation = default) =>
            Objects.TryAdd(name, await File.ReadAllBytesAsync(localPath, cancellation));

        public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellation = default) =>
            Task.FromResult<Stream?>(Objects.TryGetValue(name, out var bytes) ? new MemoryStream(bytes) : null);

        public Task<long?> GetLengthAsync(string name, CancellationToken cancellation = default) =>
            Task.FromResult(Objects.TryGetValue(name, out var bytes) ? bytes.LongLength : (long?)null);

        public Task<Uri?> GetDownloadLinkAsync(string name, TimeSpan lifetime, CancellationToken cancellation = default) => Task.FromResult<Uri?>(null);

        public Task DeleteFolderAsync(string folder, CancellationToken cancellation = default)
        {
            foreach (var name in Objects.Keys.Where(name => name.StartsWith(folder + "/", StringComparison.Ordinal)))
            {
                Objects.TryRemove(name, out _);
            }

            return Task.CompletedTask;
        }
    }
}
