using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Orchestrations.Scenarios;

namespace SoraFunctions.Orchestrations.Tests.Embedded;

/// <summary>The shared orchestration scenarios on the embedded engine.</summary>
public sealed class EmbeddedScenarios : OrchestrationScenarios, IDisposable
{
    private readonly TempFolder folder = new();

    protected override async Task<IScenarioEngine> StartAsync(Action<OrchestrationRegistry> register, Action<IServiceCollection> services) =>
        await TestEngine.StartAsync(folder.Database, register, services);

    public void Dispose() => folder.Dispose();
}
