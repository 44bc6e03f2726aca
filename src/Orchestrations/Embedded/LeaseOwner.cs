using System.Diagnostics;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>
/// Who holds a lease: host, process id and process start time, plus a per-engine suffix. A restarted engine on the
/// same host can tell that an owner's process is gone and take its work at once instead of waiting for expiry.
/// </summary>
internal static class LeaseOwner
{
    private static readonly long ThisProcessStart = StartTicks(Process.GetCurrentProcess());

    public static string ForThisProcess() =>
        $"{Environment.MachineName}/{Environment.ProcessId}/{ThisProcessStart}/{Guid.NewGuid():N}";

    public static bool IsGoneFromThisHost(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 4 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], out var processId) || !long.TryParse(parts[2], out var startTicks))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return StartTicks(process) != startTicks;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true; // exited while we looked
        }
    }

    private static long StartTicks(Process process) => process.StartTime.ToUniversalTime().Ticks;
}
