using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Tests.Shared.Cameos;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Cameos through the local server: recordings verified for real (OpenCV, CMU Sphinx), then cast by others within the
/// owner's terms, reviewed, taken down and deleted, with clips rendered by the pipeline.
/// </summary>
public sealed class CameoTests : ServerTest
{
    [Fact]
    public async Task A_recording_made_for_its_challenge_is_verified_and_others_are_refused_with_their_codes()
    {
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var (_, cid) = await MemberAsync("cid");
        var (_, dan) = await MemberAsync("dan");

        var challenge = await ReadAsync(await ann.PostAsync("/v1/videos/characters/challenges", null));
        var recording = await RecordAsync("ann.mp4", CameoRecordings.Julia, challenge);
        var accepted = await UploadAsync(ann, recording, challenge.GetProperty("id").GetString()!, "Ann");
        var retried = await UploadAsync(ann, recording, challenge.GetProperty("id").GetString()!, "Ann");
        var cameo = await ReadAsync(accepted);
        var id = cameo.GetProperty("id").GetString()!;
        var verified = await SettledAsync(ann, id);
        var secondChallenge = await ReadAsync(await ann.PostAsync("/v1/videos/characters/challenges", null));
        var second = await UploadAsync(ann, recording, secondChallenge.GetProperty("id").GetString()!, "Ann again");

        Assert.Equal((HttpStatusCode.Accepted, "character", "verifying", "Ann"),
            (accepted.StatusCode, cameo.GetProperty("object").GetString(), cameo.GetProperty("status").GetString(), cameo.GetProperty("name").GetString()));
        Assert.Equal((HttpStatusCode.Accepted, id), (retried.StatusCode, (await ReadAsync(retried)).GetProperty("id").GetString()));
        Assert.True(verified.GetProperty("status").GetString() == "active", $"verification failed: {verified.GetProperty("error")}");
        Assert.Equal((100, "only_me"), (verified.GetProperty("progress").GetInt32(), verified.GetProperty("permission").GetString()));
        Assert.InRange(verified.GetProperty("voice").GetProperty("pitch_hz").GetDouble(), 60, 400);
        Assert.Equal((HttpStatusCode.Conflict, CameoCodes.Exists), (second.StatusCode, await CodeAsync(second)));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/videos/characters/{id}")).StatusCode);
        Assert.Equal([id], (await ReadAsync(await ann.GetAsync("/v1/videos/characters"))).GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()));

        // Bob sends Ann's recording for his own challenge: its digits and turn are another challenge's.
        var bobs = await ReadAsync(await bob.PostAsync("/v1/videos/characters/challenges", null));
        var replayed = await SettledAsync(bob, (await ReadAsync(await UploadAsync(bob, recording, bobs.GetProperty("id").GetString()!, "Bob"))).GetProperty("id").GetString()!);
        // Cid sends what is not a video, then tries Bob's challenge, then one that expired.
        var cids = await ReadAsync(await cid.PostAsync("/v1/videos/characters/challenges", null));
        var junk = Path.Combine(Data, "junk.mp4");
        await File.WriteAllTextAsync(junk, "this is not a video");
        var unreadable = await SettledAsync(cid, (await ReadAsync(await UploadAsync(cid, junk, cids.GetProperty("id").GetString()!, "Cid"))).GetProperty("id").GetString()!);
        var stolen = await UploadAsync(cid, recording, bobs.GetProperty("id").GetString()!, "Cid");
        var stale = await ReadAsync(await cid.PostAsync("/v1/videos/characters/challenges", null));
        ExpireChallenge(stale.GetProperty("id").GetString()!);
        var expired = await UploadAsync(cid, recording, stale.GetProperty("id").GetString()!, "Cid");
        // Dan records Ann's face for his own challenge: one person, one cameo.
        var dans = await ReadAsync(await dan.PostAsync("/v1/videos/characters/challenges", null));
        var twin = await SettledAsync(dan, (await ReadAsync(await UploadAsync(dan, await RecordAsync("dan.mp4", CameoRecordings.Julia, dans), dans.GetProperty("id").GetString()!, "Dan"))).GetProperty("id").GetString()!);

