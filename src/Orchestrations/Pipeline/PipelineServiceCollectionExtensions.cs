using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Safety;

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
            .AddActivity<PrepareUploadActivity>()
            .AddActivity<EnqueueGenerationActivity>()
            .AddActivity<StartGenerationJobActivity>()
            .AddActivity<ReleaseGenerationActivity>()
            .AddActivity<CheckGenerationJobActivity>()
            .AddActivity<UseSourceClipActivity>()
            .AddActivity<JoinSourceClipActivity>()
            .AddActivity<SyncAudioActivity>()
            .AddActivity<PostEditActivity>()
            .AddActivity<ScreenOutputActivity>()
            .AddActivity<CheckConsentActivity>()
            .AddActivity<RequestReviewActivity>()
            .AddActivity<PublishVideoActivity>()
            .AddActivity<FailVideoActivity>());
        services.AddOptions<PublishOptions>().BindConfiguration(PublishOptions.SectionName);
        services.AddContentScreening();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AllowanceOptions>().BindConfiguration(AllowanceOptions.SectionName);
        services.TryAddSingleton<Allowances>();
        services.TryAddSingleton<CameoCasting>();
        services.TryAddSingleton<SafetyWarnings>();
        services.TryAddSingleton<VideoService>();
        services.TryAddSingleton<GenerationQueue>(); // over the host's queue store and generator pool
        return services;
    }

    /// <summary>The screener with the policy from <c>Sora:Safety</c>; the host registers the <see cref="IContentAnalyzer"/>.</summary>
    public static IServiceCollection AddContentScreening(this IServiceCollection services)
    {
        services.AddOptions<SafetyPolicy>().BindConfiguration(SafetyPolicy.Section);
        services.TryAddSingleton(sp => new ContentScreener(
            sp.GetRequiredService<IContentAnalyzer>(), sp.GetRequiredService<IOptions<SafetyPolicy>>().Value));
        return services;
    }
}
