using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Local.Cli;
using SoraFunctions.Media;
using SoraFunctions.Media.Publishing;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Tests;

public sealed class PublishActivityTests : DataFolderTest
{
    [Fact]
    public async Task A_retried_publish_signs_the_assets_the_store_kept_from_the_earlier_attempt()
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        var services = host.Services;
        var (video, clip) = await QueueWithClipAsync(services, "video_retry");
        var earlier = Path.Combine(Data, "earlier-master.mp4");
        await File.WriteAllBytesAsync(earlier, [.. File.ReadAllBytes(clip), 1, 2, 3]);
        await services.GetRequiredService<IClipStore>().PutFileAsync("videos/video_retry/master.mp4", earlier);

        var activity = services.GetRequiredService<PublishVideoActivity>();
        var assets = await ((IActivity)activity).RunAsync(
            new TaskActivityContext(nameof(PublishVideoActivity), video.Id, CancellationToken.None),
            new PublishInput(video.Id, clip, 1, [], "test/1"));

        var clips = (FileClipStore)services.GetRequiredService<IClipStore>();
        var signed = JsonSerializer.Deserialize<SignedManifest>(
            await File.ReadAllTextAsync(clips.Resolve(((VideoAssets)assets!).Manifest)), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var master = signed.Manifest.Assets.Single(a => a.Name.EndsWith("master.mp4", StringComparison.Ordinal));

        Assert.Equal(await ProvenanceManifest.Sha256OfFileAsync(earlier, CancellationToken.None), master.Sha256);
        Assert.True(await services.GetRequiredService<IProvenanceSigner>().VerifyAsync(signed));
        Assert.Equal(VideoStatus.Completed, (await services.GetRequiredService<IVideoStore>().GetAsync(video.Id))!.Status);
    }

    [Theory]
    [InlineData("master.mp4", "")]
    [InlineData("manifest.json", "videos/video_vanish/poster.jpg")]
    public async Task Assets_that_vanish_from_the_store_while_publishing_are_stored_again_before_the_video_completes(
        string afterStoring, string vanishing)
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        var services = host.Services;
        var (video, clip) = await QueueWithClipAsync(services, "video_vanish");
        var files = (FileClipStore)services.GetRequiredService<IClipStore>();
        var store = new VanishingClipStore(files, afterStoring, vanishing.Length == 0 ? Path.Combine(Data, "clips") : files.Resolve(vanishing));
        var activity = ActivatorUtilities.CreateInstance<PublishVideoActivity>(services, (IClipStore)store);

        var assets = (VideoAssets)(await ((IActivity)activity).RunAsync(
            new TaskActivityContext(nameof(PublishVideoActivity), video.Id, CancellationToken.None), new PublishInput(video.Id, clip, 1, [], "test/1")))!;

        Assert.True(store.Vanished);
        var signed = JsonSerializer.Deserialize<SignedManifest>(
            await File.ReadAllTextAsync(files.Resolve(assets.Manifest)), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        foreach (var asset in signed.Manifest.Assets)
        {
            Assert.Equal(asset.Sha256, await ProvenanceManifest.Sha256OfFileAsync(files.Resolve(asset.Name), CancellationToken.None));
        }

        Assert.Equal(5, signed.Manifest.Assets.Count); // master, poster, preview, spritesheet and the unlabelled source
        Assert.Equal(VideoStatus.Completed, (await services.GetRequiredService<IVideoStore>().GetAsync(video.Id))!.Status);
    }

    [Fact]
    public async Task Publish_fails_loudly_when_the_C2PA_signer_is_missing_or_keeps_dying_and_publishes_past_one_death()
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        var services = host.Services;
        var (video, clip) = await QueueWithClipAsync(services, "video_unsigned");
        var context = new TaskActivityContext(nameof(PublishVideoActivity), video.Id, CancellationToken.None);
        var input = new PublishInput(video.Id, clip, 1, [], "test/1");
        var signer = services.GetRequiredService<IProvenanceSigner>();

        using var missing = new C2paSigner(signer, new ContentCredentialsOptions { Signer = Path.Combine(Data, "no-signer.mjs") }, NullLogger<C2paSigner>.Instance);
        var refused = await Assert.ThrowsAsync<ContentCredentialsException>(
            () => ((IActivity)ActivatorUtilities.CreateInstance<PublishVideoActivity>(services, (IContentCredentials)missing)).RunAsync(context, input));

