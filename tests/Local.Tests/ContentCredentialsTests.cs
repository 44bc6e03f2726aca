using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Media;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Published clips as any C2PA reader sees them: read by the signer's own native reader (c2pa-rs through c2pa-node)
/// and by c2pa-js's WebAssembly reader (another build and release of c2pa-rs, run by Node in <c>tests/clients</c>).
/// </summary>
public sealed class ContentCredentialsTests : ServerTest
{
    [Fact]
    public async Task Clips_carry_credentials_that_both_readers_trust_with_the_development_root_and_refuse_once_the_picture_changes()
    {
        var (_, ann) = await MemberAsync("ann");
        var original = await CreateAsync(ann, "A lighthouse on a cliff at dusk, waves crash below");
        Assert.Equal("completed", (await FinishedAsync(ann, original)).GetProperty("status").GetString());
        var master = await DownloadAsync(ann, original, "video");
        var preview = await DownloadAsync(ann, original, "preview");
        var poster = await DownloadAsync(ann, original, "thumbnail");

        foreach (var clip in new[] { master, preview, poster })
        {
            var (native, wasm) = await ReadBothAsync(clip);
            Assert.Equal(("Trusted", "Trusted"), (native.State, wasm.GetProperty("state").GetString()));
            Assert.Equal("A clip by @ann", native.Title);
            Assert.Equal("@ann", wasm.GetProperty("author").GetString());
            var created = Assert.Single(wasm.GetProperty("actions").EnumerateArray());
            Assert.Equal(("c2pa.created", CredentialsManifest.TrainedAlgorithmicMedia),
                (created.GetProperty("name").GetString(), created.GetProperty("source").GetString()));
            Assert.Equal(["c2pa.created"], native.Actions.Select(action => action.Name));
        }

        var altered = Path.Combine(Data, "..", "altered.mp4");
        var bytes = await File.ReadAllBytesAsync(master);
        var (start, length) = MediaData(bytes);
        bytes[start + length / 2] ^= 0xFF; // one byte of the coded picture and sound
        await File.WriteAllBytesAsync(altered, bytes);
        var (nativeAltered, wasmAltered) = await ReadBothAsync(altered);

        Assert.Equal(("Invalid", "Invalid"), (nativeAltered.State, wasmAltered.GetProperty("state").GetString()));
        Assert.Contains("assertion.bmffHash.mismatch", nativeAltered.Failures);
        Assert.Contains("assertion.bmffHash.mismatch", wasmAltered.GetProperty("failures").EnumerateArray().Select(code => code.GetString()));
        Assert.Equal(1, await Sora("verify", altered, "--data", Data));

        // The stored master damaged past reading: the API says its credentials cannot be relied on, never a 500.
        var stored = Path.Combine(Data, "clips", "videos", original, "master.mp4");
        await using (var file = File.OpenWrite(stored))
        {
            await file.WriteAsync("JUNKJUNK"u8.ToArray());
        }

        var unreadable = await ann.GetAsync($"/v1/videos/{original}/credentials");
        var answer = await ReadAsync(unreadable);
        Assert.Equal(HttpStatusCode.OK, unreadable.StatusCode);
        Assert.Equal(("invalid", "general.error"), (answer.GetProperty("state").GetString(), answer.GetProperty("failures")[0].GetString()));
    }

