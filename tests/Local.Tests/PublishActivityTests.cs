using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Local.Cli;
using SoraFunctions.Media;
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
        var video = Video.Queue("video_retry", new VideoSpec("a kite over a beach", "sora-2", 4, 320, 240, 1), DateTimeOffset.UtcNow);
        await services.GetRequiredService<IVideoStore>().TryCreateAsync(video);
        var clip = Path.Combine(Data, "clip.mp4");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=4", "-f", "lavfi", "-i", "sine=d=4",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", clip]);
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
}
