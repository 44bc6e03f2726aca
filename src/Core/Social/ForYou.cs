namespace SoraFunctions.Core.Social;

/// <summary>
/// A post the For You feed may show a member, with what ranks it: its engagement, and how the member stands to its
/// creator — following them, having liked one of their posts among the candidates, sharing a cameo (the post casts the
/// member, or the member's own posts cast the creator).
/// </summary>
public sealed record Candidate(
    string VideoId, string CreatorId, DateTimeOffset PostedAt, EngagementSummary Engagement, bool FollowsCreator, bool SharesCameo);

/// <summary>Why a post ranks where it does: each part of its score (<c>?explain=true</c> shows them).</summary>
public sealed record ScoreParts(double Engagement, double Freshness, double Affinity, bool NewCreator, double Score);

/// <summary>
/// The For You ranking. Each candidate scores <c>(1 + engagement) × freshness × (1 + affinity)</c>:
/// <list type="bullet">
/// <item>engagement: <c>ln(1 + likes + 2·comments + 3·remixes + 0.5·completed views)</c> — a remix or a comment says
/// more than a like, and a view least;</item>
/// <item>freshness: halves every <see cref="HalfLife"/> of the post's age at the moment the feed was opened;</item>
/// <item>affinity: 1 for a creator the member follows, 0.5 for one whose post among the candidates they liked, 0.75 when
/// the post and the member share a cameo.</item>
/// </list>
/// Then the order is built slot by slot from the best remaining: never two posts of one creator in a row, and every
/// <see cref="NewCreatorEvery"/>th slot goes to the best post of a creator the member does not follow yet (when there is
/// one), so new creators always get a share. The member's own posts, posts they have seen, and creators hidden by a
/// block or muted never reach the candidates.
/// </summary>
public static class ForYouRanking
{
    public static readonly TimeSpan HalfLife = TimeSpan.FromHours(24);

    public const int NewCreatorEvery = 4;

    public static IReadOnlyList<(Candidate Candidate, ScoreParts Parts)> Rank(IReadOnlyList<Candidate> candidates, DateTimeOffset openedAt)
    {
        var likedCreators = candidates.Where(c => c.Engagement.LikedByMember).Select(c => c.CreatorId).ToHashSet();
        var remaining = candidates
            .Select(candidate => (Candidate: candidate, Parts: Score(candidate, likedCreators.Contains(candidate.CreatorId), openedAt)))
            .OrderByDescending(scored => scored.Parts.Score).ThenBy(scored => scored.Candidate.VideoId, StringComparer.Ordinal)
            .ToList();
        var order = new List<(Candidate, ScoreParts)>(remaining.Count);
        string? previous = null;
        while (remaining.Count > 0)
        {
            var wantsNew = order.Count % NewCreatorEvery == NewCreatorEvery - 1;
            var pick = (wantsNew ? remaining.FindIndex(s => s.Parts.NewCreator && s.Candidate.CreatorId != previous) : -1) is >= 0 and var fresh
                ? fresh
                : remaining.FindIndex(s => s.Candidate.CreatorId != previous) is >= 0 and var other ? other : 0;
            order.Add(remaining[pick]);
            previous = remaining[pick].Candidate.CreatorId;
            remaining.RemoveAt(pick);
        }

        return order;
    }

    private static ScoreParts Score(Candidate candidate, bool likedCreator, DateTimeOffset openedAt)
    {
        var counts = candidate.Engagement.Counts;
        var engagement = Math.Log(1 + counts.Likes + (2.0 * counts.Comments) + (3.0 * counts.Remixes) + (0.5 * counts.Views));
        var age = Math.Max(0, (openedAt - candidate.PostedAt).TotalHours);
        var freshness = Math.Pow(0.5, age / HalfLife.TotalHours);
        var affinity = (candidate.FollowsCreator ? 1.0 : 0) + (likedCreator ? 0.5 : 0) + (candidate.SharesCameo ? 0.75 : 0);
        return new ScoreParts(
            Math.Round(engagement, 4), Math.Round(freshness, 4), affinity, !candidate.FollowsCreator,
            Math.Round((1 + engagement) * freshness * (1 + affinity), 6));
    }
}