    [Fact]
    public async Task A_remix_names_its_parent_with_the_parents_credentials_and_an_edit_lists_what_it_did()
    {
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var (_, cid) = await MemberAsync("cid");
        var original = await CreateAsync(ann, "A woman and her dog walk along a beach at noon, slow pan right");
        await FinishedAsync(ann, original);
        await ann.PostAsJsonAsync($"/v1/videos/{original}/post", new { caption = "Beach day" });
        var remix = (await ReadAsync(await bob.PostAsJsonAsync($"/v1/videos/{original}/remix", new { prompt = "the same walk at night" }))).GetProperty("id").GetString()!;
        await FinishedAsync(bob, remix);
        await bob.PostAsJsonAsync($"/v1/videos/{remix}/post", new { caption = "Night walk" });
        var remixOfRemix = (await ReadAsync(await cid.PostAsJsonAsync($"/v1/videos/{remix}/remix", new { prompt = "in the snow" }))).GetProperty("id").GetString()!;
        var edit = (await ReadAsync(await ann.PostAsJsonAsync("/v1/videos/edits", new
        {
            video_id = original,
            edits = new object[] { new { type = "trim", start = 0, end = 2 }, new { type = "grade", preset = "noir" } },
        }))).GetProperty("id").GetString()!;
        Assert.Equal("completed", (await FinishedAsync(cid, remixOfRemix)).GetProperty("status").GetString());
        Assert.Equal("completed", (await FinishedAsync(ann, edit)).GetProperty("status").GetString());

        var (nativeRemix, wasmRemix) = await ReadBothAsync(await DownloadAsync(bob, remix, "video"));
        Assert.Equal(("Trusted", "Trusted"), (nativeRemix.State, wasmRemix.GetProperty("state").GetString()));
        Assert.Equal(("A clip by @ann", "inputTo", true), Described(Assert.Single(nativeRemix.Ingredients))); // its credentials held
        var parent = Assert.Single(wasmRemix.GetProperty("ingredients").EnumerateArray());
        Assert.Equal(("A clip by @ann", "inputTo"), (parent.GetProperty("title").GetString(), parent.GetProperty("relationship").GetString()));
        Assert.Equal(2, wasmRemix.GetProperty("manifests").GetInt32()); // the remix's and the original's

        var (nativeChain, wasmChain) = await ReadBothAsync(await DownloadAsync(cid, remixOfRemix, "video"));
        Assert.Equal(("Trusted", "Trusted"), (nativeChain.State, wasmChain.GetProperty("state").GetString()));
        Assert.Equal("A clip by @bob", Assert.Single(nativeChain.Ingredients).Title);
        Assert.Equal(3, wasmChain.GetProperty("manifests").GetInt32()); // the chain whole: cid's, bob's and ann's

        var (nativeEdit, wasmEdit) = await ReadBothAsync(await DownloadAsync(ann, edit, "video"));
        Assert.Equal(("Trusted", "Trusted"), (nativeEdit.State, wasmEdit.GetProperty("state").GetString()));
        Assert.Equal(
            [("c2pa.opened", null), ("c2pa.edited", "Trimmed to 0–2 s"), ("c2pa.color_adjustments", "Color graded: noir")],
            wasmEdit.GetProperty("actions").EnumerateArray().Select(action => (action.GetProperty("name").GetString(), action.GetProperty("description").GetString())));
        Assert.Equal(("A clip by @ann", "parentOf", true), Described(Assert.Single(nativeEdit.Ingredients)));
    }