        Assert.Equal(("failed", CameoCodes.ChallengeMismatch), (replayed.GetProperty("status").GetString(), replayed.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(CameoCodes.RecordingInvalid, unreadable.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal((HttpStatusCode.NotFound, CameoCodes.ChallengeUnknown), (stolen.StatusCode, await CodeAsync(stolen)));
        Assert.Equal((HttpStatusCode.BadRequest, CameoCodes.ChallengeExpired), (expired.StatusCode, await CodeAsync(expired)));
        Assert.Equal(CameoCodes.DuplicatePerson, twin.GetProperty("error").GetProperty("code").GetString());
        // Nothing of a refused likeness is kept; the verified one keeps its recording and face.
        Assert.Equal(["face.jpg", "recording"], StoredFiles(id));
        foreach (var failed in new[] { replayed, unreadable, twin })
        {
            Assert.Empty(StoredFiles(failed.GetProperty("id").GetString()!));
        }
    }

    [Fact]
    public async Task Only_a_consenting_cameo_is_cast_and_consent_withdrawn_while_the_clip_renders_fails_it_unpublished()
    {
        var (annMember, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var (_, carl) = await MemberAsync("carl");
        var cameoId = await ActiveCameoAsync(annMember);
        await ann.PatchAsJsonAsync($"/v1/videos/characters/{cameoId}", new { permission = "mutuals" });

        var stranger = await FinishedAsync(bob, await CreateAsync(bob, "@ann waves on a beach at sunset"));
        await ann.PostAsync("/v1/members/bob/follow", null);
        await bob.PostAsync("/v1/members/ann/follow", null);
        var cast = await FinishedAsync(bob, await CreateAsync(bob, "@ann waves on a beach at sunset. \"Hello there!\""));
        var castId = cast.GetProperty("id").GetString()!;
        var manifest = await ReadAsync(await bob.GetAsync($"/v1/videos/{castId}/content?variant=manifest"));

        Assert.Equal(("failed", "SAFETY.INPUT.LIKENESS.NO_CONSENT"), (stranger.GetProperty("status").GetString(), stranger.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"/v1/videos/{stranger.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal("completed", cast.GetProperty("status").GetString());
        Assert.Equal([(cameoId, "ann")], cast.GetProperty("cameos").EnumerateArray().Select(c => (c.GetProperty("id").GetString(), c.GetProperty("username").GetString())));
        Assert.Equal([cameoId], manifest.GetProperty("manifest").GetProperty("cameoIds").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync($"/v1/videos/{castId}")).StatusCode); // a co-owner sees it
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync($"/v1/videos/{castId}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carl.GetAsync($"/v1/videos/{castId}")).StatusCode);
        await WaitForEventAsync(EventTypes.CameoUsed, castId);

        // Ann withdraws while Bob's next clip renders: it fails before it is published.
        var pending = await CreateAsync(bob, "@ann dances in a forest at dawn");
        // Past its screening (which would refuse it as having no consent), while it renders.
        await WaitForAsync(bob, pending, video => video.GetProperty("steps").EnumerateArray().Any(step => step.GetProperty("step").GetString() == "ScreenInput"));
        await ann.PatchAsJsonAsync($"/v1/videos/characters/{cameoId}", new { permission = "only_me" });
        var revoked = await FinishedAsync(bob, pending);
        var content = await bob.GetAsync($"/v1/videos/{pending}/content");

        Assert.Equal(("failed", CameoCodes.ConsentRevoked), (revoked.GetProperty("status").GetString(), revoked.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, content.StatusCode);
        Assert.DoesNotContain(Directory.GetFiles(new DataFolder(Data).Clips, "*", SearchOption.AllDirectories), file => file.Contains(pending, StringComparison.Ordinal));

        // Her terms: never in horror, and at most two cameos a clip.
        await ann.PatchAsJsonAsync($"/v1/videos/characters/{cameoId}", new { permission = "mutuals", preferences = "Always smiling. Never in horror." });
        var horror = await bob.PostAsJsonAsync("/v1/videos", new { prompt = "@ann in a horror film at night", seconds = "4" });
        var crowd = await bob.PostAsJsonAsync("/v1/videos", new { prompt = "@ann, @carl and @bob dance", seconds = "4" });

        // Refused before anything is made, so she is not told she was cast.
        Assert.Equal((HttpStatusCode.UnprocessableEntity, CameoCodes.PreferenceConflict), (horror.StatusCode, await CodeAsync(horror)));
        Assert.Equal((HttpStatusCode.BadRequest, CameoCodes.TooMany), (crowd.StatusCode, await CodeAsync(crowd)));
    }

    [Fact]
    public async Task The_cameos_suggested_to_a_member_are_their_own_and_those_of_members_they_follow_whose_terms_permit_them()
    {
        var (annMember, ann) = await MemberAsync("ann");
        var (bobMember, bob) = await MemberAsync("bob");
        var (carlMember, _) = await MemberAsync("carl");
        var annCameo = await ActiveCameoAsync(annMember);
        await ActiveCameoAsync(carlMember);
        await ann.PatchAsJsonAsync($"/v1/videos/characters/{annCameo}", new { permission = "mutuals" });
        async Task<string[]> CastableAsync() =>
            [.. (await ReadAsync(await bob.GetAsync("/v1/videos/characters/castable"))).GetProperty("data").EnumerateArray()
                .Select(c => $"{c.GetProperty("username").GetString()}:{c.GetProperty("name").GetString()}")];

        var none = await CastableAsync();
        await bob.PostAsync("/v1/members/ann/follow", null);
        var followingOnly = await CastableAsync(); // Ann's asks for mutuals
        await ann.PostAsync("/v1/members/bob/follow", null);
        var mutual = await CastableAsync();
        await ActiveCameoAsync(bobMember);
        var withOwn = await CastableAsync();
        await ann.PatchAsJsonAsync($"/v1/videos/characters/{annCameo}", new { permission = "only_me" });

        Assert.Empty(none); // Carl's only_me cameo is never suggested, nor anyone's Bob doesn't follow
        Assert.Empty(followingOnly);
        Assert.Equal(["ann:ann"], mutual);
        Assert.Equal(["bob:bob", "ann:ann"], withOwn);
        Assert.Equal(["bob:bob"], await CastableAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await new HttpClient { BaseAddress = Http.BaseAddress }.GetAsync("/v1/videos/characters/castable")).StatusCode);
    }

    [Fact]
    public async Task A_cameo_owner_reviews_takes_down_and_by_deleting_the_cameo_removes_every_clip_that_casts_it()
    {
        var (annMember, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var (_, carl) = await MemberAsync("carl");
        var cameoId = await ActiveCameoAsync(annMember);
        await ann.PatchAsJsonAsync($"/v1/videos/characters/{cameoId}", new { permission = "approved", approved = new[] { "bob" }, review_required = true });

        var approved = await CreateAsync(bob, "@ann walks on a beach at noon");
        var waiting = await WaitForAsync(bob, approved, video => video.GetProperty("awaiting_review").GetArrayLength() == 1);
        // She watches the finished clip before she decides, and so may Bob; no one else, and nothing once it is decided.
        using var reviewed = await ann.GetAsync($"/v1/videos/{approved}/content?variant=review");
        Assert.True(reviewed.IsSuccessStatusCode, await reviewed.Content.ReadAsStringAsync());
        await File.WriteAllBytesAsync(Path.Combine(Data, "reviewed.mp4"), await reviewed.Content.ReadAsByteArrayAsync());
        var reviewedFrames = (await Media.MediaProbe.ProbeAsync(Path.Combine(Data, "reviewed.mp4"))).Video!.Frames;
        var bobWatches = (await bob.GetAsync($"/v1/videos/{approved}/content?variant=review")).StatusCode;
        var carlWatches = (await carl.GetAsync($"/v1/videos/{approved}/content?variant=review")).StatusCode;
        var notTheirs = await bob.PostAsJsonAsync($"/v1/videos/{approved}/review", new { decision = "approve" });
        var stranger = await carl.PostAsJsonAsync($"/v1/videos/{approved}/review", new { decision = "approve" });
        var bad = await ann.PostAsJsonAsync($"/v1/videos/{approved}/review", new { decision = "maybe" });
        await ann.PostAsJsonAsync($"/v1/videos/{approved}/review", new { decision = "approve" });
        var declined = await CreateAsync(bob, "@ann walks in a city at night");
        await WaitForAsync(bob, declined, video => video.GetProperty("awaiting_review").GetArrayLength() == 1);
        await ann.PostAsJsonAsync($"/v1/videos/{declined}/review", new { decision = "decline" });

        Assert.Equal((HttpStatusCode.OK, "video/mp4"), (reviewed.StatusCode, reviewed.Content.Headers.ContentType?.MediaType));
        Assert.Equal(96, reviewedFrames);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (bobWatches, carlWatches));
        var until = DateTimeOffset.FromUnixTimeSeconds(waiting.GetProperty("review_until").GetInt64());
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromHours(71), TimeSpan.FromHours(72));
        Assert.Equal("completed", (await FinishedAsync(bob, approved)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await ann.GetAsync($"/v1/videos/{approved}/content?variant=review")).StatusCode);
        Assert.Equal(CameoCodes.ReviewDeclined, (await FinishedAsync(bob, declined)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal((HttpStatusCode.Conflict, CameoCodes.ReviewNotPending), (notTheirs.StatusCode, await CodeAsync(notTheirs)));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var deadline = DateTime.UtcNow + Patience;
        while (await NotificationKindsAsync(ann) is var heard && !(heard.Contains("cameo_used bob") && heard.Contains("review_requested bob")))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Ann heard only of {string.Join(", ", heard)}");
            await Task.Delay(100);
        }

        // Ann takes the approved clip down: Bob and she are told it is gone and why; to anyone else it never was.
        var takedown = await ann.DeleteAsync($"/v1/videos/{approved}");
        var bobSees = await bob.GetAsync($"/v1/videos/{approved}");

        Assert.Equal(HttpStatusCode.OK, takedown.StatusCode);
        Assert.Equal((HttpStatusCode.Gone, CameoCodes.TakenDown), (bobSees.StatusCode, await CodeAsync(bobSees)));
        Assert.Equal(HttpStatusCode.Gone, (await ann.GetAsync($"/v1/videos/{approved}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carl.GetAsync($"/v1/videos/{approved}")).StatusCode);

        // Deleting the cameo takes down every clip that casts it, and leaves nothing of her likeness.
        await ann.PatchAsJsonAsync($"/v1/videos/characters/{cameoId}", new { review_required = false });
        var kept = await FinishedAsync(bob, await CreateAsync(bob, "@ann rides a horse in a field"));
        var unfinished = await CreateAsync(bob, "@ann sails a boat at sea");
        var deleted = await ann.DeleteAsync($"/v1/videos/characters/{cameoId}");
        await WaitForAsync(bob, kept.GetProperty("id").GetString()!, _ => false, gone: CameoCodes.Deleted);
        await WaitForAsync(bob, unfinished, _ => false, gone: CameoCodes.Deleted);
        await WaitUntilAsync(() => StoredFiles(cameoId).Count == 0 && VideoFiles(kept.GetProperty("id").GetString()!).Count == 0, "the likeness and the clips to go");

        Assert.Equal(("character.deleted", true), ((await ReadAsync(deleted)).GetProperty("object").GetString(), (await ReadAsync(deleted)).GetProperty("deleted").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"/v1/videos/characters/{cameoId}")).StatusCode);
        Assert.Empty(await App.Services.GetRequiredService<IVideoStore>().ListByCameoAsync(cameoId, 100));
        var erased = (await App.Services.GetRequiredService<ICameoStore>().GetAsync(cameoId))!;
        Assert.Equal((CameoStatus.Deleted, null, null, null), (erased.Status, erased.Reference, erased.Voice, erased.Face));
        Assert.Empty(VideoFiles(unfinished));
    }

    [Fact]
    public async Task A_character_is_made_without_a_challenge_when_no_face_is_in_its_video_and_is_cast_by_its_handle_within_its_terms()
    {
        var (_, ann) = await MemberAsync("ann");
        var (_, bob) = await MemberAsync("bob");
        var dog = Path.Combine(Data, "dog.mp4");
        var face = Path.Combine(Data, "face.mp4");
        await CameoRecordings.FilmAsync(dog, CameoRecordings.Dog);
        await CameoRecordings.FilmAsync(face, CameoRecordings.Julia.Path);

        var created = await CharacterAsync(ann, dog, "Chicky the Dog", "first try");
        var retried = await CharacterAsync(ann, dog, "Chicky the Dog", "first try");
        var id = (await ReadAsync(created)).GetProperty("id").GetString()!;
        var person = await SettledAsync(ann, (await ReadAsync(await CharacterAsync(ann, face, "Mona"))).GetProperty("id").GetString()!);
        var made = await SettledAsync(ann, id);
        var bobs = await SettledAsync(bob, (await ReadAsync(await CharacterAsync(bob, dog, "Chicky the Dog"))).GetProperty("id").GetString()!);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted, id), (created.StatusCode, retried.StatusCode, (await ReadAsync(retried)).GetProperty("id").GetString()));
        Assert.True(made.GetProperty("status").GetString() == "active", $"the character failed: {made.GetProperty("error")}");
        Assert.Equal(("character", "chicky_the_dog", JsonValueKind.Null), (made.GetProperty("kind").GetString(), made.GetProperty("handle").GetString(), made.GetProperty("voice").ValueKind));
        Assert.Equal(["picture.png", "recording"], StoredFiles(id));
        var picture = await File.ReadAllBytesAsync(Path.Combine(new DataFolder(Data).Clips, Cameo.FolderOf(id), "picture.png"));
        Assert.Equal((0x89, (byte)'P', 6), (picture[0], picture[1], picture[25])); // a PNG with an alpha channel: cut out
        Assert.Equal(("failed", CameoCodes.CharacterHasFace), (person.GetProperty("status").GetString(), person.GetProperty("error").GetProperty("code").GetString()));
        Assert.Contains("/v1/videos/characters/challenges", person.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(StoredFiles(person.GetProperty("id").GetString()!));
        Assert.Equal("chicky_the_dog_2", bobs.GetProperty("handle").GetString()); // the name's handle was taken
        Assert.Equal(["chicky_the_dog", "mona"], (await ReadAsync(await ann.GetAsync("/v1/videos/characters"))).GetProperty("data").EnumerateArray()
            .Select(c => c.GetProperty("handle").GetString()).Order());

        // Cast by its handle: by its owner; by others once its terms permit them, who then share the clip with her.
        var own = await FinishedAsync(ann, await CreateAsync(ann, "@chicky_the_dog runs across a park and says \"Woof!\""));
        var refused = await FinishedAsync(bob, await CreateAsync(bob, "@chicky_the_dog plays in the snow"));
        await ann.PatchAsJsonAsync($"/v1/videos/characters/{id}", new { permission = "everyone" });
        var cast = await FinishedAsync(bob, await CreateAsync(bob, "@chicky_the_dog plays in the snow"));
        var castable = (await ReadAsync(await bob.GetAsync("/v1/videos/characters/castable"))).GetProperty("data").EnumerateArray()
            .Select(c => $"{c.GetProperty("username").GetString()}:{c.GetProperty("kind").GetString()}");

        Assert.Equal(("completed", "chicky_the_dog"), (own.GetProperty("status").GetString(), own.GetProperty("cameos")[0].GetProperty("username").GetString()));
        Assert.Equal("SAFETY.INPUT.LIKENESS.NO_CONSENT", refused.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal([(id, "chicky_the_dog")], cast.GetProperty("cameos").EnumerateArray().Select(c => (c.GetProperty("id").GetString(), c.GetProperty("username").GetString())));
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync($"/v1/videos/{cast.GetProperty("id").GetString()}")).StatusCode);
        Assert.Contains("chicky_the_dog_2:character", castable); // Bob's own; Ann's is cast by its exact handle, as he does not follow her
    }

    private static async Task<HttpResponseMessage> CharacterAsync(HttpClient client, string video, string name, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/videos/characters")
        {
            Content = new MultipartFormDataContent
            {
                { new ByteArrayContent(await File.ReadAllBytesAsync(video)), "video", Path.GetFileName(video) },
                { new StringContent(name), "name" },
            },
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }

    private async Task<string> RecordAsync(string name, Photo photo, JsonElement challenge)
    {
        var path = Path.Combine(Data, name);
        var turn = challenge.GetProperty("turn").GetString() == "left" ? HeadTurn.Left : HeadTurn.Right;
        await CameoRecordings.MakeAsync(path, photo, challenge.GetProperty("digits").GetString()!, turn);
        return path;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string recording, string challengeId, string name)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(recording)), "video", Path.GetFileName(recording) },
            { new StringContent(challengeId), "challenge_id" },
            { new StringContent(name), "name" },
        };
        return await client.PostAsync("/v1/videos/characters", form);
    }

    /// <summary>The cameo once its verification has ended.</summary>
    private static async Task<JsonElement> SettledAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var cameo = await ReadAsync(await client.GetAsync($"/v1/videos/characters/{id}"));
            if (cameo.GetProperty("status").GetString() != "verifying")
            {
                return cameo;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{id} was still verifying after {Patience}");
            await Task.Delay(300);
        }
    }

    private static async Task<List<string>> NotificationKindsAsync(HttpClient client) =>
        [.. (await ReadAsync(await client.GetAsync("/v1/notifications"))).GetProperty("data").EnumerateArray()
            .Select(n => $"{n.GetProperty("kind").GetString()} {n.GetProperty("actor").GetString()}")];

    private static async Task<string?> CodeAsync(HttpResponseMessage response) => (await ReadAsync(response)).GetProperty("code").GetString();

    private List<string> StoredFiles(string cameoId) => FilesUnder(Cameo.FolderOf(cameoId));

    private List<string> VideoFiles(string videoId) => FilesUnder($"videos/{videoId}");

    private List<string> FilesUnder(string folder)
    {
        var path = Path.Combine(new DataFolder(Data).Clips, folder);
        return Directory.Exists(path) ? [.. Directory.GetFiles(path).Select(file => Path.GetFileName(file)).Order()] : [];
    }

    private void ExpireChallenge(string id)
    {
        using var connection = new SqliteConnection($"Data Source={new DataFolder(Data).MetadataDatabase}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE cameo_challenges SET expires_at = 0 WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
