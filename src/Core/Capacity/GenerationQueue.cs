using SoraFunctions.Core.Ports;

namespace SoraFunctions.Core.Capacity;

/// <summary>What a change to the queue did: the entry as it now stands, and the clips it handed a slot to (to be told).</summary>
public sealed record QueueChange(QueueEntry? Entry, IReadOnlyList<string> Granted);

/// <summary>
/// A generator's slots, held durably in the queue store: a clip's pipeline puts it in line (<see cref="EnqueueAsync"/>)
/// and waits until it holds a slot, starts its job on it (<see cref="StartAsync"/>) and frees it when the job ends
/// (<see cref="ReleaseAsync"/>). Each change hands the free slots to the first in line, in the <see cref="FairOrder"/>,
/// each grant a guarded write that counts the holders, so no slot is booked twice however many processes decide at
/// once. A slot is never lost either: a grant not used within <see cref="GrantTimeout"/> is taken back (its pipeline, if
/// it still runs, joins the line again at the back), and a holder past its <see cref="QueueEntry.CheckAt"/> whose job no
/// longer runs is done (a pipeline that stopped without freeing it).
/// </summary>
public sealed class GenerationQueue(IGenerationQueueStore store, IJobLauncher launcher, GenerationPool pool, TimeProvider time)
{
    /// <summary>How long a granted slot waits for its job to start before it is taken back.</summary>
    public static readonly TimeSpan GrantTimeout = TimeSpan.FromMinutes(1);

    /// <summary>How often a job that holds a slot is looked at, when someone waits for one, to find it ended unreported.</summary>
    public static readonly TimeSpan HolderCheckInterval = TimeSpan.FromMinutes(2);

    /// <summary>How many holders due a check are looked at by one decision (the others by the next ones).</summary>
    public const int MaxChecked = 16;

    /// <summary>How many clips in line are read to tell each its place; those further back are told none.</summary>
    public const int MaxPlaced = 10_000;

    /// <summary>How long a plan of the line is reused for the places asked of it (every progress event asks).</summary>
    public static readonly TimeSpan PlanLifetime = TimeSpan.FromSeconds(1);

    private LinePlan? plan;

    /// <summary>
    /// Puts the clip in line at its member's turn, or, for a new <paramref name="attempt"/> after its last job crashed or
    /// failed, back in line at the turn it had; then hands out the free slots.
    /// </summary>
    public async Task<QueueChange> EnqueueAsync(
        string videoId, string memberId, string model, string size, int seconds, int attempt, CancellationToken cancellation = default)
    {
        while (true)
        {
            var entry = await store.GetAsync(pool.Name, videoId, cancellation);
            if (entry is null)
            {
                var now = time.GetUtcNow();
                var inLine = (await store.InLineAsync(pool.Name, memberId, cancellation)).Count;
                await store.AddAsync(
                    new QueueEntry(videoId, pool.Name, memberId, model, size, seconds, now, FairOrder.TurnOf(model, now, inLine), attempt, QueueState.Waiting),
                    cancellation);
            }
            else if (entry.State == QueueState.Done && entry.Attempt < attempt
                && !await store.SaveAsync(
                    entry with { State = QueueState.Waiting, Attempt = attempt, GrantedAt = null, JobId = null, StartedAt = null, GeneratedAt = null, GenerationSeconds = null },
                    cancellation))
            {
                continue; // changed meanwhile: read it again
            }

            return await DispatchAsync(videoId, cancellation);
        }
    }

