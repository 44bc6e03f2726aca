using SoraFunctions.Core.Capacity;

namespace SoraFunctions.Bench;

/// <summary>
/// A generation queue store in memory, for the simulation: the same promises as the SQLite and Cosmos DB stores (every
/// write guarded by the entry's version, a grant by the count of holders), with the line in a sorted set so that a day
/// of a million clips runs in seconds; done entries are not kept beyond the latest samples. One thread only.
/// </summary>
internal sealed class MemoryQueueStore : IGenerationQueueStore
{
    private readonly Dictionary<string, QueueEntry> entries = new(StringComparer.Ordinal);
    private readonly SortedSet<QueueEntry> waiting = new(FairOrder.Comparer);
    private readonly SortedSet<(DateTimeOffset CheckAt, string VideoId)> checks = new(Comparer<(DateTimeOffset CheckAt, string VideoId)>.Create((a, b) => a.CheckAt != b.CheckAt ? a.CheckAt.CompareTo(b.CheckAt) : string.CompareOrdinal(a.VideoId, b.VideoId)));
    private readonly Dictionary<string, HashSet<string>> inLine = new(StringComparer.Ordinal);
    private readonly LinkedList<QueueEntry> recent = new();
    private long versions;
    private int generating;

    public Task<QueueEntry> AddAsync(QueueEntry entry, CancellationToken cancellation = default)
    {
        if (!entries.TryGetValue(entry.VideoId, out var stored))
        {
            Put(stored = entry with { Version = Next() });
        }

        return Task.FromResult(stored);
    }

    public Task<QueueEntry?> GetAsync(string pool, string videoId, CancellationToken cancellation = default) =>
        Task.FromResult(entries.GetValueOrDefault(videoId));

    public Task<int> HoldingAsync(string pool, CancellationToken cancellation = default) => Task.FromResult(generating);

    public Task<IReadOnlyList<QueueEntry>> DueAsync(string pool, DateTimeOffset dueBy, int limit, CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<QueueEntry>>([.. checks.TakeWhile(check => check.CheckAt < dueBy).Take(limit).Select(check => entries[check.VideoId])]);

    public Task<IReadOnlyList<QueueEntry>> GeneratingAsync(string pool, CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<QueueEntry>>([.. entries.Values.Where(entry => entry.State == QueueState.Generating)]);

    public Task<IReadOnlyList<QueueEntry>> WaitingAsync(string pool, int limit, CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<QueueEntry>>([.. waiting.Take(limit)]);

    public Task<bool> SaveAsync(QueueEntry entry, CancellationToken cancellation = default)
    {
        if (!entries.TryGetValue(entry.VideoId, out var stored) || stored.Version != entry.Version)
        {
            return Task.FromResult(false);
        }

        Remove(stored);
        Put(entry with { Version = Next() });
        return Task.FromResult(true);
    }

    public Task<bool> GrantAsync(QueueEntry granted, int slots, CancellationToken cancellation = default) =>
        generating < slots ? SaveAsync(granted, cancellation) : Task.FromResult(false);

    public Task<bool> DeleteAsync(QueueEntry entry, CancellationToken cancellation = default)
    {
        if (!entries.TryGetValue(entry.VideoId, out var stored))
        {
            return Task.FromResult(true);
        }

        if (stored.Version != entry.Version)
        {
            return Task.FromResult(false);
        }

        Remove(stored);
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<QueueEntry>> InLineAsync(string pool, string memberId, CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<QueueEntry>>(inLine.TryGetValue(memberId, out var ids) ? [.. ids.Select(id => entries[id])] : []);

    public Task<IReadOnlyList<QueueEntry>> RecentAsync(string pool, int limit, CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<QueueEntry>>([.. recent.Take(limit)]);

    private string Next() => (++versions).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Files the entry by its state; a done one is kept only among the latest samples (a day of them is gigabytes).</summary>
    private void Put(QueueEntry entry)
    {
        if (entry.State != QueueState.Done)
        {
            entries[entry.VideoId] = entry;
        }

        switch (entry.State)
        {
            case QueueState.Waiting:
                waiting.Add(entry);
                break;
            case QueueState.Generating:
                generating++;
                if (entry.CheckAt is { } check)
                {
                    checks.Add((check, entry.VideoId));
                }

                break;
            case QueueState.Done when entry.GenerationSeconds is not null:
                recent.AddFirst(entry);
                if (recent.Count > GenerationEstimates.Samples)
                {
                    recent.RemoveLast();
                }

                break;
        }

        if (entry.State != QueueState.Done)
        {
            (inLine.TryGetValue(entry.MemberId, out var ids) ? ids : inLine[entry.MemberId] = new HashSet<string>(StringComparer.Ordinal)).Add(entry.VideoId);
        }
    }

    private void Remove(QueueEntry stored)
    {
        entries.Remove(stored.VideoId);
        switch (stored.State)
        {
            case QueueState.Waiting:
                waiting.Remove(stored);
                break;
            case QueueState.Generating:
                generating--;
                if (stored.CheckAt is { } check)
                {
                    checks.Remove((check, stored.VideoId));
                }

                break;
        }

        if (inLine.TryGetValue(stored.MemberId, out var ids) && ids.Remove(stored.VideoId) && ids.Count == 0)
        {
            inLine.Remove(stored.MemberId);
        }
    }
}
