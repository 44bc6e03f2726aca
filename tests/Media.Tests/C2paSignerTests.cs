using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Publishing;

namespace SoraFunctions.Media.Tests;

/// <summary>The C2PA signer helper as Publish drives it: several files at once, odd ingredients, files it cannot sign.</summary>
public sealed class C2paSignerTests : MediaTest
{
    [Fact]
    public async Task Several_clips_sign_at_once_through_one_helper_and_a_damaged_ingredient_is_named_without_its_contents()
    {
        using var key = new FileKeySigner(new DataFolder(InFolder("data")));
        using var signer = new C2paSigner(key, new ContentCredentialsOptions(), NullLogger<C2paSigner>.Instance);
        var clip = InFolder("clip.mp4");
        await TestClips.HealthyAsync(clip, seconds: 2, amplitude: 0.3);
        var video = Video.Queue("video_1", "member_ann", new VideoSpec("a kite", "sora-2", 4, 320, 240, 7), DateTimeOffset.UtcNow, ownerUsername: "ann");
        var (manifest, _) = CredentialsManifest.Describe(video, "procedural-cpu/1", parent: null, DateTimeOffset.UtcNow);
        var anchors = (await key.CertificatesAsync()).TrustAnchorsPem;

        var signed = await Task.WhenAll(Enumerable.Range(0, 6).Select(async n =>
        {
            var output = InFolder($"signed-{n}.mp4");
            await signer.EmbedAsync(clip, output, manifest, []);
            return await signer.ReadAsync(output, anchors);
        }));

        Assert.All(signed, report => Assert.Equal(("Trusted", "A clip by @ann"), (report!.State, report.Title)));

        var damaged = InFolder("damaged.mp4");
        await File.WriteAllBytesAsync(damaged, (await File.ReadAllBytesAsync(InFolder("signed-0.mp4")))[..4000]); // an MP4 cut short
        var remix = new CredentialIngredient(new JsonObject { ["title"] = "A clip by @bob", ["relationship"] = "inputTo", ["label"] = "parent" }, damaged);
        var embedded = await signer.EmbedAsync(clip, InFolder("remix.mp4"), manifest, [remix]);
        var read = await signer.ReadAsync(InFolder("remix.mp4"), anchors);

        Assert.False(embedded.IngredientFilesCarried);
        Assert.Equal("Trusted", read!.State);
        var named = Assert.Single(read.Ingredients);
        Assert.Equal(("A clip by @bob", "inputTo", false), (named.Title, named.Relationship, named.HasManifest));
    }

    [Fact]
    public async Task A_file_it_cannot_sign_fails_with_the_reason_and_leaves_nothing_under_the_output_name()
    {
        using var key = new FileKeySigner(new DataFolder(InFolder("data")));
        using var signer = new C2paSigner(key, new ContentCredentialsOptions(), NullLogger<C2paSigner>.Instance);
        var text = InFolder("notes.mp4");
        await File.WriteAllTextAsync(text, "not a video at all");
        var output = InFolder("out.mp4");
        await File.WriteAllTextAsync(output, "an earlier attempt's");

        var failure = await Assert.ThrowsAsync<ContentCredentialsException>(() => signer.EmbedAsync(text, output, new JsonObject { ["title"] = "x" }, []));

        Assert.StartsWith("The C2PA signer failed:", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists($"{output}.partial"));
    }

    [Fact]
    public async Task A_clip_without_credentials_reads_as_none()
    {
        using var key = new FileKeySigner(new DataFolder(InFolder("data")));
        using var signer = new C2paSigner(key, new ContentCredentialsOptions(), NullLogger<C2paSigner>.Instance);
        var plain = InFolder("plain.mp4");
        await TestClips.HealthyAsync(plain, seconds: 1, amplitude: 0.3);

        Assert.Null(await signer.ReadAsync(plain, trustAnchors: null));
    }
}
