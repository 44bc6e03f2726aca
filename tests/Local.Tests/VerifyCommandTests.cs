using System.Text.Json;
using System.Text.Json.Nodes;
using SoraFunctions.Media;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Tests;

public sealed class VerifyCommandTests : DataFolderTest
{
    [Fact]
    public async Task A_published_clip_verifies_and_an_altered_clip_or_manifest_does_not()
    {
        var clip = Path.Combine(Data, "..", "clip.mp4");
        Assert.Equal(0, await Sora("generate", "a lighthouse on a cliff at dusk", "--seconds", "4", "--out", clip, "--data", Data));
        var manifest = $"{clip}.manifest.json";
        var signed = JsonNode.Parse(await File.ReadAllTextAsync(manifest))!;

        Assert.Equal(0, await Sora("verify", clip, "--data", Data));
        Assert.Equal("ES256", signed["algorithm"]!.GetValue<string>());
        Assert.Equal(5, signed["manifest"]!["assets"]!.AsArray().Count); // master, poster, preview, spritesheet and the unlabelled source
        Assert.Equal(Steps.Versions.Select(v => v.Name), signed["manifest"]!["steps"]!.AsArray().Select(step => step!["name"]!.GetValue<string>()));

        var altered = Path.Combine(Data, "..", "altered.mp4");
        var bytes = await File.ReadAllBytesAsync(clip);
        bytes[^100] ^= 0xFF;
        await File.WriteAllBytesAsync(altered, bytes);
        Assert.Equal(1, await Sora("verify", altered, "--manifest", manifest, "--data", Data));

        signed["manifest"]!["seed"] = 12345;
        var forged = Path.Combine(Data, "..", "forged.json");
        await File.WriteAllTextAsync(forged, signed.ToJsonString());
        Assert.Equal(1, await Sora("verify", clip, "--manifest", forged, "--data", Data));

        Assert.Equal(2, await Sora("verify", Path.Combine(Data, "missing.mp4"), "--data", Data));

        // As downloaded, without the manifest beside it: its Content Credentials alone are checked. A clip without any fails.
        var downloaded = Path.Combine(Data, "..", "downloads", "clip.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(downloaded)!);
        File.Copy(clip, downloaded);
        Assert.Equal(0, await Sora("verify", downloaded, "--data", Data));
        var unlabelled = Path.Combine(Data, "..", "downloads", "unlabelled.mp4");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", unlabelled]);
        Assert.Equal(1, await Sora("verify", unlabelled, "--data", Data));
    }
}
