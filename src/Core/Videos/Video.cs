using System.Text.Json.Serialization;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Core.Videos;

[JsonConverter(typeof(JsonStringEnumConverter<VideoStatus>))]
public enum VideoStatus
{
    Queued,
    InProgress,
    Completed,
    Failed,
}

/// <summary>
/// Where a remix comes from: the video it remixes and its author (credited as "Remix of @author"), the original at the
/// root of the chain, and how many remixes down it is (1 for a remix of an original).
/// </summary>
public sealed record RemixLineage(string ParentId, string AuthorId, string AuthorUsername, string RootId, int Depth)
{
    public static RemixLineage Of(Video parent, string authorUsername) =>
        new(parent.Id, parent.OwnerId, authorUsername, parent.RemixOf?.RootId ?? parent.Id, (parent.RemixOf?.Depth ?? 0) + 1);
}

/// <summary>Where a published video's files live in the clip store; <see cref="Captions"/> (WebVTT) when its words were heard.</summary>
public sealed record VideoAssets(string Master, string Poster, string Preview, string Spritesheet, string Manifest, string? Captions = null);

/// <summary>
/// A requested clip and what became of it. State changes go through methods that enforce the lifecycle:
/// queued → completed or failed, once.
/// </summary>
public sealed class Video
{
    [JsonConstructor]
    private Video(
        string id, string? ownerId, VideoSpec spec, VideoStatus status, DateTimeOffset createdAt, IReadOnlyList<CameoCast>? cameos, RemixLineage? remixOf,
        string? ownerUsername)
    {
        Id = id;
        OwnerId = ownerId ?? Members.Member.LocalId; // a record from before there were members: the machine's own
        OwnerUsername = ownerUsername;
        Spec = spec;
        Status = status;
        CreatedAt = createdAt;
        Cameos = cameos ?? [];
        RemixOf = remixOf;
    }

    public string Id { get; }

    /// <summary>The member who asked for it.</summary>
    public string OwnerId { get; }

    /// <summary>Their username (usernames never change), shown as the video's author; null on records from before it was kept.</summary>
    public string? OwnerUsername { get; }

    public VideoSpec Spec { get; }

    /// <summary>The cameos cast in it, as consented when it was asked for; their owners co-own the video.</summary>
    public IReadOnlyList<CameoCast> Cameos { get; }

    /// <summary>The cameo owners whose review the finished clip waits for, and the decisions given.</summary>
    [JsonInclude]
    public IReadOnlyList<string> AwaitingReview { get; private set; } = [];

    [JsonInclude]
    public IReadOnlyList<CameoReview> Reviews { get; private set; } = [];

    /// <summary>The finished clip (a clip store name) the cameo owners watch before they decide, while they are asked to.</summary>
    [JsonInclude]
    public string? ReviewClip { get; private set; }

    /// <summary>Until when the cameo owners may decide: after it the clip is not made.</summary>
    [JsonInclude]
    public DateTimeOffset? ReviewUntil { get; private set; }

    /// <summary>The video it remixes, if it is a remix.</summary>
    public RemixLineage? RemixOf { get; }

    /// <summary>Whether the video it remixes was taken down since: it is labelled so, and no longer credits it.</summary>
    [JsonInclude]
    public bool RemixedVideoRemoved { get; private set; }

    [JsonInclude]
    public VideoStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    [JsonInclude]
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>
    /// The published clip's length as measured: what edits made of the source (a trim, a speed ramp, a loop), where the
    /// spec only says what was asked for. Null before publishing, and for clips published before it was measured.
    /// </summary>
    [JsonInclude]
    public double? PublishedSeconds { get; private set; }

    [JsonInclude]
    public VideoError? Error { get; private set; }

    [JsonInclude]
    public VideoAssets? Assets { get; private set; }

    /// <summary>When it was taken down (by its owner, a deleted account, later a co-owner or a moderator), and why.</summary>
    [JsonInclude]
    public DateTimeOffset? RemovedAt { get; private set; }

    [JsonInclude]
    public string? Removal { get; private set; }

    /// <summary>
    /// Why a takedown (by a cameo owner, a deleted cameo, later a moderator) removed it, as a stable code its co-owners
    /// keep being answered with (410); null for the owner's own deletion and a deleted account, after which it is gone (404).
    /// </summary>
    [JsonInclude]
    public string? TakedownCode { get; private set; }

    public bool IsRemoved => RemovedAt is not null;

