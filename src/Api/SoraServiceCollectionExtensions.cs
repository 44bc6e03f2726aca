using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Events;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Orchestrations.Webhooks;

namespace SoraFunctions.Api;

public static class SoraServiceCollectionExtensions
{
    /// <summary>
    /// The service's own rules, the same in every host (the Functions app, the local server and the CLI): accounts,
    /// relations, engagement, feeds and search, the video pipeline, cameos, webhook deliveries, and the event handlers
    /// that need nothing of the host (notifications, the feed fan-out). Each port's adapter is the host's to choose.
    /// </summary>
    public static IServiceCollection AddSoraApplication(this IServiceCollection services)
    {
        services.AddAccounts();
        services.AddVideoPipeline();
        services.AddCameos();
        services.AddWebhookDelivery();
        services.AddSingleton<IEventHandler, NotificationHandler>();
        services.AddSingleton<IEventHandler, FeedFanOut>();
        return services;
    }
}
