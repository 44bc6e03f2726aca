using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Emulators;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Scenarios;

namespace SoraFunctions.Azure.Tests;

/// <summary>
/// The shared orchestration scenarios on Durable Task's Azure Storage backend (Azurite): the engine the cloud profile
/// and Durable Functions run, each scenario in a task hub of its own.
/// </summary>
public sealed class DurableStorageScenarios : OrchestrationScenarios, IAsyncLifetime
{
    private Azurite storage = null!;

    public async Task InitializeAsync() => storage = await Azurite.StartStorageAsync();

    public async Task DisposeAsync() => await storage.DisposeAsync();

    protected override async Task<IScenarioEngine> StartAsync(Action<OrchestrationRegistry> register, Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        configure(services);
        services.AddOrchestrations(register);
        services.AddDurableStorageEngine();
        services.Configure<DurableStorageOptions>(options =>
        {
            options.ConnectionString = storage.ConnectionString;
            options.TaskHub = $"scenario{Guid.NewGuid():N}"[..24];
            options.MaxPollingInterval = TimeSpan.FromMilliseconds(500);
        });
        var provider = services.BuildServiceProvider();
        var workers = provider.GetServices<IHostedService>().ToList();
        foreach (var worker in workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        return new Engine(provider, workers);
    }

    private sealed class Engine(ServiceProvider provider, List<IHostedService> workers) : IScenarioEngine
    {
        public OrchestrationClient Client => provider.GetRequiredService<OrchestrationClient>();

        public async ValueTask DisposeAsync()
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync(CancellationToken.None);
            }

            await provider.DisposeAsync();
        }
    }
}
