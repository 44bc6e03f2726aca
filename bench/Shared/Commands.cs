using System.Diagnostics;

namespace SoraFunctions.Bench;

/// <summary>The repository's <c>./sora</c>, and any command, run as a user runs them.</summary>
internal static class Commands
{
    public static string Sora { get; } = Path.Combine(FindRepository(), "sora");

    /// <summary>Runs a command to its end and returns what it printed (its standard error with <paramref name="stderr"/>); throws unless it exits 0.</summary>
    public static async Task<string> RunAsync(string command, IEnumerable<string> args, bool stderr = false)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = !stderr, RedirectStandardError = stderr };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await (stderr ? process.StandardError : process.StandardOutput).ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{command} {string.Join(' ', start.ArgumentList.Take(1))} exited with {process.ExitCode}");
    }

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "sora")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }
}
