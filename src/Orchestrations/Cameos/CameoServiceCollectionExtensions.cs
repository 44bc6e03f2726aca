using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SoraFunctions.Core.Events;

namespace SoraFunctions.Orchestrations.Cameos;

public static class CameoServiceCollectionExtensions
{
    /// <summary>
    /// Cameo verification's orchestrator and activities, the cameo service and the deletion handler; the host registers
    /// the <see cref="Core.Cameos.ICameoStore"/> and the <see cref="Core.Cameos.ILikenessAnalyzer"/>.
    /// </summary>
    public static IServiceCollection AddCameos(this IServiceCollection services)
    {
        services.AddOrchestrations(registry => registry
            .AddOrchestrator<VerifyCameoOrchestration>()
            .AddActivity<CheckRecordingActivity>()
            .AddActivity<CheckFaceActivity>()
            .AddActivity<CheckSpeechActivity>()
            .AddActivity<ScreenRecordingActivity>()
            .AddActivity<CheckUniqueActivity>()
            .AddActivity<ActivateCameoActivity>()
            .AddActivity<FailCameoActivity>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CameoCasting>();
        services.TryAddSingleton<CameoService>();
        services.AddSingleton<IEventHandler, CameoDeletionHandler>();
        return services;
    }
}
