using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SoraFunctions.Orchestrations.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>The video pipeline's orchestrator and activities, and the service that starts and reads videos.</summary>
    public static IServiceCollection AddVideoPipeline(this IServiceCollection services)
    {
        services.AddOrchestrations(registry => registry
            .AddOrchestrator<GenerateVideoOrchestration>()
            .AddActivity<ValidatePromptActivity>()
            .AddActivity<ScreenInputActivity>()
            .AddActivity<StartGenerationJobActivity>()
            .AddActivity<CheckGenerationJobActivity>()
            .AddActivity<SyncAudioActivity>()
            .AddActivity<PostEditActivity>()
            .AddActivity<ScreenOutputActivity>()
            .AddActivity<PublishVideoActivity>()
            .AddActivity<FailVideoActivity>());
        services.AddOptions<PublishOptions>().BindConfiguration(PublishOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<VideoService>();
        return services;
    }
}
