using System.Diagnostics;
using SoraFunctions.Core.Hosting;

namespace SoraFunctions.Media;

/// <summary>
/// Runs ffmpeg and ffprobe, and the other command-line media tools. A failure throws with the tool's last lines;
/// cancellation kills the process.
/// </summary>
public static class Ffmpeg
{
    /// <summary>Runs ffmpeg with the given arguments and returns what it wrote to stderr (its log).</summary>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellation = default) =>
        (await RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-y", .. arguments], input: null, cancellation)).Stderr;

    /// <summary>Runs ffmpeg reading its input from a stream the caller writes (e.g. raw frames).</summary>
    public static async Task<string> RunWithInputAsync(
        IEnumerable<string> arguments, Func<Stream, Task> writeInput, CancellationToken cancellation = default) =>
        (await RunAsync("ffmpeg", ["-hide_banner", "-y", .. arguments], writeInput, cancellation)).Stderr;

    /// <summary>Runs ffmpeg and returns what it wrote to stdout (e.g. decoded raw frames or samples).</summary>
    public static async Task<byte[]> RunForOutputAsync(IEnumerable<string> arguments, CancellationToken cancellation = default) =>
        (await RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", .. arguments], input: null, cancellation)).Stdout;

    /// <summary>Runs ffprobe and returns its standard output (JSON when asked with -of json).</summary>
    public static async Task<string> ProbeAsync(IEnumerable<string> arguments, CancellationToken cancellation = default) =>
        System.Text.Encoding.UTF8.GetString((await RunAsync("ffprobe", ["-v", "error", .. arguments], input: null, cancellation)).Stdout);

    /// <summary>Runs another tool (e.g. the speech recognizer) and returns its standard output as text.</summary>
    public static async Task<string> RunToolAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellation = default) =>
        System.Text.Encoding.UTF8.GetString((await RunAsync(tool, [.. arguments], input: null, cancellation)).Stdout);

    private static async Task<(byte[] Stdout, string Stderr)> RunAsync(
        string tool, IReadOnlyList<string> arguments, Func<Stream, Task>? input, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new MediaException($"{tool} could not be started.");
        using var kill = cancellation.Register(() => process.Kill(entireProcessTree: true));
        var stdout = ReadAllAsync(process.StandardOutput.BaseStream);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (input is not null)
        {
            try
            {
                await using var stdin = process.StandardInput.BaseStream;
                await input(stdin);
            }
            catch (IOException) when (process.HasExited)
            {
                // ffmpeg stopped reading; its exit code and log tell why.
            }
        }

        await process.WaitForExitAsync(CancellationToken.None);
        SoraMetrics.MediaToolSeconds.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("tool", tool));
        cancellation.ThrowIfCancellationRequested();
        var log = await stderr;
        if (process.ExitCode != 0)
        {
            var tail = string.Join('\n', log.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(6));
            throw new MediaException($"{tool} exited with code {process.ExitCode}: {tail}");
        }

        return (await stdout, log);
    }

    /// <summary>A number as ffmpeg's filters print it in their logs (<c>-inf</c> for silence; empty as -inf).</summary>
    public static double LogNumber(string text) =>
        text switch
        {
            "-inf" or "" => double.NegativeInfinity,
            "inf" => double.PositiveInfinity,
            _ => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
        };

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}

public sealed class MediaException(string message) : Exception(message);