    /// <summary>
    /// Records that the clip's job <paramref name="jobId"/> starts on the slot it holds (again, for a retried start);
    /// false when it holds none (its grant went to the next in line, or it was taken out).
    /// </summary>
    public async Task<bool> StartAsync(string videoId, string jobId, CancellationToken cancellation = default)
    {
        while (await store.GetAsync(pool.Name, videoId, cancellation) is { State: QueueState.Generating } entry)
        {
            if (entry.JobId == jobId)
            {
                return true;
            }

            if (entry.JobId is not null)
            {
                return false;
            }

            var now = time.GetUtcNow();
            if (await store.SaveAsync(entry with { JobId = jobId, StartedAt = now, CheckAt = now + HolderCheckInterval }, cancellation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Frees the slot the clip's job <paramref name="jobId"/> held (its generation measured when it <paramref name="rendered"/>),
    /// then hands out the free slots. A job that is not the holder's (an earlier attempt's) frees nothing.
    /// </summary>
    public async Task<QueueChange> ReleaseAsync(string videoId, string jobId, bool rendered, CancellationToken cancellation = default)
    {
        while (await store.GetAsync(pool.Name, videoId, cancellation) is { State: QueueState.Generating } entry && entry.JobId == jobId)
        {
            var now = time.GetUtcNow();
            if (await store.SaveAsync(Done(entry, now) with { GenerationSeconds = rendered ? (now - entry.StartedAt!.Value).TotalSeconds : null }, cancellation))
            {
                break;
            }
        }

        return await DispatchAsync(videoId, cancellation);
    }

    /// <summary>
    /// Takes the clip out of line, or off its slot (cancelled, deleted, failed, its pipeline stopped), and hands out the
    /// free slots; a clip whose job is done already stays a measured sample.
    /// </summary>
    public async Task<QueueChange> RemoveAsync(string videoId, CancellationToken cancellation = default)
    {
        while (await store.GetAsync(pool.Name, videoId, cancellation) is { State: not QueueState.Done } entry)
        {
            if (await store.DeleteAsync(entry, cancellation))
            {
                return await DispatchAsync(videoId, cancellation);
            }
        }

        return new QueueChange(null, []);
    }

    /// <summary>Takes the member's clips that wait in line out of it (a suspended member's); answers their ids.</summary>
    public async Task<IReadOnlyList<string>> RemoveWaitingAsync(string memberId, CancellationToken cancellation = default)
    {
        var removed = new List<string>();
        foreach (var entry in await store.InLineAsync(pool.Name, memberId, cancellation))
        {
            if (entry.State == QueueState.Waiting && await store.DeleteAsync(entry, cancellation))
            {
                removed.Add(entry.VideoId);
            }
        }

        return removed;
    }

    /// <summary>Notes when the clip was published, which measures the steps after its generation.</summary>
    public async Task FinishAsync(string videoId, DateTimeOffset publishedAt, CancellationToken cancellation = default)
    {
        while (await store.GetAsync(pool.Name, videoId, cancellation) is { State: QueueState.Done, FinishedAt: null, GeneratedAt: not null } entry
            && !await store.SaveAsync(entry with { FinishedAt = publishedAt }, cancellation))
        {
            // changed meanwhile: read it again
        }
    }

    /// <summary>
    /// Where the unfinished clip stands: in line or generating (from a plan of the line at most <see cref="PlanLifetime"/>
    /// old), or past its generation (its measured end and the estimated finishing); null when it is in no line (an edit, or
    /// not yet screened).
    /// </summary>
    public async Task<QueuePlace?> PlaceAsync(string videoId, CancellationToken cancellation = default)
    {
        var current = plan;
        if (current is null || time.GetUtcNow() - current.At > PlanLifetime)
        {
            current = await PlanAsync(cancellation);
        }

        if (current.Places.TryGetValue(videoId, out var place))
        {
            return place;
        }

        return await store.GetAsync(pool.Name, videoId, cancellation) switch
        {
            { State: QueueState.Done, GeneratedAt: { } generated } entry => new QueuePlace(null, generated + current.Estimates.Finishing(entry)),
            // In line since the plan was made: a fresh one tells its place (or nothing, beyond the most placed).
            { State: QueueState.Waiting or QueueState.Generating } => (await PlanAsync(cancellation)).Places.GetValueOrDefault(videoId),
            _ => null,
        };
    }

    private async Task<LinePlan> PlanAsync(CancellationToken cancellation)
    {
        var estimates = new GenerationEstimates(await store.RecentAsync(pool.Name, GenerationEstimates.Samples, cancellation));
        var generating = await store.GeneratingAsync(pool.Name, cancellation);
        var waiting = await store.WaitingAsync(pool.Name, MaxPlaced, cancellation);
        var now = time.GetUtcNow();
        var made = new LinePlan(now, estimates.Plan(generating, waiting, pool.Slots, now), estimates);
        plan = made;
        return made;
    }

    /// <summary>
    /// Hands the free slots to the first in line; when none is free, first frees those whose holders are due a check and
    /// no longer use them. Answers the entry of <paramref name="videoId"/> as it then stands, and who got a slot.
    /// </summary>
    private async Task<QueueChange> DispatchAsync(string videoId, CancellationToken cancellation)
    {
        var granted = new List<string>();
        var free = pool.Slots - await store.HoldingAsync(pool.Name, cancellation);
        if (free <= 0)
        {
            free += await ReclaimAsync(await store.DueAsync(pool.Name, time.GetUtcNow(), MaxChecked, cancellation), cancellation);
        }

        foreach (var waiting in free <= 0 ? [] : await store.WaitingAsync(pool.Name, free, cancellation))
        {
            var now = time.GetUtcNow();
            if (await store.GrantAsync(waiting with { State = QueueState.Generating, GrantedAt = now, CheckAt = now + GrantTimeout }, pool.Slots, cancellation))
            {
                granted.Add(waiting.VideoId);
            }
        }

        return new QueueChange(await store.GetAsync(pool.Name, videoId, cancellation), granted);
    }

    /// <summary>
    /// Frees the slots of holders due a check: a grant never used is taken back (a live pipeline asks again, at the back
    /// of the line: one that died does not come back for it); a job that no longer runs is done.
    /// </summary>
    private async Task<int> ReclaimAsync(IReadOnlyList<QueueEntry> due, CancellationToken cancellation)
    {
        var freed = 0;
        foreach (var holder in due)
        {
            if (holder.JobId is null)
            {
                freed += await store.DeleteAsync(holder, cancellation) ? 1 : 0;
                continue;
            }

            var now = time.GetUtcNow();
            var running = (await launcher.GetStatusAsync(holder.JobId, cancellation)).State == JobState.Running;
            if (await store.SaveAsync(running ? holder with { CheckAt = now + HolderCheckInterval } : Done(holder, now), cancellation) && !running)
            {
                freed++;
            }
        }

        return freed;
    }

    /// <summary>The line played forward at <see cref="At"/>, shared by the places asked until it is <see cref="PlanLifetime"/> old.</summary>
    private sealed record LinePlan(DateTimeOffset At, IReadOnlyDictionary<string, QueuePlace> Places, GenerationEstimates Estimates);

    private static QueueEntry Done(QueueEntry entry, DateTimeOffset now) => entry with { State = QueueState.Done, GeneratedAt = now, CheckAt = null };
}
