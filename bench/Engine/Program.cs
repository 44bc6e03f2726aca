using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Bench.Engine;
using SoraFunctions.DurableHost;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Embedded;

// The same workload on the embedded engine and on Durable Task's in-process test host (the one Durable engine that runs
// here: in memory, behind a local gRPC sidecar; no Azure figure), side by side:
// - throughput: 1,000 instances of a 6-activity no-op orchestration, all scheduled at once;
// - step overhead: instances one at a time; a step is the time from one activity starting to the next one starting
//   (result recorded, orchestrator replayed, next activity scheduled and started).
// Each run is a fresh process with a fresh engine; the medians of the runs are printed per engine with their ratio, and
// the last line is the embedded engine's.
const int Runs = 5;
const int Instances = 1000;
const int SequentialInstances = 100;
string[] engines = ["embedded", "durable"];

if (args is ["--run", var only])
{
    var (instancesPerSecond, peakMb, p50StepMs) = await RunAsync(only);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{instancesPerSecond:F1} {peakMb:F1} {p50StepMs:F3}"));
    return;
}

var results = engines.ToDictionary(engine => engine, _ => new List<double[]>());
for (var run = 0; run < Runs; run++)
{
    foreach (var engine in engines)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(StepClock).Assembly.Location);
        }

        start.ArgumentList.Add("--run");
        start.ArgumentList.Add(engine);
        if (engine == "durable")
        {
            // The test host admits as many work items at once as there are processors and then polls every 500 ms:
            // lifted, so the run measures the replay engine and its sidecar rather than that poll.
            start.Environment["DOTNET_PROCESSOR_COUNT"] = Instances.ToString(CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        results[engine].Add([.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture))]);
        Console.WriteLine($"run {run} {engine}: instances/s={results[engine][^1][0]:F0} p50_step_ms={results[engine][^1][2]:F2}");
    }
}

double Median(string engine, int column) => results[engine].Select(r => r[column]).Order().ElementAt(Runs / 2);
Console.WriteLine($"durable test host: instances/s={Median("durable", 0):F0} peak_mb={results["durable"].Max(r => r[1]):F0} p50_step_ms={Median("durable", 2):F2}");
Console.WriteLine($"embedded / durable test host: instances/s {Median("embedded", 0) / Median("durable", 0):F2}x, p50_step_ms {Median("embedded", 2) / Median("durable", 2):F2}x");
Console.WriteLine($"instances/s={Median("embedded", 0):F0} peak_mb={results["embedded"].Max(r => r[1]):F0} p50_step_ms={Median("embedded", 2):F2}");

static async Task<(double InstancesPerSecond, double PeakMb, double P50StepMs)> RunAsync(string engine)
{
    var folder = Directory.CreateTempSubdirectory("sora-bench-engine-");
    try
    {
        var clock = new StepClock();
        void Register(OrchestrationRegistry registry) => registry.AddOrchestrator<SixStepOrchestration>().AddActivity<NoOpActivity>();
        await using var running = engine == "durable"
            ? await DurableRunning.StartAsync(Register, clock)
            : await EmbeddedRunning.StartAsync(Register, clock, Path.Combine(folder.FullName, "engine.db"));
        var client = running.Client;

        // Warm-up: JIT, connections, caches.
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
    /// <summary>An engine started for one run, reached through the orchestration port.</summary>
    public interface IRunning : IAsyncDisposable
    {
        OrchestrationClient Client { get; }
    }

    public sealed class EmbeddedRunning(IHost host) : IRunning
    {
        public OrchestrationClient Client => host.Services.GetRequiredService<OrchestrationClient>();

        public static async Task<IRunning> StartAsync(Action<OrchestrationRegistry> register, StepClock clock, string database)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.Configure<EmbeddedEngineOptions>(o => o.DatabasePath = database);
            builder.Services.AddSingleton(clock);
            builder.Services.AddOrchestrations(register);
            builder.Services.AddEmbeddedOrchestrationEngine();
            var host = builder.Build();
            await host.StartAsync();
            return new EmbeddedRunning(host);
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    public sealed class DurableRunning(DurableTestEngine engine) : IRunning
    {
        public OrchestrationClient Client => engine.Client;

        public static async Task<IRunning> StartAsync(Action<OrchestrationRegistry> register, StepClock clock) =>
            new DurableRunning(await DurableTestEngine.StartAsync(register, services => services.AddSingleton(clock)));

        public ValueTask DisposeAsync() => engine.DisposeAsync();
    }

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
