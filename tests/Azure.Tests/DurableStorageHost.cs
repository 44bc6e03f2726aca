using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Scenarios;

namespace SoraFunctions.Azure.Tests;

/// <summary>
/// A worker of a task hub on Durable Task's Azure Storage backend, with its client, as an instance of the cloud
/// profile runs one; disposing it stops it gracefully (once, however often it is disposed).
/// </summary>
public sealed class DurableStorageHost(ServiceProvider provider, List<IHostedService> workers) : IScenarioEngine
{
    private bool stopped;

    public OrchestrationClient Client => provider.GetRequiredService<OrchestrationClient>();

    public static async Task<DurableStorageHost> StartAsync(
        string connection, string hub, Action<OrchestrationRegistry> register, Action<IServiceCollection> configure, TimeSpan? maxPollingInterval = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        configure(services);
        services.AddOrchestrations(register);
        services.AddDurableStorageEngine();
        services.Configure<DurableStorageOptions>(options =>
        {
            (options.ConnectionString, options.TaskHub) = (connection, hub);
            options.MaxPollingInterval = maxPollingInterval ?? options.MaxPollingInterval;
        });
        var provider = services.BuildServiceProvider();
        var workers = provider.GetServices<IHostedService>().ToList();
        foreach (var worker in workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        return new DurableStorageHost(provider, workers);
    }

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
