using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Bench.Engine;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Embedded;

// Throughput: 1,000 instances of a 6-activity no-op orchestration, history on disk, all scheduled at once.
// Step overhead: instances run one at a time; a step is the time from one activity starting to the next one
// starting (result recorded, orchestrator replayed, next activity scheduled, leased and started).
// Each run is a fresh process (as a command or a restarted server starts) with a fresh database; the last line holds
// the medians of the runs.
const int Runs = 5;
const int Instances = 1000;
const int SequentialInstances = 100;

if (args is ["--run"])
{
    var (instancesPerSecond, peakMb, p50StepMs) = await RunAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{instancesPerSecond:F1} {peakMb:F1} {p50StepMs:F3}"));
    return;
}

var results = new List<double[]>();
for (var run = 0; run < Runs; run++)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        start.ArgumentList.Add(typeof(StepClock).Assembly.Location);
    }

    start.ArgumentList.Add("--run");
    using var process = Process.Start(start)!;
    var line = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    results.Add([.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture))]);
    Console.WriteLine($"run {run}: instances/s={results[^1][0]:F0} p50_step_ms={results[^1][2]:F2}");
}

double Median(int column) => results.Select(r => r[column]).Order().ElementAt(Runs / 2);
Console.WriteLine($"instances/s={Median(0):F0} peak_mb={results.Max(r => r[1]):F0} p50_step_ms={Median(2):F2}");

static async Task<(double InstancesPerSecond, double PeakMb, double P50StepMs)> RunAsync()
{
    var folder = Directory.CreateTempSubdirectory("sora-bench-engine-");
    try
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<EmbeddedEngineOptions>(o => o.DatabasePath = Path.Combine(folder.FullName, "engine.db"));
        builder.Services.AddSingleton<StepClock>();
        builder.Services.AddOrchestrations(r => r.AddOrchestrator<SixStepOrchestration>().AddActivity<NoOpActivity>());
        builder.Services.AddEmbeddedOrchestrationEngine();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<OrchestrationClient>();
        var clock = host.Services.GetRequiredService<StepClock>();

        // Warm-up: JIT and SQLite caches.
        await RunOneAsync(client, "warmup");

        var throughput = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, Instances).Select(i =>
            client.ScheduleNewOrchestrationInstanceAsync(nameof(SixStepOrchestration), i, new StartOrchestrationOptions($"load-{i:D4}"))));
        var completed = await Task.WhenAll(ids.Select(id => client.WaitForInstanceCompletionAsync(id)));
        throughput.Stop();
        var failed = completed.Count(r => r.RuntimeStatus != OrchestrationRuntimeStatus.Completed);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} instances did not complete.");
        }

        clock.Clear();
        for (var i = 0; i < SequentialInstances; i++)
        {
            await RunOneAsync(client, $"seq-{i:D3}");
        }

        var steps = clock.StepMilliseconds().Order().ToArray();
        await host.StopAsync();
        return (Instances / throughput.Elapsed.TotalSeconds, Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), steps[steps.Length / 2]);
    }
    finally
    {
        folder.Delete(recursive: true);
    }
}

static async Task RunOneAsync(OrchestrationClient client, string id)
{
    await client.ScheduleNewOrchestrationInstanceAsync(nameof(SixStepOrchestration), 0, new StartOrchestrationOptions(id));
    await client.WaitForInstanceCompletionAsync(id);
}

namespace SoraFunctions.Bench.Engine
{
    public sealed class SixStepOrchestration : Orchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int input)
        {
            var value = input;
            for (var step = 0; step < 6; step++)
            {
                value = await context.CallActivityAsync<int>(nameof(NoOpActivity), value);
            }

            return value;
        }
    }

    public sealed class NoOpActivity(StepClock clock) : Activity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input)
        {
            clock.Mark(context.InstanceId);
            return Task.FromResult(input);
        }
    }

    /// <summary>When each instance's activities started, to measure the time between consecutive steps.</summary>
    public sealed class StepClock
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> starts = new();

        public void Mark(string instanceId) =>
            starts.GetOrAdd(instanceId, _ => new ConcurrentQueue<long>()).Enqueue(Stopwatch.GetTimestamp());

        public void Clear() => starts.Clear();

        public IEnumerable<double> StepMilliseconds() => starts.Values.SelectMany(marks =>
            marks.Zip(marks.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds));
    }
}
