using Microsoft.Extensions.Options;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Orchestrations.Pipeline;

/// <summary>How many clips a member may publish a day and have in the making at once, per role (section <see cref="SectionName"/>).</summary>
public sealed class AllowanceOptions
{
    public const string SectionName = "Sora:Allowance";

    /// <summary>By role (<c>Member</c>, <c>Moderator</c>, <c>Admin</c>); a null limit is none.</summary>
    public Dictionary<string, AllowanceTier> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(MemberRole.Member)] = new() { Daily = 30, InFlight = 3 },
        [nameof(MemberRole.Moderator)] = new() { Daily = 30, InFlight = 3 },
        [nameof(MemberRole.Admin)] = new(),
    };

    public AllowanceTier For(MemberRole role) => Tiers.GetValueOrDefault(role.ToString()) ?? new AllowanceTier();
}

public sealed class AllowanceTier
{
    /// <summary>Clips published per UTC day.</summary>
    public int? Daily { get; set; }

    /// <summary>Clips queued or in progress at once.</summary>
    public int? InFlight { get; set; }
}

/// <summary>What a member has used today, and what is left (null: no limit).</summary>
public sealed record Usage(int PublishedToday, int InFlight, int? Daily, int? InFlightLimit, DateTimeOffset ResetsAt)
{
    /// <summary>Clips that may still be started today: those in the making will be charged when they publish.</summary>
    public int? Left => Daily is { } daily ? Math.Max(0, daily - PublishedToday - InFlight) : null;
}

/// <summary>A clip the member's allowance does not cover; the caller may try again after <see cref="RetryAfter"/>.</summary>
public sealed class AllowanceExceededException(VideoError error, TimeSpan retryAfter) : Exception(error.Message)
{
    public VideoError Error { get; } = error;

    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Fair use. A clip is charged once, when it is published: usage is counted from the member's records (the clips
/// completed since midnight UTC), so a failed, blocked or interrupted clip costs nothing and nothing can be charged
/// twice. Recording a clip needs room for it (<see cref="AdmissionFor"/>, which the video store decides one at a time
/// per member, so however many start at once no more are admitted than there is room for): fewer in the making than
/// the tier allows, and today's published plus those in the making below the daily allowance.
/// </summary>
public sealed class Allowances(IVideoStore videos, IOptions<AllowanceOptions> options, TimeProvider time)
{
    public const string ExceededCode = "QUOTA.EXCEEDED";
    public const string InFlightCode = "QUOTA.IN_FLIGHT";

    private static readonly TimeSpan InFlightRetry = TimeSpan.FromSeconds(30);

    public async Task<Usage> UsageAsync(Member member, CancellationToken cancellation)
    {
        var (since, midnight) = Today();
        return UsageOf(member, await videos.ListRecentAsync(member.Id, since, cancellation), 0, midnight);
    }

    /// <summary>
    /// What a new clip of the member's must pass to be recorded: room for it, or <see cref="AllowanceExceededException"/>.
    /// </summary>
    public VideoAdmission AdmissionFor(Member member)
    {
        var (since, midnight) = Today();
        return new VideoAdmission(since, (recent, starting) =>
        {
            var usage = UsageOf(member, recent, starting, midnight);
            if (usage.InFlight >= usage.InFlightLimit)
            {
                throw new AllowanceExceededException(
                    new VideoError(InFlightCode, $"{usage.InFlight} of your clips are being made, the most at once; start another when one finishes."), InFlightRetry);
            }

            if (usage.Left == 0)
            {
                throw new AllowanceExceededException(
                    new VideoError(ExceededCode, $"Today's allowance of {usage.Daily} clips is used (clips being made count until they finish); it renews at midnight UTC."),
                    usage.ResetsAt - time.GetUtcNow());
            }
        });
    }

    /// <summary>Since when clips count (one published today may have been started yesterday: a day further back), and today's midnight.</summary>
    private (DateTimeOffset Since, DateTimeOffset Midnight) Today()
    {
        var midnight = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        return (midnight.AddDays(-1), midnight);
    }

    /// <summary>Usage from the member's recent records, and <paramref name="starting"/> clips admitted whose records are not written yet.</summary>
    private Usage UsageOf(Member member, IReadOnlyList<Video> recent, int starting, DateTimeOffset midnight)
    {
        var tier = options.Value.For(member.Role);
        return new Usage(
            recent.Count(video => video.Status == VideoStatus.Completed && video.CompletedAt >= midnight),
            recent.Count(video => !video.IsFinished) + starting,
            tier.Daily, tier.InFlight, midnight.AddDays(1));
    }
}
