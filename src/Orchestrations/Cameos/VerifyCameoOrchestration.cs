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
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public override async Task<VerifyCameoResult> RunAsync(OrchestrationContext context, string cameoId)
    {
        var steps = new List<StepTiming>();
        var stepStarted = context.CurrentUtcDateTime;

        void Begin(string step, int progress) => context.SetCustomStatus(new PipelineProgress(step, progress, [.. steps]));

        void End(string step)
        {
            steps.Add(new StepTiming(step, Math.Round((context.CurrentUtcDateTime - stepStarted).TotalSeconds, 3)));
            stepStarted = context.CurrentUtcDateTime;
        }

        try
        {
            Begin(VerifySteps.CheckRecording, 5);
            var error = await context.CallActivityAsync<VideoError?>(nameof(CheckRecordingActivity), cameoId, Retry);
            End(VerifySteps.CheckRecording);

            FaceCheck? face = null;
            if (error is null)
            {
                Begin(VerifySteps.CheckFace, 15);
                face = await context.CallActivityAsync<FaceCheck>(nameof(CheckFaceActivity), cameoId, Retry);
                error = face.Error;
                End(VerifySteps.CheckFace);
            }

            SpeechCheck? speech = null;
            if (error is null)
            {
                Begin(VerifySteps.CheckSpeech, 55);
                speech = await context.CallActivityAsync<SpeechCheck>(nameof(CheckSpeechActivity), cameoId, Retry);
                error = speech.Error;
                End(VerifySteps.CheckSpeech);
            }

            if (error is null)
            {
                Begin(VerifySteps.ScreenRecording, 70);
                error = await context.CallActivityAsync<VideoError?>(nameof(ScreenRecordingActivity), cameoId, Retry);
                End(VerifySteps.ScreenRecording);
            }

            if (error is null)
            {
                Begin(VerifySteps.CheckUnique, 90);
                error = await context.CallActivityAsync<VideoError?>(nameof(CheckUniqueActivity), new CheckUniqueInput(cameoId, face!.Face!), Retry);
                End(VerifySteps.CheckUnique);
            }

            if (error is null)
            {
                Begin(VerifySteps.Activate, 97);
                error = await context.CallActivityAsync<VideoError?>(
                    nameof(ActivateCameoActivity), new ActivateCameoInput(cameoId, face!.Reference!, speech!.Voice!, face.Face!), Retry);
                End(VerifySteps.Activate);
            }

            if (error is not null)
            {
                await context.CallActivityAsync(nameof(FailCameoActivity), new FailCameoInput(cameoId, error), Retry);
            }

            context.SetCustomStatus(new PipelineProgress(VerifySteps.Activate, 100, steps));
            return new VerifyCameoResult(cameoId, error, steps);
        }
        catch (TaskFailedException failure)
        {
            var error = new VideoError(ErrorCodes.PipelineFailed, $"{failure.TaskName} failed: {failure.FailureDetails.ErrorMessage}");
            await context.CallActivityAsync(nameof(FailCameoActivity), new FailCameoInput(cameoId, error), Retry);
            return new VerifyCameoResult(cameoId, error, steps);
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
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public override async Task<VerifyCameoResult> RunAsync(OrchestrationContext context, string cameoId)
    {
        var steps = new List<StepTiming>();
        var stepStarted = context.CurrentUtcDateTime;

        async Task<T> StepAsync<T>(string step, int progress, string activity, object input)
        {
            context.SetCustomStatus(new PipelineProgress(step, progress, [.. steps]));
            var result = await context.CallActivityAsync<T>(activity, input, Retry);
            steps.Add(new StepTiming(step, Math.Round((context.CurrentUtcDateTime - stepStarted).TotalSeconds, 3)));
            stepStarted = context.CurrentUtcDateTime;
            return result;
        }

        try
        {
            var error = await StepAsync<VideoError?>(VerifySteps.CheckRecording, 5, nameof(CheckRecordingActivity), cameoId);
            var picture = error is null ? await StepAsync<FaceCheck>(VerifySteps.CheckNoFace, 20, nameof(PictureCharacterActivity), cameoId) : null;
            error ??= picture!.Error;
            error ??= await StepAsync<VideoError?>(VerifySteps.ScreenRecording, 70, nameof(ScreenRecordingActivity), cameoId);
            error ??= await StepAsync<VideoError?>(
                VerifySteps.Activate, 97, nameof(ActivateCameoActivity), new ActivateCameoInput(cameoId, picture!.Reference!, null, null));
            if (error is not null)
            {
                await context.CallActivityAsync(nameof(FailCameoActivity), new FailCameoInput(cameoId, error), Retry);
            }

            context.SetCustomStatus(new PipelineProgress(VerifySteps.Activate, 100, steps));
            return new VerifyCameoResult(cameoId, error, steps);
        }
        catch (TaskFailedException failure)
        {
            var error = new VideoError(ErrorCodes.PipelineFailed, $"{failure.TaskName} failed: {failure.FailureDetails.ErrorMessage}");
            await context.CallActivityAsync(nameof(FailCameoActivity), new FailCameoInput(cameoId, error), Retry);
            return new VerifyCameoResult(cameoId, error, steps);
        }
    }
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
