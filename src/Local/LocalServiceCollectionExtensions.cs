using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Api;
using SoraFunctions.Azure.Events;
using SoraFunctions.Azure.Metadata;
using SoraFunctions.Azure.Provenance;
using SoraFunctions.Azure.Safety;
using SoraFunctions.Azure.Speech;
using SoraFunctions.Azure.Storage;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Social;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Media;
using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Generation;
using SoraFunctions.Media.Likeness;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Embedded;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Orchestrations.Webhooks;

namespace SoraFunctions.Local;

public static class LocalServiceCollectionExtensions
{
    /// <summary>
    /// The embedded default of every port, in the data folder named by <c>Sora:DataPath</c>, or the Azure adapter where
    /// configuration names one (<c>Sora:Metadata</c>, <c>Sora:ClipStore</c>, <c>Sora:ContentSafety</c>, <c>Sora:Speech</c>,
    /// <c>Sora:Events</c>, <c>Sora:Provenance</c>). With <paramref name="runPipelines"/> the engine and the outbox relay run in this
    /// process; without, it only reads and starts videos (another process runs them).
    /// </summary>
    public static IServiceCollection AddSoraLocal(this IServiceCollection services, bool runPipelines)
    {
        services.AddOptions<SoraOptions>().BindConfiguration(SoraOptions.SectionName);
        services.AddSingleton(sp => new DataFolder(sp.GetRequiredService<IOptions<SoraOptions>>().Value.DataPath));
        services.AddOptions<EmbeddedEngineOptions>()
            .Configure<DataFolder>((options, data) => options.DatabasePath = data.EngineDatabase);

        // The records in one place: Cosmos DB where configured, else the SQLite metadata database, whose one outbox every
        // store fills. Cosmos DB's containers keep an outbox each.
        services.AddOptions<CosmosVideoStoreOptions>().BindConfiguration(CosmosVideoStoreOptions.Section);
        services.AddSingleton(sp => new CosmosAccount(sp.GetRequiredService<IOptions<CosmosVideoStoreOptions>>().Value));
        services.AddStore<IVideoStore>(cosmos => cosmos.Videos(), data => new SqliteVideoStore(data));
        services.AddStore<IMemberStore>(cosmos => cosmos.Members(), data => new SqliteMemberStore(data));
        services.AddStore<IRelationStore>(cosmos => cosmos.Relations(), data => new SqliteRelationStore(data));
        services.AddStore<ICameoStore>(cosmos => cosmos.Cameos(), data => new SqliteCameoStore(data));
        services.AddStore<IEngagementStore>(cosmos => cosmos.Engagement(), data => new SqliteEngagementStore(data));
        services.AddStore<IFeedStore>(cosmos => cosmos.Feeds(), data => new SqliteFeedStore(data));
        services.AddStore<IModerationStore>(cosmos => cosmos.Moderation(), data => new SqliteModerationStore(data));
        services.AddStore<INotificationStore>(cosmos => cosmos.Notifications(), data => new SqliteNotificationStore(data));
        services.AddStore<IWebhookStore>(cosmos => cosmos.Webhooks(), data => new SqliteWebhookStore(data));
        services.AddSingleton(sp => (IOutbox)sp.GetRequiredService<IVideoStore>());
        services.AddSingleton(sp => sp.GetRequiredService<IMemberStore>() as IOutbox ?? (IOutbox)sp.GetRequiredService<IVideoStore>());
        services.AddSingleton(sp => sp.GetRequiredService<IEngagementStore>() as IOutbox ?? (IOutbox)sp.GetRequiredService<IVideoStore>());
        services.AddAccounts();
        services.AddScenePreview();
        services.AddOptions<BlobClipStoreOptions>().BindConfiguration(BlobClipStoreOptions.Section);
        services.AddSingleton<IClipStore>(sp =>
            sp.GetRequiredService<IOptions<BlobClipStoreOptions>>().Value.CreateContainerClient() is { } container
                ? new BlobClipStore(container)
                : new FileClipStore(sp.GetRequiredService<DataFolder>()));
        services.AddContentAnalyzer();
        services.AddSingleton<LocalJobLauncher>();
        services.AddSingleton<IJobLauncher>(sp => sp.GetRequiredService<LocalJobLauncher>());
        services.AddSingleton<IMediaEngine, FfmpegMediaEngine>();
        services.AddOptions<LikenessOptions>().BindConfiguration(LikenessOptions.SectionName);
        services.AddSingleton<ILikenessAnalyzer>(sp => new LikenessAnalyzer(sp.GetRequiredService<IOptions<LikenessOptions>>().Value));
        services.AddOptions<SpeechOptions>().BindConfiguration(SpeechOptions.Section);
        services.AddSingleton<ISpeechTranscriber>(sp => sp.GetRequiredService<IOptions<SpeechOptions>>().Value is { Endpoint: { } speech } azureSpeech
            ? azureSpeech.CreateTranscriber(speech)
            : new SphinxTranscriber(sp.GetRequiredService<IOptions<LikenessOptions>>().Value));
        services.AddOptions<EventGridOptions>().BindConfiguration(EventGridOptions.Section);
        services.AddSingleton<IEventPublisher>(sp =>
            sp.GetRequiredService<IOptions<EventGridOptions>>().Value is { TopicEndpoint: { } topic } grid
                ? new EventGridPublisher(grid.CreateClient(topic))
                : new InProcessEventBus(sp.GetServices<IEventHandler>()));
        services.AddSingleton<IEventHandler, EventLogHandler>();
        services.AddSingleton<IEventHandler, VideoRemovalHandler>();
        services.AddSingleton<IEventHandler, MemberDeletionHandler>();
        services.AddSingleton<IEventHandler, CameoDeletionHandler>();
        services.AddSingleton<IEventHandler, NotificationHandler>();
        services.AddSingleton<IEventHandler, FeedFanOut>();
        services.AddSingleton<IEventHandler, WebhookDispatcher>();
        services.AddOptions<KeyVaultSignerOptions>().BindConfiguration(KeyVaultSignerOptions.Section);
        services.AddSingleton<IProvenanceSigner>(sp => sp.GetRequiredService<IOptions<KeyVaultSignerOptions>>().Value.CreateSigner()
            ?? (IProvenanceSigner)new FileKeySigner(sp.GetRequiredService<DataFolder>()));
        services.AddVideoPipeline();
        services.AddCameos();
        services.AddWebhookDelivery();

        if (runPipelines)
        {
            services.AddEmbeddedOrchestrationEngine();
            services.AddHostedService<OutboxRelay>();
            services.AddHostedService<AbandonedJobReporter>();
        }
        else
        {
            services.AddEmbeddedOrchestrationClient();
        }

        return services;
    }

