using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraFunctions.Api;
using SoraFunctions.Azure.Events;
using SoraFunctions.Azure.Jobs;
using SoraFunctions.Azure.Metadata;
using SoraFunctions.Azure.Provenance;
using SoraFunctions.Azure.Safety;
using SoraFunctions.Azure.Speech;
using SoraFunctions.Azure.Storage;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Safety;
using SoraFunctions.Media;
using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Generation;
using SoraFunctions.Media.Likeness;
using SoraFunctions.Media.Publishing;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// The Functions app's services: the rules and records every host shares, and each port on its Azure adapter as
    /// the app settings infra/bicep writes configure it; a missing setting fails the first use, naming it.
    /// </summary>
    public static IServiceCollection AddSoraFunctions(this IServiceCollection services)
    {
        services.AddOptions<BlobClipStoreOptions>().BindConfiguration(BlobClipStoreOptions.Section);
        services.AddOptions<EventGridOptions>().BindConfiguration(EventGridOptions.Section);
        services.AddOptions<ContentSafetyOptions>().BindConfiguration(ContentSafetyOptions.Section);
        services.AddOptions<ContainerAppsJobOptions>().BindConfiguration(ContainerAppsJobOptions.Section);
        services.AddOptions<KeyVaultSignerOptions>().BindConfiguration(KeyVaultSignerOptions.Section);

        // Scratch space for the media steps; nothing in it outlives an activity.
        services.AddSingleton(new DataFolder(Path.Combine(Path.GetTempPath(), "sora")));
        // The rules and records every host shares; the takedowns and the webhook dispatcher get a Durable client per delivery (EventFunctions).
        services.AddSoraApplication();
        services.AddCosmosStores();
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
        // Sora__Generation__Slots bounds the GPU job's executions at once (infra/bicep sets it).
        services.AddOptions<GenerationOptions>().BindConfiguration(GenerationOptions.Section);
        services.AddSingleton(sp => Options<GeneratorOptions>(sp).PoolWith(Options<GenerationOptions>(sp).Slots));
        services.AddOptions<LikenessOptions>().BindConfiguration(LikenessOptions.SectionName);
        services.AddSingleton<ILikenessAnalyzer>(sp => new LikenessAnalyzer(Options<LikenessOptions>(sp)));
        services.AddOptions<SpeechOptions>().BindConfiguration(SpeechOptions.Section);
        services.AddSingleton<ISpeechTranscriber>(sp => Options<SpeechOptions>(sp) is { Endpoint: { } endpoint } speech
            ? speech.CreateTranscriber(endpoint)
            : new SphinxTranscriber(Options<LikenessOptions>(sp)));
        // Every instance signs with the one key in Key Vault (a key file would differ per instance and vanish with it).
        services.AddSingleton<IProvenanceSigner>(sp => Options<KeyVaultSignerOptions>(sp).CreateSigner() ?? throw Missing("Sora__Provenance__VaultUri"));
        services.AddOptions<ContentCredentialsOptions>().BindConfiguration(ContentCredentialsOptions.Section);
        services.AddSingleton<IContentCredentials>(sp => new C2paSigner(
            sp.GetRequiredService<IProvenanceSigner>(), Options<ContentCredentialsOptions>(sp), sp.GetRequiredService<ILogger<C2paSigner>>()));
        services.AddHostedService<OutboxRelay>();
        return services;
    }

    private static T Options<T>(IServiceProvider provider) where T : class => provider.GetRequiredService<IOptions<T>>().Value;

    private static InvalidOperationException Missing(string setting) => new($"The app setting {setting} is required.");
}
