using System.Security.Cryptography;
using System.Text.Json.Serialization;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Cameos;

/// <summary>Who may put a cameo in their videos, besides its owner.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CameoPermission>))]
public enum CameoPermission
{
    [JsonStringEnumMemberName("only_me")]
    OnlyMe,

    /// <summary>The members on the cameo's approved list.</summary>
    [JsonStringEnumMemberName("approved")]
    Approved,

    /// <summary>Members who follow the owner and whom the owner follows, and the approved list.</summary>
    [JsonStringEnumMemberName("mutuals")]
    Mutuals,

    [JsonStringEnumMemberName("everyone")]
    Everyone,
}

/// <summary>
/// What a cameo shows: a person's likeness, verified by a liveness challenge and cast by its owner's <c>@username</c>;
/// or a character that is no person (a pet, a mascot, an object), made from a video with no face in it and cast by its
/// own <c>@handle</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CameoKind>))]
public enum CameoKind
{
    [JsonStringEnumMemberName("person")]
    Person,
    [JsonStringEnumMemberName("character")]
    Character,
}

[JsonConverter(typeof(JsonStringEnumConverter<CameoStatus>))]
public enum CameoStatus
{
    [JsonStringEnumMemberName("verifying")]
    Verifying,
    [JsonStringEnumMemberName("active")]
    Active,
    [JsonStringEnumMemberName("failed")]
    Failed,
    [JsonStringEnumMemberName("deleted")]
    Deleted,
}

/// <summary>
/// What a member is asked to do in their recording: read <see cref="Digits"/> aloud and turn their head the
/// <see cref="Turn"/> way. Valid until <see cref="ExpiresAt"/>, for one recording (<see cref="UsedBy"/> names its cameo).
/// </summary>
public sealed record CameoChallenge(string Id, string OwnerId, string Digits, HeadTurn Turn, DateTimeOffset ExpiresAt, string? UsedBy = null)
{
    public const int DigitCount = 6;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>A new challenge; the digits and the direction come from a cryptographic source, so none can be guessed ahead.</summary>
    public static CameoChallenge Issue(string ownerId, DateTimeOffset at) => new(
        $"challenge_{Guid.NewGuid():N}",
        ownerId,
        string.Concat(Enumerable.Range(0, DigitCount).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10)))),
        RandomNumberGenerator.GetInt32(2) == 0 ? HeadTurn.Left : HeadTurn.Right,
        at + Lifetime);
}

/// <summary>
/// A member's recorded likeness, or a character of theirs that is no person (see <see cref="CameoKind"/>), and the terms
/// on which it appears in others' videos.
/// </summary>
public sealed class Cameo
{
    /// <summary>The most members on an approved list.</summary>
    public const int MaxApproved = 200;

    /// <summary>The most characters a member keeps (verifying or active) besides their own cameo.</summary>
    public const int MaxCharacters = 20;

    public const int MaxPreferencesLength = 300;

    public const int MaxNameLength = 50;

    [JsonConstructor]
    private Cameo(string id, string ownerId, string name, string? challengeId, string? digits, HeadTurn? turn, DateTimeOffset createdAt)
    {
        Id = id;
        OwnerId = ownerId;
        Name = name;
        ChallengeId = challengeId;
        Digits = digits;
        Turn = turn;
        CreatedAt = createdAt;
    }

    public string Id { get; }

    public string OwnerId { get; }

    public string Name { get; }

    /// <summary>The challenge a person's recording answers, and what it asked (null for a character).</summary>
    public string? ChallengeId { get; }

    public string? Digits { get; }

    public HeadTurn? Turn { get; }

    [JsonInclude]
    public CameoKind Kind { get; private set; } = CameoKind.Person;

