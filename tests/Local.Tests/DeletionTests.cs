using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// A deleted account or cameo takes everything it had with it, whatever state each thing is in: a post moderation took
/// down (its files kept for a restore) goes for good too, and a restore afterwards answers 409.
/// </summary>
public sealed class DeletionTests : ServerTest
{
    protected override Task PrepareDataAsync() => TestServer.RefuseEveryPromptAsync(Data);

    [Fact]
    public async Task A_post_moderation_took_down_goes_with_its_owners_account_and_is_not_restored()
    {
        var (ann, annClient) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var id = await SeedVideoAsync(ann, posted: true);
        var caseId = await TakeDownAsync(bob, id);

        var deleted = await annClient.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = "a long enough password" }) });
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await WaitUntilAsync(async () => await FilesOfAsync(id) is null, "the taken-down post's files to go with the account");
        var restore = await Http.PostAsJsonAsync($"/v1/moderation/cases/{caseId}/actions", new { action = "restore", reason = "appeal" });

        Assert.Equal((HttpStatusCode.Conflict, "MODERATION.ACTION_NOT_APPLICABLE"), (restore.StatusCode, (await ReadAsync(restore)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/videos/{id}")).StatusCode);
        Assert.False((await App.Services.GetRequiredService<IVideoStore>().GetAsync(id))!.IsRestorable);
    }

    [Fact]
    public async Task A_clip_moderation_took_down_goes_with_a_deleted_cameo_in_it_and_is_not_restored()
    {
        var (ann, annClient) = await MemberAsync("ann");
        var (bob, bobClient) = await MemberAsync("bob");
        var (_, cid) = await MemberAsync("cid");
        var cameo = await ActiveCameoAsync(ann);
        var id = await SeedVideoAsync(bob, posted: true, new CameoCast(cameo, ann.Id, ann.Username));
        var caseId = await TakeDownAsync(cid, id);

        Assert.Equal(HttpStatusCode.OK, (await annClient.DeleteAsync($"/v1/videos/characters/{cameo}")).StatusCode);
        await WaitUntilAsync(async () => await FilesOfAsync(id) is null, "the clip's files to go with the cameo");
        var restore = await Http.PostAsJsonAsync($"/v1/moderation/cases/{caseId}/actions", new { action = "restore", reason = "appeal" });

        Assert.Equal((HttpStatusCode.Conflict, "MODERATION.ACTION_NOT_APPLICABLE"), (restore.StatusCode, (await ReadAsync(restore)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.Gone, CameoCodes.Deleted), await StatusAsync(bobClient, id));
    }

    [Fact]
    public async Task A_post_moderation_took_down_is_restored_while_its_owner_and_cameos_remain()
    {
        var (ann, _) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var id = await SeedVideoAsync(ann, posted: true);
        var caseId = await TakeDownAsync(bob, id);

        var restore = await Http.PostAsJsonAsync($"/v1/moderation/cases/{caseId}/actions", new { action = "restore", reason = "appeal upheld" });

        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/v1/videos/{id}")).StatusCode);
    }

    /// <summary>Reports the post and has the admin (a moderator too) take it down; answers the case.</summary>
    private async Task<string> TakeDownAsync(HttpClient reporter, string videoId)
    {
        var caseId = (await ReadAsync(await reporter.PostAsJsonAsync("/v1/reports", new { video_id = videoId, reason = "violence" }))).GetProperty("case_id").GetString()!;
        var removed = await Http.PostAsJsonAsync($"/v1/moderation/cases/{caseId}/actions", new { action = "remove", reason = "graphic" });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.NotNull(await FilesOfAsync(videoId)); // kept, to be restored
        return caseId;
    }

    private Task<long?> FilesOfAsync(string videoId) =>
        App.Services.GetRequiredService<IClipStore>().GetLengthAsync($"{PublishVideoActivity.FolderOf(videoId)}/poster.jpg");

    private static async Task<(HttpStatusCode, string?)> StatusAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/v1/videos/{id}");
        return (response.StatusCode, (await ReadAsync(response)).GetProperty("code").GetString());
    }
}