    /// <summary>Taken down by moderation, its files kept so that it can be restored.</summary>
    public bool IsRestorable => TakedownCode == Social.ModerationCodes.Removed;

    /// <summary>When its owner posted it (public on their profile and in feeds), and the caption it was posted with.</summary>
    [JsonInclude]
    public DateTimeOffset? PostedAt { get; private set; }

    [JsonInclude]
    public string Caption { get; private set; } = "";

    /// <summary>Posted and not taken down: what anyone may see. Otherwise a draft, its owner's and its cameo owners' alone.</summary>
    public bool IsPosted => PostedAt is not null && !IsRemoved;

    public const int MaxCaptionLength = 500;

    /// <summary>
    /// What the clip was warned of: what screening let through close to its limits, and the published clip's quality
    /// warnings (its defects would have failed it).
    /// </summary>
    [JsonInclude]
    public IReadOnlyList<QualityIssue> Warnings { get; private set; } = [];

    public bool IsFinished => Status is VideoStatus.Completed or VideoStatus.Failed;

    /// <summary>
    /// The store's concurrency token for the record this object was read from or last saved as (an ETag on Cosmos DB, a
    /// counter in SQLite); stores set it, and saving succeeds only while the stored record still has it.
    /// </summary>
    [JsonIgnore]
    public string? Version { get; set; }

    /// <summary>A new id in the API's shape: <c>video_</c> and 32 hex digits.</summary>
    public static string NewId() => $"video_{Guid.NewGuid():N}";

    public static Video Queue(
        string id, string ownerId, VideoSpec spec, DateTimeOffset at, IReadOnlyList<CameoCast>? cameos = null, RemixLineage? remixOf = null,
        string? ownerUsername = null) =>
        new(id, ownerId, spec, VideoStatus.Queued, at, cameos, remixOf, ownerUsername);

    /// <summary>
    /// The label burned into the published picture: "AI-generated", and a remix's credit; an uploaded video is "Edited"
    /// (nothing of it was generated) or, continued here, "AI-extended".
    /// </summary>
    public string VisibleLabel => Spec switch
    {
        { Uploaded: true, Extends: null } => "Edited",
        { Uploaded: true } => "AI-extended",
        _ => RemixOf is { } remix ? $"AI-generated - Remix of @{remix.AuthorUsername}" : "AI-generated",
    };

    /// <summary>A remix's credit as people read it: "Remix of @author", or of a removed video once it was taken down; null for an original.</summary>
    public string? RemixCredit => RemixOf is not { } remix ? null : RemixedVideoRemoved ? "Remix of a removed video" : $"Remix of @{remix.AuthorUsername}";

    /// <summary>Labels a remix whose original was taken down; false when it is not a remix or was labelled already.</summary>
    public bool MarkRemixedVideoRemoved()
    {
        if (RemixOf is null || RemixedVideoRemoved)
        {
            return false;
        }

        RemixedVideoRemoved = true;
        return true;
    }

    /// <summary>Whether the member owns it or appears in it (a cameo owner).</summary>
    public bool IsCoOwnedBy(string memberId) => OwnerId == memberId || Cameos.Any(cast => cast.OwnerId == memberId);

    /// <summary>Asks these cameo owners to review the finished clip (<paramref name="clip"/>) before it is published, until <paramref name="until"/>.</summary>
    public void RequestReview(IReadOnlyList<string> ownerIds, string clip, DateTimeOffset until)
    {
        EnsureNotFinished();
        AwaitingReview = [.. ownerIds.Distinct()];
        (ReviewClip, ReviewUntil) = (clip, until);
    }

    /// <summary>Records a cameo owner's decision; false when their review was not awaited (decided already, or never asked).</summary>
    public bool Review(string ownerId, bool approved)
    {
        if (IsFinished || !AwaitingReview.Contains(ownerId))
        {
            return false;
        }

        AwaitingReview = [.. AwaitingReview.Where(id => id != ownerId)];
        Reviews = [.. Reviews, new CameoReview(ownerId, approved)];
        return true;
    }

    /// <summary>Published with its assets; <paramref name="seconds"/> is the published clip's measured length.</summary>
    public void MarkCompleted(VideoAssets assets, IReadOnlyList<QualityIssue> warnings, DateTimeOffset at, double? seconds = null)
    {
        EnsureNotFinished();
        if (warnings.Any(issue => issue.Severity == IssueSeverity.Defect))
        {
            throw new InvalidOperationException($"Video {Id} has quality defects and cannot be published.");
        }

        Status = VideoStatus.Completed;
        Assets = assets;
        Warnings = [.. Warnings, .. warnings];
        CompletedAt = at;
        PublishedSeconds = seconds;
    }

