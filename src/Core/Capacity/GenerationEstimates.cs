namespace SoraFunctions.Core.Capacity;

/// <summary>
/// How long clips take, from the pool's latest measured ones: a clip's generation (its job, from start to report) and
/// its finishing (the steps after it, to publication) are the median of the clips measured with the same model, size
/// and length, else the median per clip-second of those with the same model and size, then the same model, then any,
/// scaled to its length; before anything was measured, <see cref="PriorPerSecond"/>. From these the queue is played
/// forward (<see cref="Plan"/>) to tell each clip its place and when it should be ready.
/// </summary>
public sealed class GenerationEstimates(IReadOnlyList<QueueEntry> measured)
{
    /// <summary>How many of the latest measured clips the estimates read.</summary>
    public const int Samples = 50;

    /// <summary>Seconds of generation and of finishing per clip-second before any clip was measured (the procedural generator on two cores).</summary>
    public static readonly (double Generation, double Finishing) PriorPerSecond = (0.75, 0.75);

    public TimeSpan Generation(QueueEntry clip) =>
        Estimate(clip, measured.Where(sample => sample.GenerationSeconds is not null), sample => sample.GenerationSeconds!.Value, PriorPerSecond.Generation);

    public TimeSpan Finishing(QueueEntry clip) =>
        Estimate(clip, measured.Where(sample => sample.FinishingSeconds is not null), sample => sample.FinishingSeconds!.Value, PriorPerSecond.Finishing);

    /// <summary>
    /// Each entry's place: the slots are handed out in line order as the holders' jobs should end (a job past its estimate
    /// is taken to end now), each clip's generation follows, then its finishing.
    /// </summary>
    public IReadOnlyDictionary<string, QueuePlace> Plan(IReadOnlyList<QueueEntry> generating, IReadOnlyList<QueueEntry> waiting, int slots, DateTimeOffset now)
    {
        var places = new Dictionary<string, QueuePlace>();
        var free = new PriorityQueue<DateTimeOffset, DateTimeOffset>();
        foreach (var holder in generating)
        {
            var end = Later(now, (holder.StartedAt ?? holder.GrantedAt ?? now) + Generation(holder));
            places[holder.VideoId] = new QueuePlace(null, end + Finishing(holder));
            free.Enqueue(end, end);
        }

        for (var idle = generating.Count; idle < slots; idle++)
        {
            free.Enqueue(now, now);
        }

        var position = 0;
        foreach (var next in waiting)
        {
            var start = free.Dequeue();
            var end = start + Generation(next);
            places[next.VideoId] = new QueuePlace(++position, end + Finishing(next));
            free.Enqueue(end, end);
        }

        return places;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Estimate(QueueEntry clip, IEnumerable<QueueEntry> samples, Func<QueueEntry, double> value, double priorPerSecond)
    {
        var known = samples.ToList();
        if (Median(known.Where(s => s.Model == clip.Model && s.Size == clip.Size && s.Seconds == clip.Seconds).Select(value)) is { } same)
        {
            return TimeSpan.FromSeconds(same);
        }

        var perSecond = Median(known.Where(s => s.Model == clip.Model && s.Size == clip.Size).Select(s => value(s) / s.Seconds))
            ?? Median(known.Where(s => s.Model == clip.Model).Select(s => value(s) / s.Seconds))
            ?? Median(known.Select(s => value(s) / s.Seconds))
            ?? priorPerSecond;
        return TimeSpan.FromSeconds(perSecond * clip.Seconds);
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
