using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Tests;

public sealed class ContentCredentialsManifestTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly string folder = Directory.CreateTempSubdirectory("sora-credentials-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_development_chain_is_made_once_for_the_key_with_the_C2PA_signer_profile_and_made_again_for_another_key()
    {
        using var signer = new FileKeySigner(new DataFolder(folder));
        var made = await signer.CertificatesAsync();
        using var again = new FileKeySigner(new DataFolder(folder)); // another process, the same data folder

        using var certificate = X509Certificate2.CreateFromPem(made.ChainPem);
        using var root = X509Certificate2.CreateFromPem(made.TrustAnchorsPem);
        Assert.Equal(made, await again.CertificatesAsync());
        Assert.True(made.Development);
        Assert.Equal(root.Subject, certificate.Issuer);
        Assert.Contains(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(),
            usage => usage.Value == DevelopmentCertificates.DocumentSigning);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var claim = "claim"u8.ToArray();
        var signature = await signer.SignDataAsync(claim);
        Assert.True(certificate.GetECDsaPublicKey()!.VerifyData(claim, signature, HashAlgorithmName.SHA256));
        using var chain = new X509Chain { ChainPolicy = { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck } };
        chain.ChainPolicy.CustomTrustStore.Add(root);
        Assert.True(chain.Build(certificate), string.Join(", ", chain.ChainStatus.Select(status => status.StatusInformation)));

        // The key replaced (an operator's copy from another machine): its chain no longer certifies it and is made anew.
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(Path.Combine(folder, "keys", "provenance.pem"), otherKey.ExportPkcs8PrivateKeyPem());
        using var replaced = new FileKeySigner(new DataFolder(folder));
        using var remade = X509Certificate2.CreateFromPem((await replaced.CertificatesAsync()).ChainPem);
        Assert.Equal(otherKey.ExportSubjectPublicKeyInfo(), remade.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void A_generated_clip_is_created_by_a_trained_model_and_lists_its_edits_its_author_and_its_cameos_consent()
    {
        var spec = new VideoSpec("@bob waves", "sora-2", 8, 720, 1280, 7, Edits: new EditList(
            Trim: new TrimEdit(1, 5), Loop: true, Stabilize: true, Grade: new GradeEdit("warm", Saturation: 1.2), Speed: [new SpeedRamp(0, 1, 2)]));
        var video = Video.Queue("video_1", "member_ann", spec, Now, [new CameoCast("cameo_1", "member_bob", "bob")], ownerUsername: "ann");

        var (manifest, ingredients) = CredentialsManifest.Describe(video, "procedural-cpu/1", parent: null, Now);

        Assert.Empty(ingredients);
        Assert.Equal("A clip by @ann", manifest["title"]!.GetValue<string>());
        var actions = Assertion(manifest, "c2pa.actions")["actions"]!.AsArray();
        Assert.Equal(
            ["c2pa.created: Generated from a text prompt", "c2pa.edited: Stabilized", "c2pa.edited: Trimmed to 1–5 s",
                "c2pa.edited: Speed ×2 from 0 to 1 s", "c2pa.edited: Looped", "c2pa.color_adjustments: Color graded: warm, saturation 1.2"],
            actions.Select(action => $"{action!["action"]}: {action["description"]}"));
        Assert.Equal(CredentialsManifest.TrainedAlgorithmicMedia, actions[0]!["digitalSourceType"]!.GetValue<string>());
        Assert.Equal(("SoraFunctions sora-2", "procedural-cpu/1"),
            (actions[0]!["softwareAgent"]!["name"]!.GetValue<string>(), actions[0]!["softwareAgent"]!["version"]!.GetValue<string>()));
        Assert.Equal("@ann", Assertion(manifest, "stds.schema-org.CreativeWork")["author"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("@bob: permitted", Assertion(manifest, CredentialsManifest.CameoConsentLabel)["cameos"]!.AsArray()
            .Select(cast => $"{cast!["cameo"]}: {cast["consent"]}").Single());
    }

    [Fact]
    public void Remixes_edits_and_extensions_name_what_they_came_from()
    {
        var original = Video.Queue("video_0", "member_bob", new VideoSpec("a beach", "sora-2", 4, 720, 1280, 7), Now, ownerUsername: "bob");
        var remix = Video.Queue("video_1", "member_ann", new VideoSpec("at night", "sora-2", 4, 720, 1280, 7), Now,
            remixOf: RemixLineage.Of(original, "bob"), ownerUsername: "ann");
        var extension = Video.Queue("video_2", "member_ann", new VideoSpec("then rain", "sora-2", 4, 720, 1280, 7, Extends: new ExtensionOf("video_0", 4)), Now, ownerUsername: "ann");
        var upload = Video.Queue("video_3", "member_ann", new VideoSpec("", "sora-2", 4, 720, 1280, 0, Edits: new EditList(Loop: true), Uploaded: true), Now, ownerUsername: "ann");

        var (remixed, fromParent) = CredentialsManifest.Describe(remix, "procedural-cpu/1", new ParentClip("A clip by @bob", "/clips/parent.mp4"), Now);
        var (extended, fromOriginal) = CredentialsManifest.Describe(extension, "procedural-cpu/1", new ParentClip("A clip by @bob", null), Now);
        var (uploaded, fromUpload) = CredentialsManifest.Describe(upload, "edit of an uploaded video", new ParentClip("An uploaded video", "/work/upload"), Now);

        var (orphan, _) = CredentialsManifest.Describe(remix, "procedural-cpu/1", new ParentClip("A removed video", null), Now);

        Assert.Equal(("A clip by @bob", "inputTo", "/clips/parent.mp4"), Single(fromParent));
        Assert.Equal("Generated as a remix of a clip by @bob", Assertion(remixed, "c2pa.actions")["actions"]![0]!["description"]!.GetValue<string>());
        Assert.Equal("Generated as a remix of a removed video", Assertion(orphan, "c2pa.actions")["actions"]![0]!["description"]!.GetValue<string>());
        Assert.Equal(["c2pa.created"], Actions(remixed));
        Assert.Equal(("A clip by @bob", "parentOf", null), Single(fromOriginal));
        Assert.Equal(["c2pa.opened", "c2pa.edited"], Actions(extended));
        Assert.Equal(CredentialsManifest.CompositeWithTrainedAlgorithmicMedia,
            Assertion(extended, "c2pa.actions")["actions"]![1]!["digitalSourceType"]!.GetValue<string>());
        Assert.Equal(("An uploaded video", "parentOf", "/work/upload"), Single(fromUpload));
        Assert.Equal(["c2pa.opened", "c2pa.edited"], Actions(uploaded));
    }

    private static JsonNode Assertion(JsonObject manifest, string label) =>
        manifest["assertions"]!.AsArray().Single(assertion => assertion!["label"]!.GetValue<string>() == label)!["data"]!;

    private static IEnumerable<string> Actions(JsonObject manifest) =>
        Assertion(manifest, "c2pa.actions")["actions"]!.AsArray().Select(action => action!["action"]!.GetValue<string>());

    private static (string, string, string?) Single(IReadOnlyList<CredentialIngredient> ingredients) =>
        Assert.Single(ingredients) is var ingredient
            ? (ingredient.Definition["title"]!.GetValue<string>(), ingredient.Definition["relationship"]!.GetValue<string>(), ingredient.File)
            : default;
}
