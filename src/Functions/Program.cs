using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SoraFunctions.Azure.Events;
using SoraFunctions.Azure.Jobs;
using SoraFunctions.Azure.Metadata;
using SoraFunctions.Azure.Provenance;
using SoraFunctions.Azure.Safety;
using SoraFunctions.Azure.Speech;
using SoraFunctions.Api;
using SoraFunctions.Azure.Storage;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Social;
using SoraFunctions.Media;
using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Generation;
using SoraFunctions.Media.Likeness;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Orchestrations.Webhooks;

// The Azure host: every port on its Azure adapter (configured by the app settings infra/bicep writes, identity-based),
// the pipeline on Durable Functions, the outbox relayed to Event Grid from this process.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
var services = builder.Services;

// Payloads (inputs, outputs, events) in the one JSON shape the embedded engine uses too.
services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(PayloadSerializer.Options));

T Options<T>(IServiceProvider provider) where T : class => provider.GetRequiredService<IOptions<T>>().Value;
static Exception Missing(string setting) => new InvalidOperationException($"The app setting {setting} is required.");

services.AddOptions<CosmosVideoStoreOptions>().BindConfiguration(CosmosVideoStoreOptions.Section);
services.AddOptions<BlobClipStoreOptions>().BindConfiguration(BlobClipStoreOptions.Section);
services.AddOptions<EventGridOptions>().BindConfiguration(EventGridOptions.Section);
services.AddOptions<ContentSafetyOptions>().BindConfiguration(ContentSafetyOptions.Section);
services.AddOptions<ContainerAppsJobOptions>().BindConfiguration(ContainerAppsJobOptions.Section);
services.AddOptions<KeyVaultSignerOptions>().BindConfiguration(KeyVaultSignerOptions.Section);

// Scratch space for the media steps; nothing in it outlives an activity.
services.AddSingleton(new DataFolder(Path.Combine(Path.GetTempPath(), "sora")));
services.AddSingleton(sp => new CosmosAccount(Options<CosmosVideoStoreOptions>(sp)));
services.AddSingleton<IVideoStore>(sp => sp.GetRequiredService<CosmosAccount>().Videos());
services.AddSingleton<IMemberStore>(sp => sp.GetRequiredService<CosmosAccount>().Members());
services.AddSingleton<IRelationStore>(sp => sp.GetRequiredService<CosmosAccount>().Relations());
services.AddSingleton<ICameoStore>(sp => sp.GetRequiredService<CosmosAccount>().Cameos());
services.AddSingleton<IEngagementStore>(sp => sp.GetRequiredService<CosmosAccount>().Engagement());
services.AddSingleton<IFeedStore>(sp => sp.GetRequiredService<CosmosAccount>().Feeds());
services.AddSingleton<IModerationStore>(sp => sp.GetRequiredService<CosmosAccount>().Moderation());
services.AddSingleton<INotificationStore>(sp => sp.GetRequiredService<CosmosAccount>().Notifications());
services.AddSingleton<IWebhookStore>(sp => sp.GetRequiredService<CosmosAccount>().Webhooks());
// The event handlers that need no Durable client; the takedowns and the webhook dispatcher get one per delivery (ApiFunctions).
services.AddSingleton<IEventHandler, NotificationHandler>();
services.AddSingleton<IEventHandler, FeedFanOut>();
// Each Cosmos DB container keeps its own outbox (the members' holds the relations' and cameos' events too); the relay drains each.
services.AddSingleton(sp => (IOutbox)sp.GetRequiredService<IVideoStore>());
services.AddSingleton(sp => (IOutbox)sp.GetRequiredService<IMemberStore>());
services.AddSingleton(sp => (IOutbox)sp.GetRequiredService<IEngagementStore>());
services.AddSingleton<IClipStore>(sp => new BlobClipStore(
    Options<BlobClipStoreOptions>(sp).CreateContainerClient() ?? throw Missing("Sora__ClipStore__ServiceUri")));
services.AddSingleton<IEventPublisher>(sp => Options<EventGridOptions>(sp) is { TopicEndpoint: { } topic } grid
    ? new EventGridPublisher(grid.CreateClient(topic))
    : throw Missing("Sora__Events__TopicEndpoint"));
services.AddSingleton<IContentAnalyzer>(sp => Options<ContentSafetyOptions>(sp) is { Endpoint: { } endpoint } safety
    ? new AzureContentAnalyzer(safety.CreateClient(endpoint), safety.BlocklistNames)
    : throw Missing("Sora__ContentSafety__Endpoint"));
services.AddSingleton<IJobLauncher>(sp => new ContainerAppsJobLauncher(
    Options<ContainerAppsJobOptions>(sp), new global::Azure.Identity.DefaultAzureCredential(), sp.GetRequiredService<IClipStore>()));
services.AddSingleton<IMediaEngine, FfmpegMediaEngine>();
// The prompt review tells what the procedural generator will leave out; a model at Sora__Generator__Endpoint is not asked.
services.AddOptions<GeneratorOptions>().BindConfiguration(GeneratorOptions.Section);
services.AddSingleton<IScenePreview>(sp => new PlannedScenePreview(Options<GeneratorOptions>(sp)));
services.AddOptions<LikenessOptions>().BindConfiguration(LikenessOptions.SectionName);
services.AddSingleton<ILikenessAnalyzer>(sp => new LikenessAnalyzer(Options<LikenessOptions>(sp)));
services.AddOptions<SpeechOptions>().BindConfiguration(SpeechOptions.Section);
services.AddSingleton<ISpeechTranscriber>(sp => Options<SpeechOptions>(sp) is { Endpoint: { } endpoint } speech
    ? speech.CreateTranscriber(endpoint)
    : new SphinxTranscriber(Options<LikenessOptions>(sp)));
// Every instance signs with the one key in Key Vault (a key file would differ per instance and vanish with it).
services.AddSingleton<IProvenanceSigner>(sp => Options<KeyVaultSignerOptions>(sp).CreateSigner() ?? throw Missing("Sora__Provenance__VaultUri"));
services.AddVideoPipeline();
services.AddCameos();
services.AddWebhookDelivery();
services.AddAccounts();
services.AddHostedService<OutboxRelay>();

builder.Build().Run();
