using System.Text.Json.Serialization;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Social;

[JsonConverter(typeof(JsonStringEnumConverter<ReportReason>))]
public enum ReportReason
{
    [JsonStringEnumMemberName("self_harm")]
    SelfHarm,
    [JsonStringEnumMemberName("violence")]
    Violence,
    [JsonStringEnumMemberName("sexual")]
    Sexual,
    [JsonStringEnumMemberName("hate")]
    Hate,
    [JsonStringEnumMemberName("harassment")]
    Harassment,
    [JsonStringEnumMemberName("likeness")]
    Likeness,
    [JsonStringEnumMemberName("spam")]
    Spam,
    [JsonStringEnumMemberName("other")]
    Other,

    /// <summary>Not a member's report: the pipeline's screening warned (and let the clip through).</summary>
    [JsonStringEnumMemberName("safety_warning")]
    SafetyWarning,
}

[JsonConverter(typeof(JsonStringEnumConverter<TargetKind>))]
public enum TargetKind
{
    [JsonStringEnumMemberName("video")]
    Video,
    [JsonStringEnumMemberName("comment")]
    Comment,
    [JsonStringEnumMemberName("member")]
    Member,
}

[JsonConverter(typeof(JsonStringEnumConverter<CaseStatus>))]
public enum CaseStatus
{
    [JsonStringEnumMemberName("open")]
    Open,
    [JsonStringEnumMemberName("dismissed")]
    Dismissed,
    [JsonStringEnumMemberName("removed")]
    Removed,
    [JsonStringEnumMemberName("suspended")]
    Suspended,
    [JsonStringEnumMemberName("restored")]
    Restored,
}

[JsonConverter(typeof(JsonStringEnumConverter<ModerationVerb>))]
public enum ModerationVerb
{
    [JsonStringEnumMemberName("dismiss")]
    Dismiss,
    [JsonStringEnumMemberName("remove")]
    Remove,
    [JsonStringEnumMemberName("suspend")]
    Suspend,
    [JsonStringEnumMemberName("restore")]
    Restore,
}

/// <summary>
/// What is reported: a post, a comment (with the post it is on) or a member; <see cref="OwnerId"/> is whose it is (the
/// post's owner, the comment's author, the member).
/// </summary>
public sealed record ReportTarget(TargetKind Kind, string Id, string OwnerId, string? VideoId = null);

/// <summary>One report: who (a member, or <see cref="ModerationCase.Pipeline"/>), why, and when.</summary>
public sealed record Report(string ReporterId, ReportReason Reason, string Details, DateTimeOffset At);

/// <summary>An action taken on a case, kept for good: who, what, when and why.</summary>
public sealed record ModerationAction(string ModeratorId, ModerationVerb Verb, string Reason, DateTimeOffset At);

/// <summary>
/// Everything reported about one target: its reports (each reporter once), how severe the worst reason is, and its
/// audit trail. Open cases form the moderators' queue, most severe first, then the most reported, then the oldest.
/// </summary>
public sealed class ModerationCase
{
    /// <summary>The reporter of the pipeline's safety warnings.</summary>
    public const string Pipeline = "pipeline";

    /// <summary>Reports kept with their details; beyond this only the reporter is kept (to count and tell them).</summary>
    public const int DetailedReports = 50;

    public const int MaxDetails = 1_000;

    [JsonConstructor]
    private ModerationCase(string id, ReportTarget target, DateTimeOffset openedAt)
    {
        Id = id;
        Target = target;
        OpenedAt = openedAt;
    }

    public string Id { get; }

    public ReportTarget Target { get; }

    public DateTimeOffset OpenedAt { get; }

    [JsonInclude]
    public CaseStatus Status { get; private set; } = CaseStatus.Open;

    [JsonInclude]
    public int Severity { get; private set; }

    [JsonInclude]
    public IReadOnlyList<string> Reporters { get; private set; } = [];

    [JsonInclude]
    public IReadOnlyList<Report> Reports { get; private set; } = [];

    [JsonInclude]
    public IReadOnlyList<ModerationAction> Actions { get; private set; } = [];

    public int ReportCount => Reporters.Count;

    /// <summary>The store's concurrency token for the record this was read from (see <see cref="Video.Version"/>).</summary>
    [JsonIgnore]
    public string? Version { get; set; }

    public static string IdFor(ReportTarget target) => $"case_{target.Id}";

    public static ModerationCase Open(ReportTarget target, DateTimeOffset at) => new(IdFor(target), target, at);

    /// <summary>How urgent a reason is: harm to people first, spam and the rest last.</summary>
    public static int SeverityOf(ReportReason reason) => reason switch
    {
        ReportReason.SelfHarm => 5,
        ReportReason.Violence or ReportReason.Sexual or ReportReason.Hate => 4,
        ReportReason.Harassment or ReportReason.Likeness or ReportReason.SafetyWarning => 3,
        ReportReason.Spam => 2,
        _ => 1,
    };

