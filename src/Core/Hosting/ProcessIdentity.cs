using System.Diagnostics;

namespace SoraFunctions.Core.Hosting;

/// <summary>
/// Names a process as host/pid/start-time, so another process on the same host can tell whether it is still running
/// (a recycled pid has a different start time).
/// </summary>
public static class ProcessIdentity
{
    /// <summary>
    /// Two processes compute the same start time a few milliseconds apart (it is derived from the boot time), so
    /// start times within this tolerance name the same process.
    /// </summary>
    public static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(1);

    private static readonly Lazy<string> Current = new(() => Describe(Process.GetCurrentProcess()));

    public static string OfThisProcess => Current.Value;

    public static string Describe(Process process) =>
        $"{Environment.MachineName}/{process.Id}/{process.StartTime.ToUniversalTime().Ticks}";

    /// <summary>The running process the identity names, if it is on this host and still running.</summary>
    public static Process? FindRunning(string identity)
    {
        if (!TryParse(identity, out var processId, out var startTicks))
        {
            return null;
        }

        try
        {
            var process = Process.GetProcessById(processId);
            if (Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicks) < StartTimeTolerance.Ticks && !IsZombie(processId))
            {
                return process;
            }

            process.Dispose(); // the pid was recycled, or the process has died and waits to be reaped
            return null;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return null; // no such process, or it exited while we looked
        }
    }

    /// <summary>True when the identity names a process of this host (running or not).</summary>
    public static bool IsOfThisHost(string identity) => TryParse(identity, out _, out _);

    /// <summary>True when the identity names a process on this host that is no longer running.</summary>
    public static bool IsGoneFromThisHost(string identity)
    {
        if (!TryParse(identity, out _, out _))
        {
            return false; // another host's process: only its lease expiry tells
        }

        using var process = FindRunning(identity);
        return process is null;
    }

    /// <summary>Whether the process has exited and only its entry waits for its parent (Linux's /proc tells; elsewhere, no).</summary>
    private static bool IsZombie(int processId)
    {
        try
        {
            // /proc/PID/stat: "pid (command) state …"; the command may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat.AsSpan(stat.LastIndexOf(')') + 1).TrimStart().StartsWith("Z", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool TryParse(string identity, out int processId, out long startTicks)
    {
        var parts = identity.Split('/');
        processId = 0;
        startTicks = 0;
        return parts.Length >= 3 && parts[0] == Environment.MachineName
            && int.TryParse(parts[1], out processId) && long.TryParse(parts[2], out startTicks);
    }
}
