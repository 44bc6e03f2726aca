using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media;

namespace SoraFunctions.Local.Tests;

/// <summary>Remixes through the local server, each rendered by the pipeline from its parent's scene.</summary>
public sealed class RemixTests : ServerTest
{
    [Fact]
    public async Task A_remix_keeps_the_scene_credits_its_author_who_hears_of_it_and_is_labelled_once_the_original_goes()
    {
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var (_, cid) = await MemberAsync("cid");
        var original = await CreateAsync(ann, "A woman and her dog walk along a beach at noon, sunny, slow pan right");
        var parent = await FinishedAsync(ann, original);
        await ann.PostAsJsonAsync($"/v1/videos/{original}/post", new { caption = "Beach day" });

        var remixed = await bob.PostAsJsonAsync($"/v1/videos/{original}/remix", new { prompt = "the same walk, but at night" });
        var remix = await ReadAsync(remixed);
        var id = remix.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, remixed.StatusCode);
        Assert.Equal(original, remix.GetProperty("remixed_from_video_id").GetString());
        Assert.Equal(("ann", original, 1, "Remix of @ann"), Credit(remix));
        Assert.Equal(
            (parent.GetProperty("seconds").GetString(), parent.GetProperty("size").GetString(), parent.GetProperty("seed").GetInt64()),
            (remix.GetProperty("seconds").GetString(), remix.GetProperty("size").GetString(), remix.GetProperty("seed").GetInt64()));
        Assert.Equal("completed", (await FinishedAsync(bob, id)).GetProperty("status").GetString());
        // The same beach, walk and camera, at night: the remix's poster is the original's, darker.
        Assert.True(await BrightnessAsync(bob, id) < 0.7 * await BrightnessAsync(ann, original), "the night remix is darker than the noon original");
        var manifest = JsonDocument.Parse(await bob.GetStringAsync($"/v1/videos/{id}/content?variant=manifest")).RootElement.GetProperty("manifest");
        Assert.Equal((original, original, 1), (
            manifest.GetProperty("remixOf").GetProperty("parentId").GetString(), manifest.GetProperty("remixOf").GetProperty("rootId").GetString(),
            manifest.GetProperty("remixOf").GetProperty("depth").GetInt32()));

        await bob.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Night walk" });
        var deeper = await ReadAsync(await cid.PostAsJsonAsync($"/v1/videos/{id}/remix", new { prompt = "in the snow" }));

        Assert.Equal(("bob", original, 2, "Remix of @bob"), Credit(deeper));
        await WaitUntilAsync(async () => (await NotificationsAsync(ann)).Contains($"remix bob {id}"), "Ann to hear of Bob's remix");

        await ann.DeleteAsync($"/v1/videos/{original}");
        var labelled = await WaitForAsync(bob, id, video => video.GetProperty("remix").GetProperty("author").ValueKind == JsonValueKind.Null);

        Assert.Equal((null, original, 1, "Remix of a removed video"), Credit(labelled));
        Assert.Equal(HttpStatusCode.OK, (await cid.GetAsync($"/v1/videos/{id}")).StatusCode); // the remix itself stays
        await FinishedAsync(cid, deeper.GetProperty("id").GetString()!); // its job writes into the data folder until then
    }

    [Fact]
    public async Task A_remix_is_refused_while_a_cameo_in_it_does_not_permit_the_remixer_and_never_casts_more_than_a_video_may()
    {
        var (annMember, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var cameo = await ActiveCameoAsync(annMember);
        var original = await CreateAsync(ann, "@ann dances in a field at noon");
        Assert.Equal("completed", (await FinishedAsync(ann, original)).GetProperty("status").GetString());
        await ann.PostAsJsonAsync($"/v1/videos/{original}/post", new { caption = "Me" });

        var refused = await bob.PostAsJsonAsync($"/v1/videos/{original}/remix", new { prompt = "at night" });
        await ann.PatchAsJsonAsync($"/v1/videos/characters/{cameo}", new { permission = "everyone" });
        var crowded = await bob.PostAsJsonAsync($"/v1/videos/{original}/remix", new { prompt = "with @cid and @dan" });
        var empty = await bob.PostAsJsonAsync($"/v1/videos/{original}/remix", new { prompt = " " });
        var permitted = await bob.PostAsJsonAsync($"/v1/videos/{original}/remix", new { prompt = "at night" });

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.RemixCameoNotPermitted), (refused.StatusCode, await CodeAsync(refused)));
        Assert.Equal((HttpStatusCode.BadRequest, CameoCodes.TooMany), (crowded.StatusCode, await CodeAsync(crowded)));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.PromptEmpty), (empty.StatusCode, await CodeAsync(empty)));
        Assert.Equal(HttpStatusCode.OK, permitted.StatusCode);
        Assert.Equal(["ann"], (await ReadAsync(permitted)).GetProperty("cameos").EnumerateArray().Select(cast => cast.GetProperty("username").GetString()));
        Assert.Equal(1, (await ReadAsync(await bob.GetAsync("/v1/videos"))).GetProperty("data").GetArrayLength()); // the refusals wrote nothing
        await FinishedAsync(bob, (await ReadAsync(permitted)).GetProperty("id").GetString()!); // its job writes into the data folder until then
    }

    private static (string? Author, string? Root, int Depth, string? Label) Credit(JsonElement video)
    {
        var remix = video.GetProperty("remix");
        return (remix.GetProperty("author").GetString(), remix.GetProperty("root_video_id").GetString(), remix.GetProperty("depth").GetInt32(),
            remix.GetProperty("label").GetString());
    }

    /// <summary>The mean brightness (0–255) of the video's poster.</summary>
    private async Task<double> BrightnessAsync(HttpClient client, string id)
    {
        var poster = Path.Combine(Data, $"{id}.jpg");
        await File.WriteAllBytesAsync(poster, await client.GetByteArrayAsync($"/v1/videos/{id}/content?variant=thumbnail"));
        var pixels = await Ffmpeg.RunForOutputAsync(["-i", poster, "-vf", "scale=64:-2,format=gray", "-f", "rawvideo", "-"]);
        return pixels.Average(pixel => (double)pixel);
    }

    private static async Task<List<string>> NotificationsAsync(HttpClient client) =>
        [.. (await ReadAsync(await client.GetAsync("/v1/notifications"))).GetProperty("data").EnumerateArray()
            .Select(n => $"{n.GetProperty("kind").GetString()} {n.GetProperty("actor").GetString()} {n.GetProperty("video_id").GetString()}")];

    private static async Task<string?> CodeAsync(HttpResponseMessage response) => (await ReadAsync(response)).GetProperty("code").GetString();
}
