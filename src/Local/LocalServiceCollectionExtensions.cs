using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Api;
using SoraFunctions.Azure.Durable;
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
using SoraFunctions.Media.Publishing;
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
    /// <c>Sora:Events</c>, <c>Sora:EventQueue</c>, <c>Sora:Durable</c>, <c>Sora:Provenance</c>); <c>Sora:Profile</c>
    /// <c>cloud</c>, and the Durable engine, insist on the Functions app's composition (see <see cref="RequireCloud"/>). With
    /// <paramref name="runPipelines"/> the engine, the outbox relay and the event queue's receiver run in this process;
    /// without, it only reads and starts videos (another process runs them).
    /// </summary>
    public static IServiceCollection AddSoraLocal(this IServiceCollection services, IConfiguration configuration, bool runPipelines)
    {
        var durable = configuration.GetSection(DurableStorageOptions.Section).Get<DurableStorageOptions>() ?? new DurableStorageOptions();
        var eventQueue = configuration.GetSection(EventQueueOptions.Section).Get<EventQueueOptions>() ?? new EventQueueOptions();
        // The Durable engine moves a pipeline's steps between processes: they must share every record, clip and event.
        if (durable.IsConfigured || configuration.GetSection(SoraOptions.SectionName).Get<SoraOptions>() is { IsCloud: true })
        {
            RequireCloud(configuration);
        }

        services.AddOptions<SoraOptions>().BindConfiguration(SoraOptions.SectionName);
        services.AddSingleton(sp => new DataFolder(sp.GetRequiredService<IOptions<SoraOptions>>().Value.DataPath));
        services.AddOptions<EmbeddedEngineOptions>()
            .Configure<DataFolder>((options, data) => options.DatabasePath = data.EngineDatabase);

        // The records in one place: Cosmos DB where configured, else the SQLite metadata database, whose one outbox every
        // store fills.
        if (configuration[$"{CosmosVideoStoreOptions.Section}:Endpoint"] is { Length: > 0 })
        {
            services.AddCosmosStores();
        }
        else
        {
            services.AddSqliteStores();
        }

        services.AddSoraApplication();
        services.AddScenePreview();
        services.AddOptions<BlobClipStoreOptions>().BindConfiguration(BlobClipStoreOptions.Section);
        services.AddSingleton<IClipStore>(sp =>
            sp.GetRequiredService<IOptions<BlobClipStoreOptions>>().Value.CreateContainerClient() is { } container
                ? new BlobClipStore(container)
                : new FileClipStore(sp.GetRequiredService<DataFolder>()));
        services.AddContentAnalyzer();
        // A job's next step may run in another instance on the Durable engine: its record then lives in the clip store.
        if (durable.IsConfigured)
        {
            services.AddSingleton<IJobLauncher, StoreJobLauncher>();
        }
        else
        {
            services.AddSingleton<LocalJobLauncher>();
            services.AddSingleton<IJobLauncher>(sp => sp.GetRequiredService<LocalJobLauncher>());
        }

        services.AddSingleton((configuration.GetSection(GeneratorOptions.Section).Get<GeneratorOptions>() ?? new GeneratorOptions())
            .PoolWith(configuration.GetSection(GenerationOptions.Section).Get<GenerationOptions>()?.Slots));
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
                : eventQueue.IsConfigured
                    ? new EventQueuePublisher(eventQueue.CreateClient())
                    : new InProcessEventBus(sp.GetServices<IEventHandler>()));
        services.AddSingleton<IEventHandler, EventLogHandler>();
        services.AddSingleton<IEventHandler, VideoRemovalHandler>();
        services.AddSingleton<IEventHandler, GenerationQueueHandler>();
        services.AddSingleton<IEventHandler, MemberDeletionHandler>();
        services.AddSingleton<IEventHandler, CameoDeletionHandler>();
        services.AddSingleton<IEventHandler, WebhookDispatcher>();
        services.AddOptions<KeyVaultSignerOptions>().BindConfiguration(KeyVaultSignerOptions.Section);
        services.AddSingleton<IProvenanceSigner>(sp => sp.GetRequiredService<IOptions<KeyVaultSignerOptions>>().Value.CreateSigner()
            ?? (IProvenanceSigner)new FileKeySigner(sp.GetRequiredService<DataFolder>()));
        services.AddOptions<ContentCredentialsOptions>().BindConfiguration(ContentCredentialsOptions.Section);
        services.AddSingleton<IContentCredentials>(sp => new C2paSigner(
            sp.GetRequiredService<IProvenanceSigner>(), sp.GetRequiredService<IOptions<ContentCredentialsOptions>>().Value, sp.GetRequiredService<ILogger<C2paSigner>>()));

        if (durable.IsConfigured)
        {
            services.AddDurableStorageEngine(runWorker: runPipelines);
        }
        else if (runPipelines)
        {
            services.AddEmbeddedOrchestrationEngine();
        }
        else
        {
            services.AddEmbeddedOrchestrationClient();
        }

        if (runPipelines)
        {
            services.AddHostedService<OutboxRelay>();
            if (!durable.IsConfigured)
            {
                services.AddHostedService<AbandonedJobReporter>();
            }

            if (eventQueue.IsConfigured)
            {
                services.AddSingleton(eventQueue);
                services.AddHostedService<EventQueueReceiver>();
            }
        }

        return services;
    }

    /// <summary>
    /// The cloud profile's settings, each one a service the Functions app runs on: Cosmos DB (<c>Sora:Metadata</c>),
    /// Blob Storage (<c>Sora:ClipStore</c>), Durable Task on Azure Storage (<c>Sora:Durable</c>) and the event queue
    /// (<c>Sora:EventQueue</c>). A profile half configured would run some ports embedded in one process and shared in
    /// another: refused at start, naming what is missing.
    /// </summary>
    private static void RequireCloud(IConfiguration configuration)
    {
        var missing = new (string Setting, bool Set)[]
        {
            ($"{CosmosVideoStoreOptions.Section}:Endpoint", configuration[$"{CosmosVideoStoreOptions.Section}:Endpoint"] is { Length: > 0 }),
            ($"{BlobClipStoreOptions.Section}:ConnectionString or :ServiceUri",
                configuration[$"{BlobClipStoreOptions.Section}:ConnectionString"] is { Length: > 0 } || configuration[$"{BlobClipStoreOptions.Section}:ServiceUri"] is { Length: > 0 }),
            ($"{DurableStorageOptions.Section}:ConnectionString", configuration[$"{DurableStorageOptions.Section}:ConnectionString"] is { Length: > 0 }),
            ($"{EventQueueOptions.Section}:ConnectionString", configuration[$"{EventQueueOptions.Section}:ConnectionString"] is { Length: > 0 }),
        }.Where(setting => !setting.Set).Select(setting => setting.Setting).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The cloud profile needs {string.Join(", ", missing)} (./sora emulators writes them for the local emulators).");
        }
    }

    /// <summary>Every record in the data folder's SQLite database, whose one outbox every store fills.</summary>
    private static void AddSqliteStores(this IServiceCollection services)
    {
        services.AddSingleton<IVideoStore>(sp => new SqliteVideoStore(sp.GetRequiredService<DataFolder>()));
        services.AddSingleton<IMemberStore>(sp => new SqliteMemberStore(sp.GetRequiredService<DataFolder>()));
        services.AddSingleton<IRelationStore>(sp => new SqliteRelationStore(sp.GetRequiredService<DataFolder>()));
        services.AddSingleton<ICameoStore>(sp => new SqliteCameoStore(sp.GetRequiredService<DataFolder>()));
        services.AddSingleton<IEngagementStore>(sp => new SqliteEngagementStore(sp.GetRequiredService<DataFolder>()));
        services.AddSingleton<IFeedStore>(sp => new SqliteFeedStore(sp.GetRequiredService<DataFolder>()));
        services.AddSingleton<IModerationStore>(sp => new SqliteModerationStore(sp.GetRequiredService<DataFolder>()));
        services.AddSingleton<INotificationStore>(sp => new SqliteNotificationStore(sp.GetRequiredService<DataFolder>()));
        services.AddSingleton<IWebhookStore>(sp => new SqliteWebhookStore(sp.GetRequiredService<DataFolder>()));
        services.AddSingleton<IGenerationQueueStore>(sp => new SqliteGenerationQueueStore(sp.GetRequiredService<DataFolder>()));
        services.AddSingleton(sp => (IOutbox)sp.GetRequiredService<IVideoStore>());
    }

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