        // A signer that dies while it writes (after an empty start of its file), as many times as crash-next says, then
        // runs as the real one. Each request is asked of a new helper once when one dies: two deaths fail the step.
        var dying = Path.Combine(Data, "dying-signer.mjs");
        var crashNext = Path.Combine(Data, "crash-next");
        await File.WriteAllTextAsync(crashNext, "2");
        await File.WriteAllTextAsync(dying, $$"""
            import fs from "node:fs";
            import readline from "node:readline";
            const deaths = Number(fs.readFileSync({{JsonSerializer.Serialize(crashNext)}}, "utf8"));
            if (deaths > 0) {
              fs.writeFileSync({{JsonSerializer.Serialize(crashNext)}}, String(deaths - 1));
              console.log(JSON.stringify({ id: 0, result: { ready: true } }));
              readline.createInterface({ input: process.stdin }).on("line", line => {
                fs.writeFileSync(JSON.parse(line).output + ".partial", "");
                console.error("out of memory");
                process.exit(3);
              });
            } else {
              await import({{JsonSerializer.Serialize(Path.Combine(SignerFolder(), "signer.mjs"))}});
            }
            """);
        using var flaky = new C2paSigner(signer, new ContentCredentialsOptions { Signer = dying }, NullLogger<C2paSigner>.Instance);
        var activity = (IActivity)ActivatorUtilities.CreateInstance<PublishVideoActivity>(services, (IContentCredentials)flaky);
        var died = await Assert.ThrowsAsync<ContentCredentialsException>(() => activity.RunAsync(context, input));
        var unpublished = await services.GetRequiredService<IVideoStore>().GetAsync(video.Id);
        var clips = services.GetRequiredService<IClipStore>();
        var master = await clips.GetLengthAsync(PublishVideoActivity.FolderOf(video.Id) + "/master.mp4");
        var leftover = Path.Combine(services.GetRequiredService<DataFolder>().WorkFolder(video.Id), "publish", "master.credentials.mp4");
        await File.WriteAllTextAsync(crashNext, "1"); // one more death: the new helper it is asked of signs

        var assets = (VideoAssets)(await activity.RunAsync(context, input))!;

        Assert.Contains("no-signer.mjs", refused.Message);
        Assert.Contains("exit code 3", died.Message);
        Assert.Contains("out of memory", died.Message);
        Assert.Equal(VideoStatus.Queued, unpublished!.Status);
        Assert.Null(master);
        Assert.False(File.Exists(leftover), "no empty or partial file is left under the signed file's name");
        var published = await clips.CopyToFileAsync(assets.Master, Path.Combine(Data, "published.mp4"));

        var report = await flaky.ReadAsync(published, (await signer.CertificatesAsync()).TrustAnchorsPem);
        Assert.Equal("Trusted", report!.State);
        Assert.Equal(["c2pa.created"], report.Actions.Select(action => action.Name));
    }

    /// <summary>The repository's <c>credentials</c> folder, where the signer is installed.</summary>
    private static string SignerFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "credentials", "signer.mjs")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder.FullName, "credentials");
    }

    /// <summary>A queued video's record, and a finished 4 s clip of it ready to publish.</summary>
    private async Task<(Video Video, string Clip)> QueueWithClipAsync(IServiceProvider services, string id)
    {
        var video = Video.Queue(id, Member.LocalId, new VideoSpec("a kite over a beach", "sora-2", 4, 320, 240, 1), DateTimeOffset.UtcNow);
        await services.GetRequiredService<IVideoStore>().TryCreateAsync(video, []);
        var clip = Path.Combine(Data, "clip.mp4");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=4", "-f", "lavfi", "-i", "sine=d=4",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", clip]);
        return (video, clip);
    }

    /// <summary>The file clip store, except that right after storing a name ending so, a file or folder vanishes once.</summary>
    private sealed class VanishingClipStore(FileClipStore store, string afterStoring, string vanishing) : IClipStore
    {
        public bool Vanished { get; private set; }

        public async Task PutFileAsync(string name, string localPath, CancellationToken cancellation = default)
        {
            await store.PutFileAsync(name, localPath, cancellation);
            if (!Vanished && name.EndsWith(afterStoring, StringComparison.Ordinal))
            {
                Vanished = true;
                if (Directory.Exists(vanishing))
                {
                    Directory.Delete(vanishing, recursive: true);
                }
                else
                {
                    File.Delete(vanishing);
                }
            }
        }

        public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellation = default) => store.OpenReadAsync(name, cancellation);

        public Task<long?> GetLengthAsync(string name, CancellationToken cancellation = default) => store.GetLengthAsync(name, cancellation);

        public Task<Uri?> GetDownloadLinkAsync(string name, TimeSpan lifetime, CancellationToken cancellation = default) =>
            store.GetDownloadLinkAsync(name, lifetime, cancellation);

        public Task DeleteFolderAsync(string folder, CancellationToken cancellation = default) => store.DeleteFolderAsync(folder, cancellation);
    }
}
