using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Capacity;

/// <summary>
/// The order clips get a generator in: each is given a turn when it joins the line — the time it joined, put back by
/// <see cref="TurnSpacing"/> for each clip of its member already in line or generating, and brought forward by its
/// tier's head start — and the earliest turn goes first. A member's flood is thus interleaved with everyone else's
/// clips (round-robin, as in start-time fair queueing) instead of starving them; among equals the oldest goes first;
/// sora-2-pro, the paid model, goes a little ahead and floods at twice the pace. A turn never moves once given, and
/// every later clip's turn is later than its time of joining less the largest head start, so no clip waits forever.
/// </summary>
public static class FairOrder
{
    /// <summary>How far each clip a member already has in line puts their next one back.</summary>
    public static readonly TimeSpan TurnSpacing = TimeSpan.FromSeconds(60);

    /// <summary>A tier: how much earlier its clips' turns are, and how many times faster its member's later clips follow.</summary>
    public sealed record Tier(TimeSpan HeadStart, int Weight);

    public static readonly Tier Standard = new(TimeSpan.Zero, 1);

    public static readonly Tier Pro = new(TimeSpan.FromSeconds(30), 2);

    public static Tier TierOf(string model) => model == VideoCatalog.Sora2Pro ? Pro : Standard;

    /// <summary>The turn of a clip of <paramref name="model"/> joining at <paramref name="joinedAt"/> behind <paramref name="inLine"/> of its member's.</summary>
    public static DateTimeOffset TurnOf(string model, DateTimeOffset joinedAt, int inLine)
    {
        var tier = TierOf(model);
        return joinedAt - tier.HeadStart + TurnSpacing * inLine / tier.Weight;
    }

    /// <summary>Orders entries as the line does: by turn, then by when they joined, then by id.</summary>
    public static IComparer<QueueEntry> Comparer { get; } = Comparer<QueueEntry>.Create((a, b) =>
        a.Turn != b.Turn ? a.Turn.CompareTo(b.Turn)
        : a.EnqueuedAt != b.EnqueuedAt ? a.EnqueuedAt.CompareTo(b.EnqueuedAt)
        : string.CompareOrdinal(a.VideoId, b.VideoId));
}
