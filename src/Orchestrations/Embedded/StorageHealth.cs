using SoraFunctions.Core.Ports;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>
/// Whether the engine's database takes writes: faulted from a commit that failed until one that changed something
/// succeeds. A process waiting on a pipeline asks it, so a disk that stays full ends the wait with the fault.
/// </summary>
public sealed class StorageHealth(TimeProvider time)
{
    private readonly Lock gate = new();
    private DateTimeOffset? faultedSince;
    private Exception? lastFault;

    /// <summary>The fault when commits have been failing for at least <paramref name="patience"/>, else null.</summary>
    public StorageFaultException? FaultLastingAtLeast(TimeSpan patience)
    {
        lock (gate)
        {
            return faultedSince is { } since && time.GetUtcNow() - since >= patience
                ? lastFault as StorageFaultException
                    ?? new StorageFaultException($"The orchestration store has not taken a write since {since:u}.", lastFault!)
                : null;
        }
    }

    internal void Failed(Exception exception)
    {
        lock (gate)
        {
            faultedSince ??= time.GetUtcNow();
            lastFault = exception;
        }
    }

    internal void Succeeded()
    {
        lock (gate)
        {
            faultedSince = null;
            lastFault = null;
        }
    }
}
