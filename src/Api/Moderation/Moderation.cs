using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Api;

/// <summary>
/// Reports and the moderators' work on them. A member reports a post, a comment or a member they can see (never their
/// own), once each; the reports about one target gather in its case. Moderators (and admins) take the open cases most
/// severe first and act: dismiss, remove (a post is taken down — out of every feed, 410 to its co-owners, its remixes
/// labelled — with its files kept; a comment is deleted), suspend the member behind it, or restore what a removal or
/// suspension did. Every action is kept in the case with who took it, when and why; the reporters and the owner hear
/// the outcome (<see cref="EventTypes.ModerationActed"/>).
/// </summary>
public sealed class Moderation(
    IModerationStore cases, IVideoStore videos, IEngagementStore engagement, Engagement comments, IMemberStore members, IRelationStore relationStore,
    Relations relations, Accounts accounts, TimeProvider time)
{
    public const int MaxActionReason = 500;

    /// <summary>The reasons a member may give.</summary>
    public static IReadOnlyList<string> Reasons { get; } =
        [.. Enum.GetValues<ReportReason>().Where(reason => reason != ReportReason.SafetyWarning).Select(Name)];

    public static IReadOnlyList<string> Verbs { get; } = [.. Enum.GetValues<ModerationVerb>().Select(Name)];

    public static IReadOnlyList<string> Statuses { get; } = [.. Enum.GetValues<CaseStatus>().Select(Name)];

    /// <summary>Files the member's report; throws <see cref="RequestRejectedException"/> for a target they can't see or that is theirs.</summary>
    public async Task<ModerationCase> ReportAsync(Member reporter, ReportBody body, CancellationToken cancellation)
    {
        var reason = Parse<ReportReason>(body.Reason, Reasons, ModerationCodes.ReasonUnknown);
        var target = await TargetAsync(reporter, body, cancellation);
        if (target.OwnerId == reporter.Id)
        {
            throw Rejected(ModerationCodes.OwnContent, "Your own posts, comments and account are not reported; delete them instead.");
        }

        return await cases.FileAsync(target, new Report(reporter.Id, reason, (body.Details ?? "").Trim(), time.GetUtcNow()), cancellation);
    }

    /// <summary>
    /// The cases in a status (the queue: open ones; removed ones, to restore one on appeal), most severe first; for
    /// moderators and admins only.
    /// </summary>
    public async Task<IReadOnlyList<ModerationCase>> ListAsync(Member moderator, string? status, int limit, string? after, CancellationToken cancellation)
    {
        EnsureModerator(moderator);
        var wanted = Parse<CaseStatus>(status ?? Name(CaseStatus.Open), Statuses, ModerationCodes.StatusUnknown);
        var listed = new List<ModerationCase>();
        while (listed.Count < limit && await cases.ListAsync(wanted, limit, after, cancellation) is { Count: > 0 } page)
        {
            listed.AddRange(page.Where(moderationCase => MayTake(moderator, moderationCase)));
            after = page[^1].Id;
            if (page.Count < limit)
            {
                break;
            }
        }

        return listed.Count > limit ? listed[..limit] : listed;
    }

    /// <summary>A case the moderator may take: any but one about themselves or what is theirs, which goes to someone else.</summary>
    public async Task<ModerationCase> GetAsync(Member moderator, string caseId, CancellationToken cancellation)
    {
        EnsureModerator(moderator);
        var moderationCase = await cases.GetAsync(caseId, cancellation) ?? throw Rejected(ModerationCodes.NotFound, $"No case has id '{caseId}'.");
        return MayTake(moderator, moderationCase)
            ? moderationCase
            : throw Rejected(AccountCodes.Forbidden, "This case is about you or what is yours: another moderator takes it.");
    }

    private static bool MayTake(Member moderator, ModerationCase moderationCase) => moderationCase.Target.OwnerId != moderator.Id;

    /// <summary>
    /// Carries out the action on the case's target, then records it with its reason in the case (an action retried after
    /// a failure in between is carried out again harmlessly). 409 <see cref="ModerationCodes.NotApplicable"/> for an
    /// action the target or the case's state doesn't allow.
    /// </summary>
    public async Task<ModerationCase> ActAsync(Member moderator, string caseId, ActionBody body, VideoService service, CancellationToken cancellation)
    {
        var verb = Parse<ModerationVerb>(body.Action, Verbs, ModerationCodes.ActionUnknown);
        var why = (body.Reason ?? "").Trim();
        if (why.Length is 0 or > MaxActionReason || !WrittenText.IsVisible(why))
        {
            throw Rejected(ModerationCodes.ActionReasonMissing, $"Every action needs its reason: 1 to {MaxActionReason} characters.");
        }

        while (true)
        {
            var moderationCase = await GetAsync(moderator, caseId, cancellation);
            await CarryOutAsync(moderator, moderationCase, verb, why, service, cancellation);
            moderationCase.Record(new ModerationAction(moderator.Id, verb, why, time.GetUtcNow()));
            var acted = new ModerationActedData(
                moderationCase.Id, verb, moderationCase.Target, [.. moderationCase.Reporters.Where(reporter => reporter != ModerationCase.Pipeline)]);
            try
            {
                await cases.SaveAsync(moderationCase, [CloudEvents.Create(EventTypes.ModerationActed, $"moderation/{moderationCase.Id}", acted, time.GetUtcNow())], cancellation);
                return moderationCase;
            }
            catch (VersionConflictException)
            {
                // A report arrived meanwhile: record the action on the case as it is now.
            }
        }
    }

    private async Task CarryOutAsync(Member moderator, ModerationCase moderationCase, ModerationVerb verb, string why, VideoService service, CancellationToken cancellation)
    {
        var target = moderationCase.Target;
        switch (verb, target.Kind, moderationCase.Status)
        {
            case (ModerationVerb.Dismiss, _, CaseStatus.Open):
                break;
            case (ModerationVerb.Remove, TargetKind.Video, CaseStatus.Open):
                await service.RemoveAsync(target.Id, $"removed by moderation: {why}", ModerationCodes.Removed, cancellation: cancellation); // false: gone already
                break;
            case (ModerationVerb.Remove, TargetKind.Comment, CaseStatus.Open):
                await engagement.DeleteCommentAsync(target.VideoId!, target.Id, time.GetUtcNow(), cancellation);
                break;
            case (ModerationVerb.Suspend, _, CaseStatus.Open or CaseStatus.Removed):
                await SuspendAsync(moderator, target.OwnerId, true, cancellation);
                break;
            case (ModerationVerb.Restore, TargetKind.Video, CaseStatus.Removed):
                if (!await service.RestoreAsync(target.Id, cancellation))
                {
                    throw Rejected(ModerationCodes.NotApplicable, "The post cannot be restored: it was deleted for good since (by its owner's account or a cameo in it).");
                }

                break;
            case (ModerationVerb.Restore, _, CaseStatus.Suspended):
                await SuspendAsync(moderator, target.OwnerId, false, cancellation);
                break;
            default:
                throw Rejected(ModerationCodes.NotApplicable, $"'{Name(verb)}' does not apply to a {Name(target.Kind)} whose case is {Name(moderationCase.Status)}.");
        }
    }

    private async Task SuspendAsync(Member moderator, string memberId, bool suspend, CancellationToken cancellation)
    {
        var member = await members.GetAsync(memberId, cancellation) ?? throw Rejected(AccountCodes.MemberNotFound, "The member is gone.");
        await accounts.SuspendAsync(moderator, member.Username, suspend, cancellation);
    }

    /// <summary>What the body names, as the reporter may see it (else 404, as if it did not exist).</summary>
    private async Task<ReportTarget> TargetAsync(Member reporter, ReportBody body, CancellationToken cancellation)
    {
        switch (body)
        {
            case { Username: { } username, VideoId: null, CommentId: null }:
                var member = await relations.VisibleMemberAsync(reporter, username, cancellation);
                return new ReportTarget(TargetKind.Member, member.Id, member.Id);
            case { VideoId: { } videoId, Username: null }:
                if (await videos.GetAsync(videoId, cancellation) is not { } video || !await VideoAccess.CanViewAsync(reporter, video, relationStore, cancellation))
                {
                    throw Rejected(ErrorCodes.VideoNotFound, $"No video has id '{videoId}'.");
                }

                if (body.CommentId is not { } commentId)
                {
                    return new ReportTarget(TargetKind.Video, video.Id, video.OwnerId);
                }

                var comment = await comments.VisibleCommentAsync(reporter, video.Id, commentId, cancellation);
                return new ReportTarget(TargetKind.Comment, comment.Id, comment.AuthorId, video.Id);
            default:
                throw Rejected(ModerationCodes.TargetInvalid, "Report a post (video_id), a comment (video_id and comment_id) or a member (username).");
        }
    }

    private static void EnsureModerator(Member member)
    {
        if (member.Role is not (MemberRole.Moderator or MemberRole.Admin))
        {
            throw Rejected(AccountCodes.Forbidden, "Only moderators and admins see and act on reports.");
        }
    }

    private static T Parse<T>(string? name, IReadOnlyList<string> allowed, string code) where T : struct, Enum =>
        name is not null && allowed.Contains(name)
            ? JsonSerializer.Deserialize<T>($"\"{name}\"")
            : throw new RequestRejectedException(new VideoError(code, $"'{name}' is not one of: {string.Join(", ", allowed)}."), allowed);

    public static string Name<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value).Trim('"');

    private static RequestRejectedException Rejected(string code, string message) => new(new VideoError(code, message));
}

