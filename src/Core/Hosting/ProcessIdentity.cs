using System.Diagnostics;

namespace SoraFunctions.Core.Hosting;

/// <summary>
/// Names a process as host/pid/start-time, so another process on the same host can tell whether it is still running
/// (a recycled pid has a different start time).
/// </summary>
public static class ProcessIdentity
{
    private static readonly Lazy<string> Current = new(() => Describe(Process.GetCurrentProcess()));

    public static string OfThisProcess => Current.Value;

    public static string Describe(Process process) =>
        $"{Environment.MachineName}/{process.Id}/{process.StartTime.ToUniversalTime().Ticks}";

    /// <summary>True when the identity names a process on this host that is no longer running.</summary>
    public static bool IsGoneFromThisHost(string identity)
    {
        var parts = identity.Split('/');
        if (parts.Length < 3 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], out var processId) || !long.TryParse(parts[2], out var startTicks))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return process.StartTime.ToUniversalTime().Ticks != startTicks;
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
}
