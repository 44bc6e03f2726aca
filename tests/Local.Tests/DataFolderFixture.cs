using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Local.Cli;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Tests;

/// <summary>A fresh data folder per test, and ways to look into it.</summary>
public abstract class DataFolderTest : IDisposable
{
    protected string Data { get; } = Path.Combine(Directory.CreateTempSubdirectory("sora-local-").FullName, "data");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(Data)!, recursive: true);

    protected static Task<int> Sora(params string[] args) => SoraCli.RunAsync(args, dataFromEnvironment: null);

    protected async Task<VideoView> ViewAsync(string id)
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        return (await host.Services.GetRequiredService<VideoService>().GetAsync(id))!;
    }

    protected async Task<IReadOnlyList<VideoView>> ListAsync()
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        return await host.Services.GetRequiredService<VideoService>().ListAsync(10);
    }

    protected string[] ScratchFolders() =>
        [.. new[] { "jobs", "work" }.Select(f => Path.Combine(Data, f)).Where(Directory.Exists).SelectMany(Directory.GetDirectories)];

    /// <summary>The sora CLI as its own process, for tests that kill it or set its environment; stdout and stderr are redirected together.</summary>
    protected Process StartSoraProcess(bool redirectOutput, params string[] args) =>
        StartSoraProcess(redirectOutput, new Dictionary<string, string>(), args);

    protected Process StartSoraProcess(bool redirectOutput, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SoraFunctions.Local.dll") },
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = redirectOutput,
        };
        foreach (var arg in args.Concat(["--data", Data]))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    protected static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
