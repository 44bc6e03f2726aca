using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.DurableHost;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Scenarios;

namespace SoraFunctions.Functions.Tests;

/// <summary>The shared orchestration scenarios on Durable Task's replay engine, through the Functions app's adapters.</summary>
public sealed class DurableScenarios : OrchestrationScenarios
{
    protected override async Task<IScenarioEngine> StartAsync(Action<OrchestrationRegistry> register, Action<IServiceCollection> services) =>
        new Engine(await DurableTestEngine.StartAsync(register, services));

    private sealed class Engine(DurableTestEngine engine) : IScenarioEngine
    {
        public OrchestrationClient Client => engine.Client;

        public ValueTask DisposeAsync() => engine.DisposeAsync();
    }
}
