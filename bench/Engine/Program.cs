using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Bench.Engine;
using SoraFunctions.DurableHost;
using SoraFunctions.Emulators;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Embedded;

// The same workload on the embedded engine, on Durable Task's in-process test host (in memory, behind a local gRPC
// sidecar) and on Durable Task's Azure Storage backend against Azurite (the cloud profile's engine), the last with its
// worker in the measuring process and in three worker processes sharing the task hub, side by side:
// - throughput: instances of a 6-activity no-op orchestration, all scheduled at once (1,000; 100 on Azure Storage,
//   whose queues Azurite serves at a few instances a second);
// - step overhead: instances one at a time; a step is the time from one activity starting to the next one starting
//   (result recorded, orchestrator replayed, next activity scheduled and started); with three worker processes an
//   instance's steps may cross from one process to another, and the workers' marks are merged.
// Each run is a fresh process with a fresh engine (and a fresh Azurite); the medians of the runs are printed per engine
// with their ratio, and the last line is the embedded engine's.
const int Runs = 5;
const int AzureStorageRuns = 3;
string[] engines = ["embedded", "durable", "azurestorage", "azurestorage3"];

if (args is ["--worker", var connection, var hub])
{
    // One of the three worker processes: runs orchestrations and activities until its input closes, then prints when
    // each activity started (Stopwatch timestamps: the machine's monotonic clock, the same in every process).
    var marks = new StepClock();
    await using (await HostRunning.StartAzureStorageAsync(Register, marks, connection, hub, runWorker: true))
    {
        await Console.In.ReadToEndAsync();
    }

    foreach (var (instance, timestamp) in marks.Marks)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{instance} {timestamp}"));
    }

    return;
}

if (args is ["--run", var only])
{
    var (instancesPerSecond, peakMb, p50StepMs) = await RunAsync(only);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{instancesPerSecond:F1} {peakMb:F1} {p50StepMs:F3}"));
    return;
}

var results = engines.ToDictionary(engine => engine, _ => new List<double[]>());
for (var run = 0; run < Runs; run++)
{
    foreach (var engine in engines.Where(engine => run < (engine.StartsWith("azurestorage", StringComparison.Ordinal) ? AzureStorageRuns : Runs)))
    {
        using var process = Process.Start(Self(
            engine == "durable"
                // The test host admits as many work items at once as there are processors and then polls every 500 ms:
                // lifted, so the run measures the replay engine and its sidecar rather than that poll.
                ? new() { ["DOTNET_PROCESSOR_COUNT"] = "1000" }
                : [],
            "--run",
            engine))!;
        var line = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        results[engine].Add([.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture))]);
        Console.WriteLine($"run {run} {engine}: instances/s={results[engine][^1][0]:F1} p50_step_ms={results[engine][^1][2]:F2}");
    }
}

double Median(string engine, int column) => results[engine].Select(r => r[column]).Order().ElementAt(results[engine].Count / 2);
Console.WriteLine($"durable test host: instances/s={Median("durable", 0):F0} peak_mb={results["durable"].Max(r => r[1]):F0} p50_step_ms={Median("durable", 2):F2}");
Console.WriteLine($"azure storage (azurite), 1 process: instances/s={Median("azurestorage", 0):F1} p50_step_ms={Median("azurestorage", 2):F1}");
Console.WriteLine($"azure storage (azurite), 3 worker processes: instances/s={Median("azurestorage3", 0):F1} p50_step_ms={Median("azurestorage3", 2):F1}");
Console.WriteLine($"embedded / durable test host: instances/s {Median("embedded", 0) / Median("durable", 0):F2}x, p50_step_ms {Median("embedded", 2) / Median("durable", 2):F2}x");
Console.WriteLine($"embedded / azure storage: instances/s {Median("embedded", 0) / Median("azurestorage", 0):F0}x, p50_step_ms {Median("embedded", 2) / Median("azurestorage", 2):F3}x; 3 processes / 1: instances/s {Median("azurestorage3", 0) / Median("azurestorage", 0):F2}x");
Console.WriteLine($"instances/s={Median("embedded", 0):F0} peak_mb={results["embedded"].Max(r => r[1]):F0} p50_step_ms={Median("embedded", 2):F2}");

static void Register(OrchestrationRegistry registry) => registry.AddOrchestrator<SixStepOrchestration>().AddActivity<NoOpActivity>();

/// <summary>This bench again, as a process of its own with <paramref name="arguments"/> (a worker reads its input to know when to stop).</summary>
static ProcessStartInfo Self(Dictionary<string, string> environment, params string[] arguments)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = arguments[0] == "--worker" };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        start.ArgumentList.Add(typeof(StepClock).Assembly.Location);
    }

    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    foreach (var (name, value) in environment)
    {
        start.Environment[name] = value;
    }

    return start;
}

