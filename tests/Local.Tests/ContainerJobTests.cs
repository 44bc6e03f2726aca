using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SoraFunctions.Azure.Jobs;
using SoraFunctions.Azure.Storage;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Emulators;
using SoraFunctions.Media;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Tests.Shared.Cameos;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// The worker as a container job: its files (an input image, a cameo's face) through Blob Storage (Azurite here), its end
/// reported to a callback.
/// </summary>
public sealed class ContainerJobTests : DataFolderTest
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_container_job_renders_from_the_clip_store_into_it_and_the_pipeline_mixes_what_it_left()
    {
        await using var azurite = await Azurite.StartBlobAsync();
        var container = new BlobContainerClient(azurite.ConnectionString, "clips");
        var clips = new BlobClipStore(container);
        var image = Path.Combine(Path.GetDirectoryName(Data)!, "start.png");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=640x360", "-frames:v", "1", image]);
        await clips.PutFileAsync("jobs/video_c-render/input.png", image);
        await clips.PutFileAsync("jobs/video_c-render/cameo-ann.jpg", CameoRecordings.Julia.Path);
        var job = new GenerationJob(
            "video_c-render", "video_c", "@ann on a cliff at dusk, waves crash. \"Storm's coming.\"", 4, 640, 360, 3,
            StoredJob.Folder("video_c-render"), "jobs/video_c-render/input.png",
            [new CameoLook("ann", "jobs/video_c-render/cameo-ann.jpg", new VoiceProfile(210, 150))]);
        using var callback = new HttpListener();
        var port = EmulatorProcess.FreePort();
        callback.Prefixes.Add($"http://127.0.0.1:{port}/");
        callback.Start();
        var reported = ReceiveAsync(callback);

        using var worker = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SoraFunctions.Worker.dll") },
            Environment =
            {
                [ContainerAppsJobLauncher.JobSpecVariable] = JsonSerializer.Serialize(job, Json),
                [ContainerAppsJobLauncher.CallbackVariable] = $"http://127.0.0.1:{port}/jobs/video_c/completed",
                ["Sora__ClipStore__ConnectionString"] = azurite.ConnectionString,
                [Worker.ContainerJob.DoneFileVariable] = Path.Combine(Path.GetDirectoryName(Data)!, "done"),
            },
        })!;
        await worker.WaitForExitAsync();
        var completed = JsonSerializer.Deserialize<GenerationCompleted>(await reported, Json)!;

        Assert.Equal(0, worker.ExitCode);
        Assert.Equal("video_c-render", await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(Data)!, "done"))); // a model server beside it may stop
        Assert.Equal("video_c-render", completed.JobId);
        var output = completed.Output!;
        var blobs = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "jobs/video_c-render/", CancellationToken.None).ToBlockingEnumerable().Select(b => b.Name).ToHashSet();
        Assert.Subset(blobs, output.Files.Select(f => $"jobs/video_c-render/{f}")
            .Append(StoredJob.Output("video_c-render")).ToHashSet());

        // The pipeline's host never saw the job's folder: the mix fetches the files from the store.
        var data = new DataFolder(Data);
        var synced = await new SyncAudioActivity(new FfmpegMediaEngine(), clips, data).RunAsync(
            new TaskActivityContext(nameof(SyncAudioActivity), "video_c", CancellationToken.None),
            new SyncAudioInput("video_c", "video_c-render", output, 4));
        var mixed = await MediaProbe.ProbeAsync(synced);
        Assert.Equal((640, 360), (mixed.Video!.Width, mixed.Video.Height));
        Assert.NotNull(mixed.Audio);

        // The next step runs on a machine without the synced clip: it fetches it from the store, and keeps its own.
        File.Delete(synced);
        var edited = await new PostEditActivity(new FfmpegMediaEngine(), clips, data).RunAsync(
            new TaskActivityContext(nameof(PostEditActivity), "video_c", CancellationToken.None),
            new PostEditInput("video_c", synced, 4, new EditList(Trim: new TrimEdit(1, 3))));
        Assert.Equal(48, (await MediaProbe.ProbeAsync(edited.Clip)).Video!.Frames);
        Assert.Equal(
            new[] { $"work/video_c/{Path.GetFileName(edited.Clip)}", "work/video_c/synced.mp4" }.Order(),
            container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "work/", CancellationToken.None).ToBlockingEnumerable().Select(b => b.Name).Order());
    }

    [Fact]
    public async Task A_container_job_stopped_while_a_model_server_generates_deletes_its_video_there_and_leaves_its_done_file()
    {
        await using var azurite = await Azurite.StartBlobAsync();
        await using var model = await VllmLikeServer.StartAsync();
        var job = new GenerationJob("video_s-render", "video_s", "slow: a lake at dawn", 4, 640, 360, 3, StoredJob.Folder("video_s-render"));
        var done = Path.Combine(Path.GetDirectoryName(Data)!, "done");

        using var worker = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SoraFunctions.Worker.dll") },
            Environment =
            {
                [ContainerAppsJobLauncher.JobSpecVariable] = JsonSerializer.Serialize(job, Json),
                ["Sora__ClipStore__ConnectionString"] = azurite.ConnectionString,
                ["Sora__Generator__Endpoint"] = new Uri(model.Address, "/v1").AbsoluteUri,
                ["Sora__Generator__Model"] = "ltx-2",
                ["Sora__Generator__PollInterval"] = "00:00:00.100",
                [Worker.ContainerJob.DoneFileVariable] = done,
            },
        })!;
        await WaitUntilAsync(() => model.Looked.Contains(job.Prompt), "the worker is waiting for its video on the server");
        using (var stop = Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await stop.WaitForExitAsync(); // as Container Apps stops an execution: SIGTERM first
        }

        await worker.WaitForExitAsync();

        Assert.Equal(Worker.JobFolder.StoppedExitCode, worker.ExitCode);
        Assert.Contains(job.Prompt, model.Deleted);
        Assert.Equal(job.JobId, await File.ReadAllTextAsync(done)); // the server beside it stops too
    }

    private static async Task<string> ReceiveAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        Assert.Equal(("POST", "/jobs/video_c/completed"), (context.Request.HttpMethod, context.Request.Url!.AbsolutePath));
        context.Response.StatusCode = (int)HttpStatusCode.Accepted;
        context.Response.Close();
        return body;
    }
}
