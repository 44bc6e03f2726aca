using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Tests;

public sealed class CameoConsentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>How the user stands to the cameo's owner, seen from the owner (following: the owner follows the user).</summary>
    public static readonly Dictionary<string, Relationship> Relations = new()
    {
        ["stranger"] = Relationship.None,
        ["follower"] = new(Following: false, FollowedBy: true, Blocking: false, BlockedBy: false, Muting: false),
        ["followed"] = new(Following: true, FollowedBy: false, Blocking: false, BlockedBy: false, Muting: false),
        ["mutual"] = new(Following: true, FollowedBy: true, Blocking: false, BlockedBy: false, Muting: false),
        ["muted mutual"] = new(Following: true, FollowedBy: true, Blocking: false, BlockedBy: false, Muting: true),
        ["approved"] = Relationship.None,
        ["blocked"] = new(Following: false, FollowedBy: false, Blocking: true, BlockedBy: false, Muting: false),
        ["blocked approved"] = new(Following: false, FollowedBy: false, Blocking: false, BlockedBy: true, Muting: false),
    };

    /// <summary>Each relation × each permission: only me, approved, mutuals, everyone.</summary>
    public static TheoryData<string, bool, bool, bool, bool> Matrix => new()
    {
        { "self", true, true, true, true },
        { "stranger", false, false, false, true },
        { "follower", false, false, false, true },
        { "followed", false, false, false, true },
        { "mutual", false, false, true, true },
        { "muted mutual", false, false, true, true },
        { "approved", false, true, true, true },
        { "blocked", false, false, false, false },
        { "blocked approved", false, false, false, false },
        { "minor user", false, false, false, true },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_permission_admits_exactly_the_relations_it_names(string relation, bool onlyMe, bool approved, bool mutuals, bool everyone)
    {
        var owner = Adult("owner");
        var user = relation switch
        {
            "self" => owner,
            "minor user" => Join("minor", Now.AddYears(-15)),
            _ => Adult("user"),
        };
        var relationship = Relations.GetValueOrDefault(relation, Relationship.None);

        bool Permits(CameoPermission permission)
        {
            var cameo = Active(owner);
            cameo.SetPermission(permission, owner.AgeOn(Now));
            cameo.SetApproved(relation.Contains("approved", StringComparison.Ordinal) ? [user.Id] : []);
            return CameoConsent.Permits(cameo, owner, user, relationship, Now);
        }

        Assert.Equal(
            (onlyMe, approved, mutuals, everyone),
            (Permits(CameoPermission.OnlyMe), Permits(CameoPermission.Approved), Permits(CameoPermission.Mutuals), Permits(CameoPermission.Everyone)));
    }

    [Fact]
    public void A_minor_s_cameo_is_never_for_everyone_and_one_set_before_their_birthday_counts_as_mutuals()
    {
        var minor = Join("teen", Now.AddYears(-16));
        var cameo = Active(minor);

        var refused = Assert.Throws<RequestRejectedException>(() => cameo.SetPermission(CameoPermission.Everyone, minor.AgeOn(Now)));
        cameo.SetPermission(CameoPermission.Everyone, 18); // as it could have been set by an account with another birthdate
        var stranger = CameoConsent.Permits(cameo, minor, Adult("user"), Relationship.None, Now);
        var mutual = CameoConsent.Permits(cameo, minor, Adult("user"), Relations["mutual"], Now);

        Assert.Equal(CameoCodes.PermissionForMinor, refused.Error.Code);
        Assert.Equal((false, true), (stranger, mutual));
    }

    [Fact]
    public void No_one_else_may_use_a_cameo_that_is_not_active_or_whose_owner_is_suspended_and_its_owner_always_may()
    {
        var owner = Adult("owner");
        var verifying = Cameo.Record("cameo_v", CameoChallenge.Issue(owner.Id, Now), "me", Now);
        var deleted = Active(owner);
        deleted.SetPermission(CameoPermission.Everyone, 30);
        deleted.Delete(Now);
        var open = Active(owner);
        open.SetPermission(CameoPermission.Everyone, 30);
        var suspended = Adult("owner");
        suspended.Suspend();

        Assert.False(CameoConsent.Permits(verifying, owner, owner, Relationship.None, Now));
        Assert.False(CameoConsent.Permits(deleted, owner, Adult("user"), Relationship.None, Now));
        Assert.False(CameoConsent.Permits(open, suspended, Adult("user"), Relationship.None, Now));
        Assert.True(CameoConsent.Permits(open, owner, Adult("user"), Relationship.None, Now));
        Assert.True(CameoConsent.Permits(Active(owner), owner, owner, Relationship.None, Now));
    }

    [Fact]
    public void Deleting_a_cameo_erases_its_likeness_and_terms_at_once()
    {
        var cameo = Active(Adult("owner"));
        cameo.SetApproved(["member_bob"]);
        cameo.SetPreferences("never in horror");

        Assert.True(cameo.Delete(Now));
        Assert.False(cameo.Delete(Now));
        Assert.Equal((CameoStatus.Deleted, null, null, null, "", 0), (cameo.Status, cameo.Reference, cameo.Voice, cameo.Face, cameo.Preferences, cameo.Approved.Count));
    }

    [Fact]
    public void Preferences_refuse_what_they_rule_out_and_direct_the_rest()
    {
        const string preferences = "Always wearing a red scarf. Never in horror; no violence, don't show me smoking\nsmiling";

        Assert.Equal(["horror", "violence", "smoking"], CameoPreferences.Refusals(preferences).Select(p => p.Term));
        Assert.Equal(["wearing a red scarf", "smiling"], CameoPreferences.Directions(preferences));
        Assert.Equal(CameoCodes.PreferenceConflict, CameoPreferences.Conflict("A HORROR film starring @ann in a dark cellar", "ann", preferences)?.Code);
        Assert.Null(CameoPreferences.Conflict("@ann walks a dog on a sunny beach", "ann", preferences));
        Assert.Null(CameoPreferences.Conflict("@ann tells horrorscope jokes", "ann", "never in horror")); // whole words only
        Assert.Empty(CameoPreferences.Refusals("never"));
    }

    [Fact]
    public void A_review_is_recorded_once_per_awaited_owner()
    {
        CameoCast ann = new("cameo_ann", "member_ann", "ann"), bob = new("cameo_bob", "member_bob", "bob");
        var video = Video.Queue("video_1", "member_owner", new VideoSpec("@ann and @bob", "sora-2", 4, 720, 1280, 1), Now, [ann, bob]);
        video.RequestReview(["member_ann", "member_bob"], "videos/v/edited.mp4", DateTimeOffset.UnixEpoch.AddDays(3));

        var first = video.Review("member_ann", true);
        var again = video.Review("member_ann", false);
        var stranger = video.Review("member_zed", true);

        Assert.Equal((true, false, false), (first, again, stranger));
        Assert.Equal(["member_bob"], video.AwaitingReview);
        Assert.Equal([new CameoReview("member_ann", true)], video.Reviews);
        Assert.True(video.IsCoOwnedBy("member_bob") && video.IsCoOwnedBy("member_owner") && !video.IsCoOwnedBy("member_zed"));
    }

    private static Member Adult(string name) => Join(name, Now.AddYears(-30));

    private static Member Join(string name, DateTimeOffset born) =>
        Member.Join($"member_{name}", name, DateOnly.FromDateTime(born.UtcDateTime), MemberRole.Member, null, Now);

    private static Cameo Active(Member owner)
    {
        var cameo = Cameo.Record($"cameo_{owner.Username}", CameoChallenge.Issue(owner.Id, Now), "me", Now);
        cameo.MarkVerified("face.jpg", new VoiceProfile(120, 150), new FaceDescriptor([1]), Now);
        return cameo;
    }
}
