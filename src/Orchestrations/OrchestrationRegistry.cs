using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SoraFunctions.Orchestrations;

/// <summary>The orchestrators and activities a worker can run, each under its type's name (its <c>nameof</c>).</summary>
public sealed class OrchestrationRegistry
{
    private readonly Dictionary<string, Func<IOrchestrator>> orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Type> activities = new(StringComparer.OrdinalIgnoreCase);

    public OrchestrationRegistry AddOrchestrator<T>() where T : class, IOrchestrator, new() =>
        AddOrchestrator(typeof(T).Name, () => new T());

    /// <summary>Registers a factory under an explicit name, e.g. a new version of an orchestrator.</summary>
    public OrchestrationRegistry AddOrchestrator(string name, Func<IOrchestrator> factory)
    {
        orchestrators[name] = factory;
        return this;
    }

    public OrchestrationRegistry AddActivity<T>() where T : class, IActivity => AddActivity<T>(typeof(T).Name);

    /// <summary>Registers an activity under an explicit name, e.g. a stand-in for another.</summary>
    public OrchestrationRegistry AddActivity<T>(string name) where T : class, IActivity
    {
        activities[name] = typeof(T);
        return this;
    }

    /// <summary>Every orchestrator's name: what a host that runs them under another engine registers.</summary>
    public IEnumerable<string> OrchestratorNames => orchestrators.Keys;

    /// <summary>Each activity's name and type (resolved from dependency injection).</summary>
    public IReadOnlyDictionary<string, Type> Activities => activities;

    public IOrchestrator? CreateOrchestrator(string name) =>
        orchestrators.TryGetValue(name, out var factory) ? factory() : null;
}

public static class OrchestrationRegistryServiceCollectionExtensions
{
    /// <summary>Adds orchestrators and activities (activities resolved from DI); may be called once per feature.</summary>
    public static IServiceCollection AddOrchestrations(this IServiceCollection services, Action<OrchestrationRegistry> register)
    {
        var registry = services
            .Select(descriptor => descriptor.ImplementationInstance)
            .OfType<OrchestrationRegistry>()
            .FirstOrDefault();
        if (registry is null)
        {
            registry = new OrchestrationRegistry();
            services.AddSingleton(registry);
        }

        register(registry);
        foreach (var activityType in registry.Activities.Values)
        {
            services.TryAddTransient(activityType);
        }

        return services;
    }
}
