using System.Diagnostics;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// CLI processes over one data folder, each in a process group of its own (setsid), so that a group is the CLI with all
/// it started (workers, tools) and is killed whole, as a power cut or an OOM kill would. None outlives the test.
/// </summary>
public sealed class ProcessGroups(string data) : IDisposable
{
    private readonly List<int> groups = [];

    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("setsid")
        {
            ArgumentList = { "dotnet", Path.Combine(AppContext.BaseDirectory, "SoraFunctions.Local.dll") },
            RedirectStandardOutput = true,
        };
        foreach (var arg in args.Concat(["--data", data]))
        {
            start.ArgumentList.Add(arg);
        }

        var leader = Process.Start(start)!;
        groups.Add(leader.Id);
        return leader;
    }

    /// <summary>SIGKILL to the whole group.</summary>
    public static void Kill(Process leader)
    {
        Signal("-KILL", leader.Id);
        leader.WaitForExit();
    }

    public static void Signal(string signal, Process leader) => Signal(signal, leader.Id);

    /// <summary>The address a server started with <c>--port 0</c> prints when it serves; its log is then drained so it never fills the pipe.</summary>
    public static async Task<Uri> ServingAsync(Process server)
    {
        while (await server.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("serving ", StringComparison.Ordinal))
            {
                _ = server.StandardOutput.ReadToEndAsync();
                return new Uri(line.Split(' ')[3].TrimEnd(','));
            }
        }

        throw new InvalidOperationException("The server stopped before it served.");
    }

    /// <summary>A test that failed half-way leaves no process behind to write into the folder being deleted.</summary>
    public void Dispose()
    {
        foreach (var group in groups)
        {
            Signal("-KILL", group); // fails harmlessly for a group gone
        }
    }

    private static void Signal(string signal, int group)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, "--", $"-{group}"]) { RedirectStandardError = true })!;
        kill.StandardError.ReadToEnd(); // "no such process" for a group gone
        kill.WaitForExit();
    }
}
