using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using SoraFunctions.Core.Videos;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Orchestrations.Cameos;
using static SoraFunctions.Functions.PipelineFunctions;

namespace SoraFunctions.Functions;

/// <summary>Cameo and character verification on Durable Functions: the orchestrator and each activity as a function of the same name.</summary>
public sealed class CameoFunctions(ILoggerFactory loggers)
{
    [Function(nameof(VerifyCameoOrchestration))]
    public Task<VerifyCameoResult> VerifyCameo([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new VerifyCameoOrchestration().RunAsync(new DurableOrchestrationContext(context, loggers), context.GetInput<string>()!);

    [Function(nameof(VerifyCharacterOrchestration))]
    public Task<VerifyCameoResult> VerifyCharacter([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new VerifyCharacterOrchestration().RunAsync(new DurableOrchestrationContext(context, loggers), context.GetInput<string>()!);

    [Function(nameof(CheckRecordingActivity))]
    public Task<VideoError?> CheckRecording([ActivityTrigger] string input, FunctionContext function) =>
        RunAsync<CheckRecordingActivity, string, VideoError?>(input, function);

    [Function(nameof(CheckFaceActivity))]
    public Task<FaceCheck> CheckFace([ActivityTrigger] string input, FunctionContext function) =>
        RunAsync<CheckFaceActivity, string, FaceCheck>(input, function);

    [Function(nameof(PictureCharacterActivity))]
    public Task<FaceCheck> PictureCharacter([ActivityTrigger] string input, FunctionContext function) =>
        RunAsync<PictureCharacterActivity, string, FaceCheck>(input, function);

    [Function(nameof(CheckSpeechActivity))]
    public Task<SpeechCheck> CheckSpeech([ActivityTrigger] string input, FunctionContext function) =>
        RunAsync<CheckSpeechActivity, string, SpeechCheck>(input, function);

    [Function(nameof(ScreenRecordingActivity))]
    public Task<VideoError?> ScreenRecording([ActivityTrigger] string input, FunctionContext function) =>
        RunAsync<ScreenRecordingActivity, string, VideoError?>(input, function);

    [Function(nameof(CheckUniqueActivity))]
    public Task<VideoError?> CheckUnique([ActivityTrigger] CheckUniqueInput input, FunctionContext function) =>
        RunAsync<CheckUniqueActivity, CheckUniqueInput, VideoError?>(input, function);

    [Function(nameof(ActivateCameoActivity))]
    public Task<VideoError?> ActivateCameo([ActivityTrigger] ActivateCameoInput input, FunctionContext function) =>
        RunAsync<ActivateCameoActivity, ActivateCameoInput, VideoError?>(input, function);

    [Function(nameof(FailCameoActivity))]
    public Task<bool> FailCameo([ActivityTrigger] FailCameoInput input, FunctionContext function) =>
        RunAsync<FailCameoActivity, FailCameoInput, bool>(input, function);
}