    /// <summary>A store on Cosmos DB where <c>Sora:Metadata</c> names an account, else in the data folder's SQLite database.</summary>
    private static void AddStore<T>(this IServiceCollection services, Func<CosmosAccount, T> cosmos, Func<DataFolder, T> sqlite) where T : class =>
        services.AddSingleton(sp => sp.GetRequiredService<CosmosAccount>() is { IsConfigured: true } account
            ? cosmos(account)
            : sqlite(sp.GetRequiredService<DataFolder>()));

    /// <summary>What the configured generator will draw of a prompt (nothing to say of a remote one), for the prompt review.</summary>
    public static IServiceCollection AddScenePreview(this IServiceCollection services) =>
        services.AddSingleton<IScenePreview>(sp => new PlannedScenePreview(sp.GetRequiredService<IConfiguration>().GetSection(GeneratorOptions.Section).Get<GeneratorOptions>()));

    /// <summary>
    /// The content analyzer: Azure AI Content Safety when <c>Sora:ContentSafety:Endpoint</c> is set, else the local
    /// rules; the screener over it applies the one policy either way.
    /// </summary>
    public static IServiceCollection AddContentAnalyzer(this IServiceCollection services)
    {
        services.AddOptions<ContentSafetyOptions>().BindConfiguration(ContentSafetyOptions.Section);
        services.AddSingleton<IContentAnalyzer>(sp =>
            sp.GetRequiredService<IOptions<ContentSafetyOptions>>().Value is { Endpoint: { } endpoint } azure
                ? new AzureContentAnalyzer(azure.CreateClient(endpoint), azure.BlocklistNames)
                : new LocalContentAnalyzer());
        services.AddContentScreening();
        return services;
    }
}