/// <summary>A report: <c>video_id</c> (with <c>comment_id</c> for a comment on it) or <c>username</c>, a reason and optional details.</summary>
public sealed record ReportBody(string? VideoId, string? CommentId, string? Username, string? Reason, string? Details);

/// <summary>An action on a case: <c>dismiss</c>, <c>remove</c>, <c>suspend</c> or <c>restore</c>, and why.</summary>
public sealed record ActionBody(string? Action, string? Reason);

/// <summary><c>/v1/reports</c> for every member; <c>/v1/moderation/cases</c> for moderators and admins.</summary>
public static class ModerationApi
{
    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder routes)
    {
        routes.MemberGroup("/v1/reports").MapPost("/", ReportAsync).AcceptsJson<ReportBody>().Produces<ReportObject>(StatusCodes.Status201Created);
        var cases = routes.MemberGroup("/v1/moderation/cases");
        cases.MapGet("/", QueueAsync).Produces<CaseList>();
        cases.MapGet("/{id}", GetAsync).Produces<CaseObject>();
        cases.MapGet("/{id}/content", ContentAsync).ProducesContent();
        cases.MapPost("/{id}/actions", ActAsync).AcceptsJson<ActionBody>().Produces<CaseObject>();
        return routes;
    }

    /// <summary>Files a report (201); reporting the same thing again answers the same report.</summary>
    public static async Task<IResult> ReportAsync(HttpRequest request, Caller caller, Moderation moderation, CancellationToken cancellation)
    {
        var body = await AccountsApi.ReadAsync<ReportBody>(request, cancellation);
        var filed = await moderation.ReportAsync(caller.Member, body, cancellation);
        var report = filed.Reports.FirstOrDefault(r => r.ReporterId == caller.Member.Id);
        return TypedResults.Json(
            new ReportObject(filed.Id, Moderation.Name(filed.Target.Kind), filed.Target.Id, report is null ? body.Reason! : Moderation.Name(report.Reason)),
            VideoObject.Json, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The cases in <c>status</c> (default <c>open</c>: the queue), most severe, then most reported, then oldest first.</summary>
    public static async Task<IResult> QueueAsync(
        Caller caller, Moderation moderation, IMemberStore members, string? status, string? limit, string? after, CancellationToken cancellation)
    {
        var size = VideosApi.PageSize(limit);
        var page = await moderation.ListAsync(caller.Member, status, size + 1, after, cancellation);
        var data = new List<CaseObject>();
        foreach (var moderationCase in page.Take(size))
        {
            data.Add(await CaseObject.FromAsync(moderationCase, members, cancellation));
        }

        return TypedResults.Json(new CaseList(data, page.Count > size), VideoObject.Json);
    }

    public static async Task<IResult> GetAsync(string id, Caller caller, Moderation moderation, IMemberStore members, CancellationToken cancellation) =>
        TypedResults.Json(await CaseObject.FromAsync(await moderation.GetAsync(caller.Member, id, cancellation), members, cancellation), VideoObject.Json);

    /// <summary>
    /// The clip a case is about (the post, or the one a reported comment is on) for the moderator deciding it, a draft
    /// the pipeline reported too, which no one else may see; <c>variant</c> as for a video's content (default the preview).
    /// </summary>
    public static async Task<IResult> ContentAsync(
        string id, string? variant, Caller caller, Moderation moderation, VideoService service, IClipStore clips, CancellationToken cancellation)
    {
        if (VideosApi.VariantRefusal(variant) is { } refused)
        {
            return refused;
        }

        var target = (await moderation.GetAsync(caller.Member, id, cancellation)).Target;
        var videoId = target.Kind switch
        {
            TargetKind.Video => target.Id,
            TargetKind.Comment => target.VideoId,
            _ => null,
        };
        return videoId is not null && await service.GetAsync(videoId, cancellation) is { } view
            ? await VideosApi.ServeAsync(view.Video, variant ?? "preview", clips, cancellation)
            : VideosApi.Problem(StatusCodes.Status404NotFound, ErrorCodes.VideoNotFound, $"Case {id} is about no clip.");
    }

    /// <summary><c>{"action", "reason"}</c>: carried out, then kept in the case's audit trail; answers the case.</summary>
    public static async Task<IResult> ActAsync(
        string id, HttpRequest request, Caller caller, Moderation moderation, VideoService service, IMemberStore members, CancellationToken cancellation)
    {
        var body = await AccountsApi.ReadAsync<ActionBody>(request, cancellation);
        var acted = await moderation.ActAsync(caller.Member, id, body, service, cancellation);
        return TypedResults.Json(await CaseObject.FromAsync(acted, members, cancellation), VideoObject.Json);
    }
}

public sealed record ReportObject(string CaseId, string TargetType, string TargetId, string Reason)
{
    [JsonPropertyOrder(-1)]
    public string Object => "report";
}

public sealed record TargetObject(string Type, string Id, string? Owner, string? VideoId);

public sealed record ReportEntryObject(string? Reporter, string Reason, string Details, long CreatedAt);

public sealed record ActionObject(string? Moderator, string Action, string Reason, long CreatedAt);

/// <summary>A case as moderators see it: its target and owner, severity, reports (the first 50 in full) and every action taken.</summary>
public sealed record CaseObject(
    string Id, string Status, int Severity, int ReportCount, TargetObject Target, long OpenedAt, IReadOnlyList<ReportEntryObject> Reports,
    IReadOnlyList<ActionObject> Actions)
{
    [JsonPropertyOrder(-1)]
    public string Object => "moderation.case";

    public static async Task<CaseObject> FromAsync(ModerationCase moderationCase, IMemberStore members, CancellationToken cancellation)
    {
        var usernames = new Dictionary<string, string?> { [ModerationCase.Pipeline] = ModerationCase.Pipeline };
        async Task<string?> UsernameAsync(string id)
        {
            if (!usernames.TryGetValue(id, out var username))
            {
                username = usernames[id] = (await members.GetAsync(id, cancellation))?.Username;
            }

            return username;
        }

        var target = moderationCase.Target;
        var reports = new List<ReportEntryObject>();
        foreach (var report in moderationCase.Reports)
        {
            reports.Add(new ReportEntryObject(await UsernameAsync(report.ReporterId), Moderation.Name(report.Reason), report.Details, report.At.ToUnixTimeSeconds()));
        }

        var actions = new List<ActionObject>();
        foreach (var action in moderationCase.Actions)
        {
            actions.Add(new ActionObject(await UsernameAsync(action.ModeratorId), Moderation.Name(action.Verb), action.Reason, action.At.ToUnixTimeSeconds()));
        }

        return new CaseObject(
            moderationCase.Id, Moderation.Name(moderationCase.Status), moderationCase.Severity, moderationCase.ReportCount,
            new TargetObject(Moderation.Name(target.Kind), target.Id, await UsernameAsync(target.OwnerId), target.VideoId),
            moderationCase.OpenedAt.ToUnixTimeSeconds(), reports, actions);
    }
}

public sealed record CaseList(IReadOnlyList<CaseObject> Data, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}
