using System.Text.Json.Serialization;

namespace SoraFunctions.Core.Capacity;

[JsonConverter(typeof(JsonStringEnumConverter<QueueState>))]
public enum QueueState
{
    /// <summary>In line for a slot.</summary>
    Waiting,

    /// <summary>Holding a slot: granted, its job about to start or running.</summary>
    Generating,

    /// <summary>Its job ended and the slot is free again; kept a day as a measured sample for the estimates.</summary>
    Done,
}

/// <summary>
/// A clip's place in its generator's queue (<see cref="Pool"/>), one per video: in line from when its pipeline asks for
/// a slot, in its <see cref="Turn"/> (the fair order's key, <see cref="FairOrder"/>); holding one while its job runs;
/// done when the job ended, with what it measured. A new attempt after a crashed job is in line again at the same turn.
/// </summary>
public sealed record QueueEntry(
    string VideoId,
    string Pool,
    string MemberId,
    string Model,
    string Size,
    int Seconds,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset Turn,
    int Attempt,
    QueueState State,
    DateTimeOffset? GrantedAt = null,
    string? JobId = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CheckAt = null,
    DateTimeOffset? GeneratedAt = null,
    double? GenerationSeconds = null,
    DateTimeOffset? FinishedAt = null)
{
    /// <summary>How long a store keeps a done entry, as a measured sample for the estimates.</summary>
    public static readonly TimeSpan DoneKept = TimeSpan.FromDays(1);

    /// <summary>The store's concurrency token for the entry as read (a counter in SQLite, an ETag on Cosmos DB).</summary>
    [JsonIgnore]
    public string? Version { get; init; }

    /// <summary>From the job's end to the clip's publication, once both are known: what the steps after generation took.</summary>
    [JsonIgnore]
    public double? FinishingSeconds => FinishedAt is { } finished && GeneratedAt is { } generated ? (finished - generated).TotalSeconds : null;
}

/// <summary>A generator backend and how many jobs it runs at once (its GPUs, or this machine's cores).</summary>
public sealed record GenerationPool(string Name, int Slots);

/// <summary>
/// Where an unfinished clip stands: its place in line (1 for the next to get a slot; null once it holds one) and when it
/// should be ready, from the measured times of the clips before it.
/// </summary>
public sealed record QueuePlace(int? Position, DateTimeOffset EstimatedCompletedAt);

/// <summary>
/// The generators' queues. An entry is written whole, guarded by its <see cref="QueueEntry.Version"/>; a grant is such a
/// write that also holds only while fewer than the pool's slots are held, so no two processes ever book one slot twice.
/// </summary>
public interface IGenerationQueueStore
{
    /// <summary>Adds the entry unless its video has one already; answers the stored one either way.</summary>
    Task<QueueEntry> AddAsync(QueueEntry entry, CancellationToken cancellation = default);

    Task<QueueEntry?> GetAsync(string pool, string videoId, CancellationToken cancellation = default);

    /// <summary>How many entries hold a slot.</summary>
    Task<int> HoldingAsync(string pool, CancellationToken cancellation = default);

    /// <summary>Up to <paramref name="limit"/> entries holding a slot whose <see cref="QueueEntry.CheckAt"/> is before <paramref name="dueBy"/>, the longest due first.</summary>
    Task<IReadOnlyList<QueueEntry>> DueAsync(string pool, DateTimeOffset dueBy, int limit, CancellationToken cancellation = default);

    /// <summary>Every entry holding a slot.</summary>
    Task<IReadOnlyList<QueueEntry>> GeneratingAsync(string pool, CancellationToken cancellation = default);

    /// <summary>The first <paramref name="limit"/> in line, by turn (then time of joining, then id).</summary>
    Task<IReadOnlyList<QueueEntry>> WaitingAsync(string pool, int limit, CancellationToken cancellation = default);

    /// <summary>Writes the entry if it is unchanged since it was read; false when it changed or is gone.</summary>
    Task<bool> SaveAsync(QueueEntry entry, CancellationToken cancellation = default);

    /// <summary>
    /// Writes <paramref name="granted"/> (the entry read in line, now <see cref="QueueState.Generating"/>) if it is unchanged
    /// and fewer than <paramref name="slots"/> entries of its pool hold a slot.
    /// </summary>
    Task<bool> GrantAsync(QueueEntry granted, int slots, CancellationToken cancellation = default);

    /// <summary>Deletes the entry if it is unchanged since it was read (gone already is fine); false when it changed.</summary>
    Task<bool> DeleteAsync(QueueEntry entry, CancellationToken cancellation = default);

    /// <summary>The member's entries in line or holding a slot.</summary>
    Task<IReadOnlyList<QueueEntry>> InLineAsync(string pool, string memberId, CancellationToken cancellation = default);

    /// <summary>The latest done entries whose job rendered (a measured <see cref="QueueEntry.GenerationSeconds"/>), newest first.</summary>
    Task<IReadOnlyList<QueueEntry>> RecentAsync(string pool, int limit, CancellationToken cancellation = default);
}