    /// <summary>A character's <c>@handle</c> (lower case), unique among usernames and handles; null for a person, cast by their username.</summary>
    [JsonInclude]
    public string? Handle { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    [JsonInclude]
    public CameoStatus Status { get; private set; } = CameoStatus.Verifying;

    /// <summary>Why verification refused the recording.</summary>
    [JsonInclude]
    public VideoError? Error { get; private set; }

    [JsonInclude]
    public DateTimeOffset? VerifiedAt { get; private set; }

    [JsonInclude]
    public CameoPermission Permission { get; private set; } = CameoPermission.OnlyMe;

    /// <summary>The member ids the owner approved.</summary>
    [JsonInclude]
    public IReadOnlyList<string> Approved { get; private set; } = [];

    /// <summary>The owner's terms in their own words ("always wearing a red scarf", "never in horror").</summary>
    [JsonInclude]
    public string Preferences { get; private set; } = "";

    /// <summary>Whether each video with this cameo waits for the owner's approval before it is published.</summary>
    [JsonInclude]
    public bool ReviewRequired { get; private set; }

    /// <summary>What the generator draws, in the clip store once verified: a person's reference face (a JPEG), a character's cut-out picture (a PNG).</summary>
    [JsonInclude]
    public string? Reference { get; private set; }

    [JsonInclude]
    public VoiceProfile? Voice { get; private set; }

    [JsonInclude]
    public FaceDescriptor? Face { get; private set; }

    [JsonInclude]
    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>The store's concurrency token (see <see cref="Video.Version"/>).</summary>
    [JsonIgnore]
    public string? Version { get; set; }

    public bool IsActive => Status == CameoStatus.Active;

    /// <summary>Where the cameo's files (recording, reference face) are kept in the clip store.</summary>
    public static string FolderOf(string cameoId) => $"cameos/{cameoId}";

    public static string RecordingOf(string cameoId) => $"{FolderOf(cameoId)}/recording";

    public static string NewId() => $"cameo_{Guid.NewGuid():N}";

    /// <summary>A recording received for <paramref name="challenge"/>, to be verified.</summary>
    public static Cameo Record(string id, CameoChallenge challenge, string? name, DateTimeOffset at) =>
        new(id, challenge.OwnerId, NameOf(name), challenge.Id, challenge.Digits, challenge.Turn, at);

    /// <summary>A character's video received, to be checked (no face in it) and pictured; cast as <c>@<paramref name="handle"/></c>.</summary>
    public static Cameo Character(string id, string ownerId, string name, string handle, DateTimeOffset at)
    {
        var text = NameOf(name);
        if (text.Length == 0)
        {
            throw Rejected(CameoCodes.NameInvalid, "A character needs a name.");
        }

        return new Cameo(id, ownerId, text, null, null, null, at) { Kind = CameoKind.Character, Handle = CameoHandles.Validate(handle) };
    }

    private static string NameOf(string? name)
    {
        var text = (name ?? "").Trim();
        return text.Length > MaxNameLength || !Safety.WrittenText.IsVisibleLine(text)
            ? throw Rejected(CameoCodes.NameInvalid, $"A cameo's name has at most {MaxNameLength} visible characters.")
            : text;
    }

    /// <summary>Verified: a person with their reference face, voice and face descriptor; a character with its picture alone.</summary>
    public void MarkVerified(string reference, VoiceProfile? voice, FaceDescriptor? face, DateTimeOffset at)
    {
        EnsureVerifying();
        if (Kind == CameoKind.Person && (voice is null || face is null))
        {
            throw new InvalidOperationException($"Cameo {Id} is a person's: it needs a voice and a face.");
        }

        (Status, Reference, Voice, Face, VerifiedAt) = (CameoStatus.Active, reference, voice, face, at);
    }

    /// <summary>Verification refused the recording: the cameo was never verified (no <see cref="VerifiedAt"/>).</summary>
    public void MarkFailed(VideoError error)
    {
        EnsureVerifying();
        (Status, Error) = (CameoStatus.Failed, error);
    }

    /// <summary>Sets who may use it; a minor's cameo is never for everyone (<paramref name="ownerAge"/> on that day).</summary>
    public void SetPermission(CameoPermission permission, int? ownerAge)
    {
        if (permission == CameoPermission.Everyone && ownerAge < Member.AdultAge)
        {
            throw Rejected(CameoCodes.PermissionForMinor, "A cameo of someone under 18 cannot be open to everyone; choose mutuals or people you approve.");
        }

        Permission = permission;
    }

    public void SetApproved(IEnumerable<string> memberIds)
    {
        var approved = memberIds.Distinct(StringComparer.Ordinal).ToList();
        if (approved.Count > MaxApproved)
        {
            throw Rejected(CameoCodes.TooManyApproved, $"At most {MaxApproved} members can be approved.");
        }

        Approved = approved;
    }

    public void SetPreferences(string preferences)
    {
        var text = preferences.Trim();
        if (text.Length > MaxPreferencesLength || !Safety.WrittenText.IsVisible(text))
        {
            throw Rejected(CameoCodes.PreferencesInvalid, $"Preferences have at most {MaxPreferencesLength} visible characters.");
        }

        Preferences = text;
    }

    public void RequireReview(bool required) => ReviewRequired = required;

    /// <summary>
    /// Deletes the cameo: the face, the voice and the terms are erased from the record at once (the files follow on the
    /// <see cref="EventTypes.CameoDeleted"/> event). False when it was deleted already.
    /// </summary>
    public bool Delete(DateTimeOffset at)
    {
        if (Status == CameoStatus.Deleted)
        {
            return false;
        }

        (Status, DeletedAt, Reference, Voice, Face, Preferences, Approved) = (CameoStatus.Deleted, at, null, null, null, "", []);
        return true;
    }

    private void EnsureVerifying()
    {
        if (Status != CameoStatus.Verifying)
        {
            throw new InvalidOperationException($"Cameo {Id} is already {Status}.");
        }
    }

    private static RequestRejectedException Rejected(string code, string message) => new(new VideoError(code, message));
}

/// <summary>A cameo cast in a video: its id, its owner, who co-owns the video, and the <c>@</c> name that cast it (the owner's username, or a character's handle).</summary>
public sealed record CameoCast(string CameoId, string OwnerId, string Username);

/// <summary>Who may put a cameo in their video: the one rule the pipeline, the API and the CLI ask.</summary>
public static class CameoConsent
{
    /// <summary>
    /// Whether <paramref name="user"/> may use <paramref name="cameo"/> on <paramref name="at"/>: its owner always; no one
    /// while it is not active or its owner's account is not; no one hidden from the owner by a block; then its permission
    /// (the approved list counts for every level but "only me"). A minor's cameo set to everyone before they could
    /// choose is taken as mutuals.
    /// </summary>
    public static bool Permits(Cameo cameo, Member owner, Member user, Relationship ownerToUser, DateTimeOffset at)
    {
        if (!cameo.IsActive || !owner.IsActive || cameo.OwnerId != owner.Id)
        {
            return false;
        }

        if (user.Id == owner.Id)
        {
            return true;
        }

        if (ownerToUser.Hidden || cameo.Permission == CameoPermission.OnlyMe || !user.IsActive)
        {
            return false;
        }

        if (cameo.Approved.Contains(user.Id))
        {
            return true;
        }

        return cameo.Permission switch
        {
            CameoPermission.Everyone when owner.AgeOn(at) is not < Member.AdultAge => true,
            CameoPermission.Everyone or CameoPermission.Mutuals => ownerToUser.Mutual,
            _ => false,
        };
    }
}

/// <summary>A cameo owner's decision on a video waiting for their review.</summary>
public sealed record CameoReview(string OwnerId, bool Approved);

/// <summary>What the cameo events carry.</summary>
public sealed record CameoEventData(string CameoId, string OwnerId, string? VideoId = null);

public static class CameoEvents
{
    public static CloudEvent Verified(Cameo cameo, DateTimeOffset at) => Create(EventTypes.CameoVerified, cameo.Id, cameo.OwnerId, null, at);

    public static CloudEvent Deleted(Cameo cameo, DateTimeOffset at) => Create(EventTypes.CameoDeleted, cameo.Id, cameo.OwnerId, null, at);

    /// <summary>A video was asked for with the cameo in it (its owner hears of each use, published or not).</summary>
    public static CloudEvent Used(CameoCast cast, string videoId, DateTimeOffset at) => Create(EventTypes.CameoUsed, cast.CameoId, cast.OwnerId, videoId, at);

    /// <summary>A finished video waits for the cameo owner's review.</summary>
    public static CloudEvent ReviewRequested(CameoCast cast, string videoId, DateTimeOffset at) =>
        Create(EventTypes.CameoReviewRequested, cast.CameoId, cast.OwnerId, videoId, at);

    private static CloudEvent Create(string type, string cameoId, string ownerId, string? videoId, DateTimeOffset at) =>
        CloudEvents.Create(type, $"cameos/{cameoId}", new CameoEventData(cameoId, ownerId, videoId), at);
}
