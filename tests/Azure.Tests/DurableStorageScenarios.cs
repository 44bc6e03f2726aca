using Microsoft.Extensions.DependencyInjection;
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

    protected override async Task<IScenarioEngine> StartAsync(Action<OrchestrationRegistry> register, Action<IServiceCollection> configure) =>
        await DurableStorageHost.StartAsync(
            storage.ConnectionString, $"scenario{Guid.NewGuid():N}"[..24], register, configure, maxPollingInterval: TimeSpan.FromMilliseconds(500));
}
