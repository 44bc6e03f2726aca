using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
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

        // The second starts once the first has stopped, so that it finds the partitions released (a worker that joins
        // while another stops may still be taking partitions over from it, which is not what this measures).
        var handover = Stopwatch.StartNew();
        await first.DisposeAsync();
        await using var second = await StartAsync();
        await RunAsync(second.Client, "after", 8); // spread over every partition, the first's too
        handover.Stop();
        var steady = Stopwatch.StartNew();
        await RunAsync(second.Client, "steady", 8); // the same work once the partitions are the second's
        Console.WriteLine($"handover: the first worker stopped, the second started and eight instances ran on it in {handover.Elapsed.TotalSeconds:F1} s; eight more then took {steady.Elapsed.TotalSeconds:F1} s");

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

    private Task<DurableStorageHost> StartAsync() => DurableStorageHost.StartAsync(
        storage.ConnectionString, hub, registry => registry.AddOrchestrator<ChainOrchestration>().AddActivity<AddOneActivity>(),
        services => services.AddSingleton(new Probe()));
}