    [Fact]
    public async Task An_uploaded_video_keeps_the_credentials_it_came_with_one_tampered_with_is_marked_and_one_without_is_named_all_the_same()
    {
        var (_, ann) = await MemberAsync("ann");
        var original = await CreateAsync(ann, "A red kite over a beach at noon");
        await FinishedAsync(ann, original);
        var labelled = await DownloadAsync(ann, original, "video"); // a clip with credentials, from here or anywhere
        var plain = Path.Combine(Data, "..", "plain.mkv");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=640x360:r=24:d=3", "-f", "lavfi", "-i", "sine=d=3",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", plain]);

        var tampered = Path.Combine(Data, "..", "tampered.mp4");
        var bytes = await File.ReadAllBytesAsync(labelled);
        var (start, length) = MediaData(bytes);
        bytes[start + length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(tampered, bytes);

        var fromLabelled = await UploadForEditAsync(ann, labelled, "loop it");
        var fromPlain = await UploadForEditAsync(ann, plain, "loop it");
        var fromTampered = await UploadForEditAsync(ann, tampered, "loop it");
        using var extending = new MultipartFormDataContent
        {
            { new StringContent("the camera slowly pushes in"), "prompt" },
            { new StringContent("4"), "seconds" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(plain)), "video", "plain.mkv" },
        };
        var extended = (await ReadAsync(await ann.PostAsync("/v1/videos/extensions", extending))).GetProperty("id").GetString()!;

        var (native, wasm) = await ReadBothAsync(await DownloadAsync(ann, fromLabelled, "video"));
        Assert.Equal(("Trusted", "Trusted"), (native.State, wasm.GetProperty("state").GetString()));
        Assert.Equal(["c2pa.opened", "c2pa.edited"], native.Actions.Select(action => action.Name));
        Assert.Equal(("An uploaded video", "parentOf", true), Described(Assert.Single(native.Ingredients)));
        Assert.Equal(2, wasm.GetProperty("manifests").GetInt32()); // the upload's own came along
        var (nativePlain, _) = await ReadBothAsync(await DownloadAsync(ann, fromPlain, "video"));
        Assert.Equal(("An uploaded video", "parentOf", false), (Assert.Single(nativePlain.Ingredients).Title, nativePlain.Ingredients[0].Relationship, nativePlain.Ingredients[0].HasManifest));
        // A clip changed after it was signed: its own credentials come along, marked as not holding, in the API too.
        var (nativeTampered, _) = await ReadBothAsync(await DownloadAsync(ann, fromTampered, "video"));
        var broken = Assert.Single(nativeTampered.Ingredients);
        Assert.Equal((true, false), (broken.HasManifest, broken.CredentialsHold));
        Assert.Contains("assertion.bmffHash.mismatch", broken.Failures);
        var shown = await ReadAsync(await ann.GetAsync($"/v1/videos/{fromTampered}/credentials"));
        Assert.Equal(("trusted", true), (shown.GetProperty("state").GetString(), shown.GetProperty("ingredients")[0].GetProperty("credentials_broken").GetBoolean()));

        // An upload continued by the model: opened, then edited with generated content mixed in.
        Assert.Equal("completed", (await FinishedAsync(ann, extended)).GetProperty("status").GetString());
        var continued = await ReadAsync(await ann.GetAsync($"/v1/videos/{extended}/credentials"));
        Assert.Equal(
            [("c2pa.opened", null), ("c2pa.edited", CredentialsManifest.CompositeWithTrainedAlgorithmicMedia)],
            continued.GetProperty("actions").EnumerateArray().Select(action => (action.GetProperty("action").GetString(), action.GetProperty("digital_source_type").GetString())));
    }

    /// <summary>An ingredient's title, relationship and whether it came with credentials that held.</summary>
    private static (string, string, bool) Described(IngredientReport ingredient) => (ingredient.Title, ingredient.Relationship, ingredient.CredentialsHold);

    /// <summary>An edit of an uploaded video, asked in words as OpenAI's SDKs send it; its id once it is published.</summary>
    private static async Task<string> UploadForEditAsync(HttpClient client, string file, string prompt)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(prompt), "prompt" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(file)), "video", Path.GetFileName(file) },
        };
        var edited = await client.PostAsync("/v1/videos/edits", form);
        var id = (await ReadAsync(edited)).GetProperty("id").GetString()!;
        var finished = await FinishedAsync(client, id);
        Assert.True(finished.GetProperty("status").GetString() == "completed", finished.GetProperty("error").ToString());
        return id;
    }

    private async Task<string> DownloadAsync(HttpClient client, string id, string variant)
    {
        var file = Path.Combine(Data, "..", $"{id}.{variant}.{(variant == "thumbnail" ? "jpg" : "mp4")}");
        await File.WriteAllBytesAsync(file, await client.GetByteArrayAsync($"/v1/videos/{id}/content?variant={variant}"));
        return file;
    }

    /// <summary>The file read by both readers, each trusting this data folder's development root.</summary>
    private async Task<(CredentialsReport Native, JsonElement Wasm)> ReadBothAsync(string file)
    {
        var anchors = (await App.Services.GetRequiredService<IProvenanceSigner>().CertificatesAsync()).TrustAnchorsPem;
        var anchorsFile = Path.Combine(Data, "..", "trust-anchors.pem");
        await File.WriteAllTextAsync(anchorsFile, anchors);
        var native = await App.Services.GetRequiredService<IContentCredentials>().ReadAsync(file, anchors);
        var wasm = JsonDocument.Parse(await NodeClients.RunAsync("c2pa-read.mjs", [file, anchorsFile], TimeSpan.FromMinutes(1))).RootElement;
        return (native ?? throw new Xunit.Sdk.XunitException($"{file} carries no credentials"), wasm);
    }

    /// <summary>Where the top-level mdat box's payload lies in an ISO media file.</summary>
    private static (int Start, int Length) MediaData(byte[] file)
    {
        for (var at = 0; at + 8 <= file.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            if (file.AsSpan(at + 4, 4).SequenceEqual("mdat"u8))
            {
                return (at + 8, size - 8);
            }

            at += size;
        }

        throw new Xunit.Sdk.XunitException("no mdat box");
    }
}
