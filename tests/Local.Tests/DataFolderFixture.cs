using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Local.Cli;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Tests;

/// <summary>A fresh data folder per test, and ways to look into it.</summary>
public abstract class DataFolderTest : IDisposable
{
    protected string Data { get; } = Path.Combine(Directory.CreateTempSubdirectory("sora-local-").FullName, "data");

    public virtual void Dispose() => Directory.Delete(Path.GetDirectoryName(Data)!, recursive: true);

    protected static Task<int> Sora(params string[] args) => SoraCli.RunAsync(args, dataFromEnvironment: null);

    protected async Task<VideoView> ViewAsync(string id)
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        return (await host.Services.GetRequiredService<VideoService>().GetAsync(id))!;
    }

    /// <summary>An API key of the machine's own member, made in the data folder as <c>./sora key create</c> makes one.</summary>
    protected async Task<string> LocalKeyAsync()
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        var accounts = host.Services.GetRequiredService<Api.Accounts>();
        return (await accounts.CreateKeyAsync(await accounts.LocalMemberAsync(default), "tests", default)).Token;
    }

    /// <summary>The machine's own member's videos (what the local commands made).</summary>
    protected async Task<IReadOnlyList<VideoView>> ListAsync()
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        return await host.Services.GetRequiredService<VideoService>().ListAsync(Core.Members.Member.LocalId, 10);
    }

    protected string[] ScratchFolders() =>
        [.. new[] { "jobs", "work" }.Select(f => Path.Combine(Data, f)).Where(Directory.Exists).SelectMany(Directory.GetDirectories)];

    /// <summary>
    /// The sora CLI as its own process, for tests that kill it, set its environment or feed its input; with
    /// <paramref name="redirectOutput"/>, stdin, stdout and stderr are redirected.
    /// </summary>
    protected Process StartSoraProcess(bool redirectOutput, params string[] args) =>
        StartSoraProcess(redirectOutput, new Dictionary<string, string>(), args);

    protected Process StartSoraProcess(bool redirectOutput, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartSoraProcessIn(Data, redirectOutput, environment, args);

    protected static Process StartSoraProcessIn(string data, bool redirectOutput, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SoraFunctions.Local.dll") },
            RedirectStandardInput = redirectOutput,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = redirectOutput,
        };
        foreach (var arg in args.Concat(["--data", data]))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs the CLI to its end with <paramref name="input"/> on its standard input; returns its exit code and what it printed.</summary>
    protected async Task<(int Exit, string Output, string Error)> RunSoraAsync(string? input, params string[] args)
    {
        using var process = StartSoraProcess(redirectOutput: true, args);
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The delivered events' log, read between the server's appends (it holds the file alone while it writes).</summary>
    protected async Task<IReadOnlyList<string>> EventLogAsync()
    {
        var log = Path.Combine(Data, "events.jsonl");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return File.Exists(log) ? await File.ReadAllLinesAsync(log) : [];
            }
            catch (IOException) when (attempt < 100)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Waits until an event of <paramref name="type"/> that mentions <paramref name="about"/> has been delivered to the event log.</summary>
    protected async Task WaitForEventAsync(string type, string about)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!(await EventLogAsync()).Any(line => line.Contains($"\"{type}\"", StringComparison.Ordinal) && line.Contains(about, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {type} event about {about} was delivered");
            await Task.Delay(50);
        }
    }

    protected static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    protected static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
