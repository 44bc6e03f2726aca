using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SoraFunctions.Orchestrations.Embedded;

public static class EmbeddedEngineServiceCollectionExtensions
{
    /// <summary>The orchestration client over the embedded store, for processes that only start and steer instances.</summary>
    public static IServiceCollection AddEmbeddedOrchestrationClient(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedEngineOptions>()
            .BindConfiguration(EmbeddedEngineOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DatabasePath), "Sora:Engine:DatabasePath is required.")
            .Validate(o => o.MaxConcurrentOrchestrations >= 1, "Sora:Engine:MaxConcurrentOrchestrations must be at least 1.")
            .Validate(o => o.MaxConcurrentActivities >= 1, "Sora:Engine:MaxConcurrentActivities must be at least 1.")
            .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(1), "Sora:Engine:LeaseDuration must be at least 1 second.")
            .Validate(o => o.MaxPollInterval > TimeSpan.Zero, "Sora:Engine:MaxPollInterval must be positive.")
            .Validate(o => o.MaxActivityDeliveries >= 1, "Sora:Engine:MaxActivityDeliveries must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageHealth>();
        services.TryAddSingleton<SqliteOrchestrationStore>();
        services.TryAddSingleton<OrchestrationClient, EmbeddedOrchestrationClient>();
        return services;
    }

    /// <summary>The client plus the worker that runs every pending orchestration and activity in the store.</summary>
    public static IServiceCollection AddEmbeddedOrchestrationEngine(this IServiceCollection services)
    {
        services.AddEmbeddedOrchestrationClient();
        services.AddHostedService<EmbeddedOrchestrationWorker>();
        return services;
    }
}