    /// <summary>
    /// Adds a report; false when this reporter reported it already. A case closed without action (dismissed, restored)
    /// opens again.
    /// </summary>
    public bool Add(Report report)
    {
        if (report.Details.Length > MaxDetails || !Safety.WrittenText.IsVisible(report.Details))
        {
            throw new RequestRejectedException(new VideoError(ModerationCodes.DetailsInvalid, $"Details have at most {MaxDetails:N0} visible characters."));
        }

        if (Reporters.Contains(report.ReporterId))
        {
            return false;
        }

        Reporters = [.. Reporters, report.ReporterId];
        if (Reports.Count < DetailedReports)
        {
            Reports = [.. Reports, report];
        }

        Severity = Math.Max(Severity, SeverityOf(report.Reason));
        if (Status is CaseStatus.Dismissed or CaseStatus.Restored)
        {
            Status = CaseStatus.Open;
        }

        return true;
    }

    /// <summary>Records an action and the status it leaves the case in; the caller has carried it out.</summary>
    public void Record(ModerationAction action)
    {
        Status = action.Verb switch
        {
            ModerationVerb.Dismiss => CaseStatus.Dismissed,
            ModerationVerb.Remove => CaseStatus.Removed,
            ModerationVerb.Suspend => CaseStatus.Suspended,
            _ => CaseStatus.Restored,
        };
        Actions = [.. Actions, action];
    }
}

public static class ModerationCodes
{
    public const string NotFound = "MODERATION.CASE_NOT_FOUND";
    public const string ReasonUnknown = "VALIDATION.REASON.UNKNOWN";
    public const string TargetInvalid = "VALIDATION.TARGET.INVALID";
    public const string DetailsInvalid = "VALIDATION.DETAILS.INVALID";
    public const string ActionUnknown = "VALIDATION.ACTION.UNKNOWN";
    public const string StatusUnknown = "VALIDATION.STATUS.UNKNOWN";
    public const string ActionReasonMissing = "VALIDATION.ACTION_REASON.MISSING";
    public const string NotApplicable = "MODERATION.ACTION_NOT_APPLICABLE";
    public const string OwnContent = "MODERATION.OWN_CONTENT";

    /// <summary>What a post taken down by moderation answers its co-owners (410); its files are kept so it can be restored.</summary>
    public const string Removed = "MODERATION.REMOVED";
}

/// <summary>The moderation cases, and the queue of open ones.</summary>
public interface IModerationStore
{
    Task<ModerationCase?> GetAsync(string caseId, CancellationToken cancellation = default);

    /// <summary>Adds a new case; false when one with its id exists already.</summary>
    Task<bool> TryCreateAsync(ModerationCase moderationCase, CancellationToken cancellation = default);

    /// <summary>Saves the case and queues the events, if it is still the version it was read as (else <see cref="Ports.VersionConflictException"/>).</summary>
    Task SaveAsync(ModerationCase moderationCase, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default);

    /// <summary>
    /// The cases in that status (the queue: open ones), most severe first, then the most reported, then the oldest;
    /// <paramref name="after"/> is the last case id of the previous page.
    /// </summary>
    Task<IReadOnlyList<ModerationCase>> ListAsync(CaseStatus status, int limit, string? after = null, CancellationToken cancellation = default);
}

public static class ModerationStoreExtensions
{
    /// <summary>
    /// Files the report in its target's case, opening the case with the first; a reporter's second report of the same
    /// target changes nothing. Concurrent reports are each kept (a conflict reads the case again).
    /// </summary>
    public static async Task<ModerationCase> FileAsync(this IModerationStore store, ReportTarget target, Report report, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await store.GetAsync(ModerationCase.IdFor(target), cancellation) is not { } existing)
            {
                var opened = ModerationCase.Open(target, report.At);
                opened.Add(report);
                if (await store.TryCreateAsync(opened, cancellation))
                {
                    return opened;
                }

                continue; // opened at the same moment by another report: add to that one
            }

            if (!existing.Add(report))
            {
                return existing;
            }

            try
            {
                await store.SaveAsync(existing, [], cancellation);
                return existing;
            }
            catch (Ports.VersionConflictException)
            {
                // Another report or an action saved it meanwhile: read it again.
            }
        }
    }
}

/// <summary>What <see cref="EventTypes.ModerationActed"/> carries: the case's target, what was done, and whom to tell.</summary>
public sealed record ModerationActedData(string CaseId, ModerationVerb Verb, ReportTarget Target, IReadOnlyList<string> Reporters);
