using DurableTask.AzureStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraFunctions.Orchestrations;

namespace SoraFunctions.Azure.Durable;

public static class DurableStorageServiceCollectionExtensions
{
    /// <summary>
    /// The orchestration client on Durable Task's Azure Storage backend (<see cref="DurableStorageOptions"/>) and, with
    /// <paramref name="runWorker"/>, the worker that runs this process's share of the task hub.
    /// </summary>
    public static IServiceCollection AddDurableStorageEngine(this IServiceCollection services, bool runWorker = true)
    {
        services.AddOptions<DurableStorageOptions>()
            .BindConfiguration(DurableStorageOptions.Section)
            .Validate(o => o.IsConfigured, $"{DurableStorageOptions.Section}:ConnectionString is required.")
            .Validate(o => o.Partitions is >= 1 and <= 16, $"{DurableStorageOptions.Section}:Partitions must be 1 to 16.")
            .Validate(o => o.LeaseInterval >= TimeSpan.FromSeconds(5), $"{DurableStorageOptions.Section}:LeaseInterval must be at least 5 seconds.")
            .Validate(o => o.VisibilityTimeout >= TimeSpan.FromSeconds(5), $"{DurableStorageOptions.Section}:VisibilityTimeout must be at least 5 seconds.")
            .ValidateOnStart();
        services.AddSingleton(sp => new AzureStorageOrchestrationService(
            sp.GetRequiredService<IOptions<DurableStorageOptions>>().Value.Settings(sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<OrchestrationClient>(sp => new DurableStorageClient(sp.GetRequiredService<AzureStorageOrchestrationService>()));
        if (runWorker)
        {
            services.AddOrchestrations(_ => { });
            services.AddHostedService<DurableStorageWorker>();
        }

        return services;
    }
}