static async Task<(double InstancesPerSecond, double PeakMb, double P50StepMs)> RunAsync(string engine)
{
    var folder = Directory.CreateTempSubdirectory("sora-bench-engine-");
    try
    {
        var clock = new StepClock();
        var (instances, sequential) = engine.StartsWith("azurestorage", StringComparison.Ordinal) ? (100, 10) : (1000, 100);
        await using var azurite = engine.StartsWith("azurestorage", StringComparison.Ordinal) ? await Azurite.StartStorageAsync() : null;
        var workers = engine == "azurestorage3"
            ? Enumerable.Range(0, 3).Select(_ => Process.Start(Self([], "--worker", azurite!.ConnectionString, "bench"))!).ToList()
            : [];
        await using var running = engine switch
        {
            "durable" => await DurableRunning.StartAsync(Register, clock),
            "azurestorage" or "azurestorage3" => await HostRunning.StartAzureStorageAsync(Register, clock, azurite!.ConnectionString, "bench", runWorker: engine == "azurestorage"),
            _ => await HostRunning.StartEmbeddedAsync(Register, clock, Path.Combine(folder.FullName, "engine.db")),
        };
        var client = running.Client;

        // Warm-up: JIT, connections, caches; three workers also share out the partitions' leases, a third of a lease
        // interval at a time.
        await RunOneAsync(client, "warmup");
        if (workers.Count > 0)
        {
            await Task.Delay(new DurableStorageOptions().LeaseInterval);
        }

        var throughput = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, instances).Select(i =>
            client.ScheduleNewOrchestrationInstanceAsync(nameof(SixStepOrchestration), i, new StartOrchestrationOptions($"load-{i:D4}"))));
        var completed = await Task.WhenAll(ids.Select(id => client.WaitForInstanceCompletionAsync(id)));
        throughput.Stop();
        var failed = completed.Count(r => r.RuntimeStatus != OrchestrationRuntimeStatus.Completed);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} instances did not complete.");
        }

        clock.Clear();
        for (var i = 0; i < sequential; i++)
        {
            await RunOneAsync(client, $"seq-{i:D3}");
        }

        foreach (var worker in workers)
        {
            worker.StandardInput.Close(); // a graceful stop: its leases released
            foreach (var line in (await worker.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var (instance, timestamp) = (line.Split(' ')[0], long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture));
                if (instance.StartsWith("seq-", StringComparison.Ordinal))
                {
                    clock.Mark(instance, timestamp);
                }
            }

            await worker.WaitForExitAsync();
        }

        var steps = clock.StepMilliseconds().Order().ToArray();

        return (instances / throughput.Elapsed.TotalSeconds, Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), steps[steps.Length / 2]);
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

    /// <summary>
    /// An engine in a generic host of its own: the embedded one over a database file, or Durable Task on Azure Storage
    /// (a client, and with <c>runWorker</c> a worker, on one task hub).
    /// </summary>
    public sealed class HostRunning(IHost host) : IRunning
    {
        public OrchestrationClient Client => host.Services.GetRequiredService<OrchestrationClient>();

        public static Task<IRunning> StartEmbeddedAsync(Action<OrchestrationRegistry> register, StepClock clock, string database) =>
            StartAsync(register, clock, builder =>
            {
                builder.Services.Configure<EmbeddedEngineOptions>(o => o.DatabasePath = database);
                builder.Services.AddEmbeddedOrchestrationEngine();
            });

        public static Task<IRunning> StartAzureStorageAsync(Action<OrchestrationRegistry> register, StepClock clock, string connection, string hub, bool runWorker) =>
            StartAsync(register, clock, builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"{DurableStorageOptions.Section}:ConnectionString"] = connection,
                    [$"{DurableStorageOptions.Section}:TaskHub"] = hub,
                });
                builder.Services.AddDurableStorageEngine(runWorker);
            });

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }

        private static async Task<IRunning> StartAsync(Action<OrchestrationRegistry> register, StepClock clock, Action<HostApplicationBuilder> engine)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(clock);
            builder.Services.AddOrchestrations(register);
            engine(builder);
            var host = builder.Build();
            await host.StartAsync();
            return new HostRunning(host);
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

        public void Mark(string instanceId, long? timestamp = null) =>
            starts.GetOrAdd(instanceId, _ => new ConcurrentQueue<long>()).Enqueue(timestamp ?? Stopwatch.GetTimestamp());

        public void Clear() => starts.Clear();

        public IEnumerable<(string Instance, long Timestamp)> Marks =>
            starts.SelectMany(instance => instance.Value.Select(timestamp => (instance.Key, timestamp)));

        public IEnumerable<double> StepMilliseconds() => starts.Values.Select(marks => marks.Order().ToList()).SelectMany(marks =>
            marks.Zip(marks.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds));
    }
}
