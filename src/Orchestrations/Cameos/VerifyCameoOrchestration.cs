using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Orchestrations.Cameos;

public sealed record VerifyCameoResult(string CameoId, VideoError? Error, IReadOnlyList<StepTiming> Steps)
{
    public bool Verified => Error is null;
}

/// <summary>What the face check found: why it refuses the recording, or the reference face stored and its descriptor.</summary>
public sealed record FaceCheck(VideoError? Error, string? Reference, FaceDescriptor? Face);

/// <summary>What the speech check found: why it refuses the recording, or the voice that read the digits.</summary>
public sealed record SpeechCheck(VideoError? Error, VoiceProfile? Voice);

public sealed record CheckUniqueInput(string CameoId, FaceDescriptor Face);

public sealed record ActivateCameoInput(string CameoId, string Reference, VoiceProfile? Voice, FaceDescriptor? Face);

public sealed record FailCameoInput(string CameoId, VideoError Error);

/// <summary>
/// Verifies a cameo's recording (the orchestration's instance id is the cameo's id): a recording of the right kind
/// and length, one live face turning the asked way, the challenge's digits spoken, nothing unsafe in its frames, and a
/// face no other cameo has. The first refusal fails the cameo with its code; unexpected errors are retried per step,
/// then fail it too. Every exit leaves the cameo active or failed, and the recording's scratch files gone.
/// </summary>
public sealed class VerifyCameoOrchestration : Orchestrator<string, VerifyCameoResult>
{
    public override async Task<VerifyCameoResult> RunAsync(OrchestrationContext context, string cameoId)
    {
        var run = new Verification(context, cameoId);
        try
        {
            var error = await run.StepAsync<VideoError?>(VerifySteps.CheckRecording, 5, nameof(CheckRecordingActivity), cameoId);
            var face = error is null ? await run.StepAsync<FaceCheck>(VerifySteps.CheckFace, 15, nameof(CheckFaceActivity), cameoId) : null;
            error ??= face!.Error;
            var speech = error is null ? await run.StepAsync<SpeechCheck>(VerifySteps.CheckSpeech, 55, nameof(CheckSpeechActivity), cameoId) : null;
            error ??= speech!.Error;
            error ??= await run.StepAsync<VideoError?>(VerifySteps.ScreenRecording, 70, nameof(ScreenRecordingActivity), cameoId);
            error ??= await run.StepAsync<VideoError?>(
                VerifySteps.CheckUnique, 90, nameof(CheckUniqueActivity), new CheckUniqueInput(cameoId, face!.Face!));
            error ??= await run.StepAsync<VideoError?>(
                VerifySteps.Activate, 97, nameof(ActivateCameoActivity), new ActivateCameoInput(cameoId, face!.Reference!, speech!.Voice!, face.Face!));
            return await run.EndAsync(error);
        }
        catch (TaskFailedException failure)
        {
            return await run.FailAsync(failure);
        }
    }
}

/// <summary>
/// Checks a character's video (the orchestration's instance id is the character's id): a recording of the right kind
/// and length, no face in it (a person's likeness is made only through the challenge), its picture cut out, nothing
/// unsafe in its frames. Every exit leaves the character active or failed, as <see cref="VerifyCameoOrchestration"/>'s do.
/// </summary>
public sealed class VerifyCharacterOrchestration : Orchestrator<string, VerifyCameoResult>
{
    public override async Task<VerifyCameoResult> RunAsync(OrchestrationContext context, string cameoId)
    {
        var run = new Verification(context, cameoId);
        try
        {
            var error = await run.StepAsync<VideoError?>(VerifySteps.CheckRecording, 5, nameof(CheckRecordingActivity), cameoId);
            var picture = error is null ? await run.StepAsync<FaceCheck>(VerifySteps.CheckNoFace, 20, nameof(PictureCharacterActivity), cameoId) : null;
            error ??= picture!.Error;
            error ??= await run.StepAsync<VideoError?>(VerifySteps.ScreenRecording, 70, nameof(ScreenRecordingActivity), cameoId);
            error ??= await run.StepAsync<VideoError?>(
                VerifySteps.Activate, 97, nameof(ActivateCameoActivity), new ActivateCameoInput(cameoId, picture!.Reference!, null, null));
            return await run.EndAsync(error);
        }
        catch (TaskFailedException failure)
        {
            return await run.FailAsync(failure);
        }
    }
}

/// <summary>
/// One verification's run, a cameo's or a character's: each step reported as progress, retried, and timed; its end
/// leaves the cameo failed with the first refusal (or the step that kept failing), or active from its last step.
/// </summary>
internal sealed class Verification(OrchestrationContext context, string cameoId)
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    private readonly List<StepTiming> steps = [];
    private DateTime stepStarted = context.CurrentUtcDateTime;

    public async Task<T> StepAsync<T>(string step, int progress, string activity, object input)
    {
        context.SetCustomStatus(new PipelineProgress(step, progress, [.. steps]));
        var result = await context.CallActivityAsync<T>(activity, input, Retry);
        steps.Add(new StepTiming(step, Math.Round((context.CurrentUtcDateTime - stepStarted).TotalSeconds, 3)));
        stepStarted = context.CurrentUtcDateTime;
        return result;
    }

    public async Task<VerifyCameoResult> EndAsync(VideoError? error)
    {
        if (error is not null)
        {
            await FailCameoAsync(error);
        }

        context.SetCustomStatus(new PipelineProgress(VerifySteps.Activate, 100, steps));
        return new VerifyCameoResult(cameoId, error, steps);
    }

    public async Task<VerifyCameoResult> FailAsync(TaskFailedException failure)
    {
        var error = new VideoError(ErrorCodes.PipelineFailed, $"{failure.TaskName} failed: {failure.FailureDetails.ErrorMessage}");
        await FailCameoAsync(error);
        return new VerifyCameoResult(cameoId, error, steps);
    }

    private Task FailCameoAsync(VideoError error) =>
        context.CallActivityAsync(nameof(FailCameoActivity), new FailCameoInput(cameoId, error), Retry);
}

/// <summary>The verification's step names, as progress reports them.</summary>
public static class VerifySteps
{
    public const string CheckRecording = nameof(CheckRecording);
    public const string CheckFace = nameof(CheckFace);
    public const string CheckNoFace = nameof(CheckNoFace);
    public const string CheckSpeech = nameof(CheckSpeech);
    public const string ScreenRecording = nameof(ScreenRecording);
    public const string CheckUnique = nameof(CheckUnique);
    public const string Activate = nameof(Activate);
}
