using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Azure.Metadata;

public static class CosmosServiceCollectionExtensions
{
    /// <summary>
    /// Every record on the Cosmos DB account <c>Sora:Metadata</c> names, for each host that keeps them there (the Functions
    /// app, the local server's cloud profile): the stores over one client, and the outboxes of the containers that
    /// keep one (videos; members, which holds the relations', cameos' and moderation's events; engagement).
    /// </summary>
    public static IServiceCollection AddCosmosStores(this IServiceCollection services)
    {
        services.AddOptions<CosmosVideoStoreOptions>().BindConfiguration(CosmosVideoStoreOptions.Section);
        services.AddSingleton(sp => new CosmosAccount(sp.GetRequiredService<IOptions<CosmosVideoStoreOptions>>().Value));
        services.AddSingleton<IVideoStore>(sp => sp.GetRequiredService<CosmosAccount>().Videos());
        services.AddSingleton<IMemberStore>(sp => sp.GetRequiredService<CosmosAccount>().Members());
        services.AddSingleton<IRelationStore>(sp => sp.GetRequiredService<CosmosAccount>().Relations());
        services.AddSingleton<ICameoStore>(sp => sp.GetRequiredService<CosmosAccount>().Cameos());
        services.AddSingleton<IEngagementStore>(sp => sp.GetRequiredService<CosmosAccount>().Engagement());
        services.AddSingleton<IFeedStore>(sp => sp.GetRequiredService<CosmosAccount>().Feeds());
        services.AddSingleton<IModerationStore>(sp => sp.GetRequiredService<CosmosAccount>().Moderation());
        services.AddSingleton<INotificationStore>(sp => sp.GetRequiredService<CosmosAccount>().Notifications());
        services.AddSingleton<IWebhookStore>(sp => sp.GetRequiredService<CosmosAccount>().Webhooks());
        services.AddSingleton<IGenerationQueueStore>(sp => sp.GetRequiredService<CosmosAccount>().GenerationQueue());
        services.AddSingleton(sp => (IOutbox)sp.GetRequiredService<IVideoStore>());
        services.AddSingleton(sp => (IOutbox)sp.GetRequiredService<IMemberStore>());
        services.AddSingleton(sp => (IOutbox)sp.GetRequiredService<IEngagementStore>());
        return services;
    }
}
