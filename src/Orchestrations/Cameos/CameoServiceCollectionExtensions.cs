using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SoraFunctions.Orchestrations.Cameos;

public static class CameoServiceCollectionExtensions
{
    /// <summary>
    /// Cameo and character verification's orchestrators and activities and the cameo service; the host registers the
    /// <see cref="Core.Cameos.ICameoStore"/>, the <see cref="Core.Cameos.ILikenessAnalyzer"/> and, where events are
    /// handled in-process, the <see cref="CameoDeletionHandler"/>.
    /// </summary>
    public static IServiceCollection AddCameos(this IServiceCollection services)
    {
        services.AddOrchestrations(registry => registry
            .AddOrchestrator<VerifyCameoOrchestration>()
            .AddOrchestrator<VerifyCharacterOrchestration>()
            .AddActivity<CheckRecordingActivity>()
            .AddActivity<CheckFaceActivity>()
            .AddActivity<CheckSpeechActivity>()
            .AddActivity<PictureCharacterActivity>()
            .AddActivity<ScreenRecordingActivity>()
            .AddActivity<CheckUniqueActivity>()
            .AddActivity<ActivateCameoActivity>()
            .AddActivity<FailCameoActivity>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CameoCasting>();
        services.TryAddSingleton<CameoService>();
        return services;
    }
}
