using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Tests.Shared;

/// <summary>
/// What every cameo store promises (SQLite and Cosmos DB run the same tests): a challenge answers one recording, a
/// cameo is created once with its events, reads back whole, saves only over the version read, and lists as it stands.
/// </summary>
public abstract class CameoStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An empty store, the outbox its changes fill, and the member store beside it (usernames and handles are one namespace).</summary>
    protected abstract Task<(ICameoStore Cameos, IOutbox Outbox, IMemberStore Members)> OpenAsync();

    [Fact]
    public async Task A_challenge_is_claimed_by_one_recording_of_its_owner_and_claiming_again_for_it_is_harmless()
    {
        var (cameos, _, _) = await OpenAsync();
        var challenge = CameoChallenge.Issue("member_ann", Start);
        await cameos.AddChallengeAsync(challenge);

        var first = await cameos.ClaimChallengeAsync(challenge.Id, "member_ann", "cameo_first");
        var retried = await cameos.ClaimChallengeAsync(challenge.Id, "member_ann", "cameo_first");
        var second = await cameos.ClaimChallengeAsync(challenge.Id, "member_ann", "cameo_second");
        var stranger = await cameos.ClaimChallengeAsync(challenge.Id, "member_bob", "cameo_bob");
        var unknown = await cameos.ClaimChallengeAsync("challenge_missing", "member_ann", "cameo_first");

        Assert.Equal(challenge with { UsedBy = "cameo_first" }, first);
        Assert.Equal(("cameo_first", "cameo_first"), (retried?.UsedBy, second?.UsedBy));
        Assert.Null(stranger);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task A_cameo_is_created_once_with_its_events_and_reads_back_whole()
    {
        var (cameos, outbox, _) = await OpenAsync();
        var cameo = Record("cameo_ann", "member_ann", Start);
        cameo.MarkVerified("cameos/cameo_ann/face.jpg", new VoiceProfile(182.5, 140), Face(1), Start.AddSeconds(5));
        cameo.SetPermission(CameoPermission.Mutuals, 30);
        cameo.SetApproved(["member_bob", "member_cid"]);
        cameo.SetPreferences("Always wearing a red scarf. Never in horror.");
        cameo.RequireReview(true);
        var verified = CameoEvents.Verified(cameo, Start);

        Assert.Equal(CameoCreation.Created, await cameos.TryCreateAsync(cameo, [verified]));
        Assert.Equal(CameoCreation.Exists, await cameos.TryCreateAsync(Record("cameo_ann", "member_ann", Start), [CameoEvents.Verified(cameo, Start)]));
        var read = (await cameos.GetAsync("cameo_ann"))!;

        Assert.Equal(
            (CameoStatus.Active, CameoPermission.Mutuals, "Always wearing a red scarf. Never in horror.", true, "cameos/cameo_ann/face.jpg", new VoiceProfile(182.5, 140)),
            (read.Status, read.Permission, read.Preferences, read.ReviewRequired, read.Reference, read.Voice));
        Assert.Equal(["member_bob", "member_cid"], read.Approved);
        Assert.Equal(Face(1).Histogram, read.Face!.Histogram);
        Assert.Equal((cameo.Digits, cameo.Turn, cameo.ChallengeId, Start), (read.Digits, read.Turn, read.ChallengeId, read.CreatedAt));
        Assert.NotNull(read.Version);
        Assert.Null(await cameos.GetAsync("cameo_missing"));
        Assert.Equal([verified.Id], (await outbox.PendingAsync(10)).Where(p => p.Event.Type == EventTypes.CameoVerified).Select(p => p.Event.Id));
    }

    [Fact]
    public async Task A_save_over_a_stale_version_is_refused_and_queues_nothing()
    {
        var (cameos, outbox, _) = await OpenAsync();
        await cameos.TryCreateAsync(Record("cameo_ann", "member_ann", Start), []);
        var first = (await cameos.GetAsync("cameo_ann"))!;
        var second = (await cameos.GetAsync("cameo_ann"))!;

        first.SetPermission(CameoPermission.Everyone, 30);
        await cameos.SaveAsync(first, []);
        second.Delete(Start);

        await Assert.ThrowsAsync<VersionConflictException>(() => cameos.SaveAsync(second, [CameoEvents.Deleted(second, Start)]));
        Assert.Equal((CameoPermission.Everyone, CameoStatus.Verifying), ((await cameos.GetAsync("cameo_ann"))!.Permission, (await cameos.GetAsync("cameo_ann"))!.Status));
        Assert.DoesNotContain(await outbox.PendingAsync(10), p => p.Event.Type == EventTypes.CameoDeleted);
    }

    [Fact]
    public async Task An_owner_s_list_runs_newest_first_without_deleted_ones_those_verifying_are_found_and_only_active_faces_are_compared()
    {
        var (cameos, _, _) = await OpenAsync();
        var failed = Record("cameo_1", "member_ann", Start);
        failed.MarkFailed(new(CameoCodes.NoFace, "No face."));
        var deleted = Record("cameo_2", "member_ann", Start.AddMinutes(1));
        deleted.MarkVerified("cameos/cameo_2/face.jpg", new VoiceProfile(100, 120), Face(2), Start);
        deleted.Delete(Start.AddMinutes(2));
        var active = Record("cameo_3", "member_ann", Start.AddMinutes(3));
        active.MarkVerified("cameos/cameo_3/face.jpg", new VoiceProfile(100, 120), Face(3), Start);
        var theirs = Record("cameo_4", "member_bob", Start.AddMinutes(4));
        theirs.MarkVerified("cameos/cameo_4/face.jpg", new VoiceProfile(100, 120), Face(4), Start);
        foreach (var cameo in new[] { failed, deleted, active, theirs, Record("cameo_5", "member_bob", Start.AddMinutes(5)) })
        {
            await cameos.TryCreateAsync(cameo, []);
        }

        Assert.Equal(["cameo_3", "cameo_1"], (await cameos.ListByOwnerAsync("member_ann")).Select(c => c.Id));
        Assert.Equal(["cameo_5"], (await cameos.ListVerifyingAsync()).Select(c => c.Id));
        Assert.Equal(
            [("cameo_3", "member_ann", 3f), ("cameo_4", "member_bob", 4f)],
            (await cameos.ListFacesAsync()).Select(f => (f.CameoId, f.OwnerId, f.Face.Histogram[0])).OrderBy(f => f.CameoId));
    }

    [Fact]
    public async Task Usernames_and_character_handles_are_one_namespace_and_a_handle_is_free_again_once_its_character_fails_or_is_deleted()
    {
        var (cameos, _, members) = await OpenAsync();
        Assert.Equal(JoinOutcome.Joined, await members.TryJoinAsync(Joiner("ann"), null, [], []));
        Assert.Equal(CameoCreation.Created, await cameos.TryCreateAsync(Character("cameo_mossy", "mossy"), []));

        var retried = await cameos.TryCreateAsync(Character("cameo_mossy", "mossy"), []);
        var sameHandle = await cameos.TryCreateAsync(Character("cameo_other", "mossy"), []);
        var aUsername = await cameos.TryCreateAsync(Character("cameo_ann", "ann"), []);
        var memberNamedSo = await members.TryJoinAsync(Joiner("mossy"), null, [], []);

        Assert.Equal((CameoCreation.Exists, CameoCreation.HandleTaken, CameoCreation.HandleTaken, JoinOutcome.UsernameTaken), (retried, sameHandle, aUsername, memberNamedSo));
        Assert.Null(await members.FindByUsernameAsync("mossy"));
        Assert.Equal(("cameo_mossy", CameoKind.Character, "mossy"), ((await cameos.FindByHandleAsync("Mossy"))?.Id, (await cameos.FindByHandleAsync("mossy"))?.Kind, (await cameos.GetAsync("cameo_mossy"))?.Handle));
        Assert.Null(await cameos.FindByHandleAsync("ann"));

        var failed = (await cameos.GetAsync("cameo_mossy"))!;
        failed.MarkFailed(new VideoError(CameoCodes.CharacterHasFace, "A face."));
        await cameos.SaveAsync(failed, []);
        Assert.Null(await cameos.FindByHandleAsync("mossy"));
        var again = Character("cameo_again", "mossy");
        Assert.Equal(CameoCreation.Created, await cameos.TryCreateAsync(again, []));
        again.MarkVerified("cameos/cameo_again/picture.png", null, null, Start);
        await cameos.SaveAsync(again, []);
        Assert.Equal("cameo_again", (await cameos.FindByHandleAsync("mossy"))?.Id);
        again.Delete(Start.AddMinutes(1));
        await cameos.SaveAsync(again, []);

        Assert.Null(await cameos.FindByHandleAsync("mossy"));
        Assert.Equal(JoinOutcome.Joined, await members.TryJoinAsync(Joiner("mossy"), null, [], []));
        Assert.Equal("mossy", (await members.FindByUsernameAsync("mossy"))?.Username);
        Assert.Equal(CameoCreation.HandleTaken, await cameos.TryCreateAsync(Character("cameo_late", "mossy"), []));
    }

    private static Cameo Character(string id, string handle) => Cameo.Character(id, "member_owner", "Mossy", handle, Start);

    private static Member Joiner(string username) => Member.Join(Member.NewId(), username, new DateOnly(2000, 5, 17), MemberRole.Member, null, Start);

    private static Cameo Record(string id, string ownerId, DateTimeOffset at) =>
        Cameo.Record(id, CameoChallenge.Issue(ownerId, at), "me", at);

    private static FaceDescriptor Face(float first) => new([first, 0.25f, 0.5f, 0.125f]);
}