    /// <summary>Keeps what a screening warned of (once each); false when there was nothing new.</summary>
    public bool Warn(IReadOnlyList<QualityIssue> warnings)
    {
        var added = warnings.Where(warning => Warnings.All(kept => kept.Code != warning.Code)).ToList();
        if (IsFinished || added.Count == 0)
        {
            return false;
        }

        Warnings = [.. Warnings, .. added];
        return true;
    }

    public void MarkFailed(VideoError error, DateTimeOffset at)
    {
        EnsureNotFinished();
        Status = VideoStatus.Failed;
        Error = error;
        CompletedAt = at;
    }

    /// <summary>
    /// Posts a published video with <paramref name="caption"/> (a posted one keeps its time and takes the new caption);
    /// true when it was a draft until now. Throws <see cref="RequestRejectedException"/> for a video not published or a
    /// caption too long or with control characters.
    /// </summary>
    public bool Post(string? caption, DateTimeOffset at)
    {
        var text = (caption ?? "").Trim();
        if (text.Length > MaxCaptionLength || !Safety.WrittenText.IsVisible(text))
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.CaptionInvalid, $"A caption has at most {MaxCaptionLength} visible characters."));
        }

        EnsurePostable();
        Caption = text;
        if (PostedAt is not null)
        {
            return false;
        }

        PostedAt = at;
        return true;
    }

    /// <summary>Throws <see cref="RequestRejectedException"/> (<see cref="ErrorCodes.VideoNotReady"/>) unless it is published and not removed.</summary>
    public void EnsurePostable()
    {
        if (Status != VideoStatus.Completed || IsRemoved)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.VideoNotReady, $"Video {Id} is {Status}; only a published video can be posted."));
        }
    }

    /// <summary>Makes a posted video a draft again; false when it was not posted.</summary>
    public bool Unpost()
    {
        if (PostedAt is null)
        {
            return false;
        }

        PostedAt = null;
        return true;
    }

    /// <summary>
    /// Stops a video still being made at its owner's word: it fails with <see cref="ErrorCodes.VideoCancelled"/>, its
    /// progress kept where it stood (<paramref name="progress"/>) whatever its pipeline does until it is stopped; false
    /// once finished.
    /// </summary>
    public bool Cancel(DateTimeOffset at, int progress)
    {
        if (IsFinished)
        {
            return false;
        }

        MarkFailed(new VideoError(ErrorCodes.VideoCancelled, "Cancelled by its owner before it was finished."), at);
        StoppedAtProgress = progress;
        return true;
    }

    /// <summary>How far it had got when its owner cancelled it: the progress it reports from then on.</summary>
    [JsonInclude]
    public int? StoppedAtProgress { get; private set; }

    /// <summary>
    /// Takes the video down: one still being made ends as failed (<see cref="ErrorCodes.VideoRemoved"/>: nothing is
    /// charged for it); a finished one keeps its outcome. A removal for good (anything but moderation's) also ends a
    /// moderation takedown that could have been restored. False when it was removed already.
    /// </summary>
    public bool Remove(string reason, DateTimeOffset at, string? takedownCode = null)
    {
        if (IsRemoved && !(IsRestorable && takedownCode != Social.ModerationCodes.Removed))
        {
            return false;
        }

        if (!IsFinished)
        {
            MarkFailed(new VideoError(ErrorCodes.VideoRemoved, $"Removed before it was finished: {reason}."), at);
        }

        RemovedAt = at;
        Removal = reason;
        TakedownCode = takedownCode;
        return true;
    }

    /// <summary>
    /// Brings back a video moderation took down (<see cref="Social.ModerationCodes.Removed"/>, whose files are kept): a
    /// post is public again. False for any other removal, which is final, and for a video not removed.
    /// </summary>
    public bool Restore()
    {
        if (!IsRestorable)
        {
            return false;
        }

        RemovedAt = null;
        Removal = null;
        TakedownCode = null;
        return true;
    }

    private void EnsureNotFinished()
    {
        if (IsFinished)
        {
            throw new InvalidOperationException($"Video {Id} is already {Status}.");
        }
    }
}
