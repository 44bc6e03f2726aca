using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Pipeline;
using TaskActivityContext = SoraFunctions.Orchestrations.TaskActivityContext;

namespace SoraFunctions.Functions;

/// <summary>
/// The pipeline on Durable Functions: the orchestrator and each activity as a function of the same name, each a one-line
/// hand-over to the code the embedded engine runs.
/// </summary>
public sealed class PipelineFunctions(ILoggerFactory loggers)
{
    [Function(nameof(GenerateVideoOrchestration))]
    public Task<GenerateVideoResult> GenerateVideo([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new GenerateVideoOrchestration().RunAsync(new DurableOrchestrationContext(context, loggers), context.GetInput<GenerateVideoInput>()!);

    [Function(nameof(ValidatePromptActivity))]
    public Task<VideoError?> ValidatePrompt([ActivityTrigger] VideoSpec input, FunctionContext function) =>
        RunAsync<ValidatePromptActivity, VideoSpec, VideoError?>(input, function);

    [Function(nameof(ScreenInputActivity))]
    public Task<VideoError?> ScreenInput([ActivityTrigger] GenerateVideoInput input, FunctionContext function) =>
        RunAsync<ScreenInputActivity, GenerateVideoInput, VideoError?>(input, function);

    [Function(nameof(PrepareUploadActivity))]
    public Task<VideoError?> PrepareUpload([ActivityTrigger] GenerateVideoInput input, FunctionContext function) =>
        RunAsync<PrepareUploadActivity, GenerateVideoInput, VideoError?>(input, function);

    [Function(nameof(EnqueueGenerationActivity))]
    public Task<GenerationTurn> EnqueueGeneration(
        [ActivityTrigger] EnqueueGenerationInput input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        RunAsync<EnqueueGenerationActivity, EnqueueGenerationInput, GenerationTurn>(input, function, new DurableOrchestrationClient(client));

    [Function(nameof(StartGenerationJobActivity))]
    public Task<GenerationJob?> StartGenerationJob([ActivityTrigger] StartGenerationInput input, FunctionContext function) =>
        RunAsync<StartGenerationJobActivity, StartGenerationInput, GenerationJob?>(input, function);

    [Function(nameof(ReleaseGenerationActivity))]
    public Task<bool> ReleaseGeneration(
        [ActivityTrigger] ReleaseGenerationInput input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        RunAsync<ReleaseGenerationActivity, ReleaseGenerationInput, bool>(input, function, new DurableOrchestrationClient(client));

    [Function(nameof(CheckGenerationJobActivity))]
    public Task<JobStatus> CheckGenerationJob([ActivityTrigger] string input, FunctionContext function) =>
        RunAsync<CheckGenerationJobActivity, string, JobStatus>(input, function);

    [Function(nameof(UseSourceClipActivity))]
    public Task<string> UseSourceClip([ActivityTrigger] UseSourceClipInput input, FunctionContext function) =>
        RunAsync<UseSourceClipActivity, UseSourceClipInput, string>(input, function);

    [Function(nameof(JoinSourceClipActivity))]
    public Task<string> JoinSourceClip([ActivityTrigger] UseSourceClipInput input, FunctionContext function) =>
        RunAsync<JoinSourceClipActivity, UseSourceClipInput, string>(input, function);

    [Function(nameof(SyncAudioActivity))]
    public Task<string> SyncAudio([ActivityTrigger] SyncAudioInput input, FunctionContext function) =>
        RunAsync<SyncAudioActivity, SyncAudioInput, string>(input, function);

    [Function(nameof(PostEditActivity))]
    public Task<PostEditResult> PostEdit([ActivityTrigger] PostEditInput input, FunctionContext function) =>
        RunAsync<PostEditActivity, PostEditInput, PostEditResult>(input, function);

    [Function(nameof(ScreenOutputActivity))]
    public Task<ScreenOutputResult> ScreenOutput([ActivityTrigger] ScreenOutputInput input, FunctionContext function) =>
        RunAsync<ScreenOutputActivity, ScreenOutputInput, ScreenOutputResult>(input, function);

    [Function(nameof(CheckConsentActivity))]
    public Task<ConsentCheck> CheckConsent([ActivityTrigger] string input, FunctionContext function) =>
        RunAsync<CheckConsentActivity, string, ConsentCheck>(input, function);

    [Function(nameof(RequestReviewActivity))]
    public Task<bool> RequestReview([ActivityTrigger] RequestReviewInput input, FunctionContext function) =>
        RunAsync<RequestReviewActivity, RequestReviewInput, bool>(input, function);

    [Function(nameof(PublishVideoActivity))]
    public Task<VideoAssets> PublishVideo([ActivityTrigger] PublishInput input, FunctionContext function) =>
        RunAsync<PublishVideoActivity, PublishInput, VideoAssets>(input, function);

    [Function(nameof(FailVideoActivity))]
    public Task<bool> FailVideo([ActivityTrigger] FailVideoInput input, FunctionContext function) =>
        RunAsync<FailVideoActivity, FailVideoInput, bool>(input, function);

    /// <summary>
    /// Runs the activity the embedded engine runs under this function's name, resolved from the invocation's services and
    /// <paramref name="bound"/> (what only a binding gives, such as the Durable client an activity tells other pipelines with).
    /// </summary>
    internal static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(TInput input, FunctionContext function, params object[] bound)
        where TActivity : Activity<TInput, TOutput>
    {
        var activity = ActivatorUtilities.CreateInstance<TActivity>(function.InstanceServices, bound);
        var instanceId = function.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "";
        return activity.RunAsync(new TaskActivityContext(function.FunctionDefinition.Name, instanceId, function.CancellationToken), input);
    }
}
