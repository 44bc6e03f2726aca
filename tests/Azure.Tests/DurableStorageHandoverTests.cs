using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Emulators;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Scenarios;

namespace SoraFunctions.Azure.Tests;

/// <summary>
/// Two workers of one task hub on Durable Task's Azure Storage backend (Azurite), as two instances of the cloud profile
/// are: one stopped gracefully releases its partitions' leases, and the other takes them over within seconds, not
/// after a lease period.
/// </summary>
public sealed class DurableStorageHandoverTests : IAsyncLifetime
{
    private readonly string hub = $"handover{Guid.NewGuid():N}"[..20];
    private Azurite storage = null!;

    public async Task InitializeAsync() => storage = await Azurite.StartStorageAsync();

    public async Task DisposeAsync() => await storage.DisposeAsync();

    [Fact]
    public async Task A_worker_stopped_gracefully_hands_its_partitions_over_in_seconds_rather_than_a_lease_period()
    {
        await using var first = await StartAsync();
        await RunAsync(first.Client, "before", 8); // the first worker holds every partition
        await using var second = await StartAsync();

        var handover = Stopwatch.StartNew();
        await first.DisposeAsync();
        await RunAsync(second.Client, "after", 8); // spread over every partition, the first's too
        handover.Stop();
        var steady = Stopwatch.StartNew();
        await RunAsync(second.Client, "steady", 8); // the same work once the partitions are the second's
        Console.WriteLine($"handover: the first worker stopped and eight instances ran on the second in {handover.Elapsed.TotalSeconds:F1} s; eight more then took {steady.Elapsed.TotalSeconds:F1} s");

        // Leases not released would keep the first worker's partitions idle for a whole lease interval.
        Assert.InRange(handover.Elapsed, TimeSpan.Zero, new DurableStorageOptions().LeaseInterval);
    }

    private static async Task RunAsync(OrchestrationClient client, string prefix, int count)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            client.ScheduleNewOrchestrationInstanceAsync(nameof(ChainOrchestration), i, new StartOrchestrationOptions($"{prefix}-{i}"), patience.Token)));
        var done = await Task.WhenAll(ids.Select(id => client.WaitForInstanceCompletionAsync(id, cancellation: patience.Token)));
        Assert.All(done, instance => Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus));
    }

    private async Task<Worker> StartAsync()
    {
        var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(new Probe())
            .AddOrchestrations(registry => registry.AddOrchestrator<ChainOrchestration>().AddActivity<AddOneActivity>())
            .AddDurableStorageEngine()
            .Configure<DurableStorageOptions>(options => (options.ConnectionString, options.TaskHub) = (storage.ConnectionString, hub))
            .BuildServiceProvider();
        var workers = provider.GetServices<IHostedService>().ToList();
        foreach (var worker in workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        return new Worker(provider, workers);
    }

    private sealed class Worker(ServiceProvider provider, List<IHostedService> workers) : IAsyncDisposable
    {
        private bool stopped;

        public OrchestrationClient Client => provider.GetRequiredService<OrchestrationClient>();

        public async ValueTask DisposeAsync()
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
            foreach (var worker in workers)
            {
                await worker.StopAsync(CancellationToken.None);
            }

            await provider.DisposeAsync();
        }
    }
}
