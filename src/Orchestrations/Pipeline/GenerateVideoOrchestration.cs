using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Orchestrations.Pipeline;

public sealed record GenerateVideoInput(string VideoId, VideoSpec Spec);

public sealed record StepTiming(string Step, double Seconds);

/// <summary>The custom status callers see while the pipeline runs.</summary>
public sealed record PipelineProgress(string Step, int Progress, IReadOnlyList<StepTiming> Steps);

public sealed record GenerateVideoResult(string VideoId, VideoError? Error, IReadOnlyList<StepTiming> Steps)
{
    public bool Published => Error is null;
}

/// <summary>
/// One clip from prompt to publication: validate, screen the prompt, generate on a job, sync the audio, apply edits,
/// screen the output, publish. Expected refusals (invalid, unsafe, a crashed job) fail the video with a stable code;
/// unexpected errors are retried per step and then fail it too. Every exit leaves the record finished.
/// </summary>
public sealed class GenerateVideoOrchestration : Orchestrator<GenerateVideoInput, GenerateVideoResult>
{
    public const string GenerationCompletedEvent = "GenerationCompleted";

    /// <summary>How long to wait for the job's completion event before asking the job launcher how it is doing.</summary>
    public static readonly TimeSpan JobCheckInterval = TimeSpan.FromSeconds(15);

    /// <summary>Checks before a job that still runs is given up on (15 s × 80 = 20 minutes).</summary>
    public const int MaxJobChecks = 80;

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public override async Task<GenerateVideoResult> RunAsync(OrchestrationContext context, GenerateVideoInput input)
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
            Begin(Steps.ValidatePrompt, 2);
            Refuse(await context.CallActivityAsync<VideoError?>(nameof(ValidatePromptActivity), input.Spec, Retry));
            End(Steps.ValidatePrompt);

            Begin(Steps.ScreenInput, 5);
            Refuse(await context.CallActivityAsync<VideoError?>(nameof(ScreenInputActivity), input, Retry));
            End(Steps.ScreenInput);

            Begin(Steps.RunGeneration, 10);
            var job = await context.CallActivityAsync<GenerationJob>(nameof(StartGenerationJobActivity), input, Retry);
            var output = await WaitForJobAsync(context, job);
            End(Steps.RunGeneration);

            Begin(Steps.SyncAudio, 70);
            var synced = await context.CallActivityAsync<string>(
                nameof(SyncAudioActivity), new SyncAudioInput(input.VideoId, job.JobId, output, input.Spec.Seconds), Retry);
            End(Steps.SyncAudio);

            Begin(Steps.PostEdit, 80);
            var edited = await context.CallActivityAsync<PostEditResult>(
                nameof(PostEditActivity), new PostEditInput(input.VideoId, synced, input.Spec.Seconds, input.Spec.Edits), Retry);
            if (edited.FirstDefect is { } defect)
            {
                throw new PipelineRefusal(new VideoError(defect.Code, defect.Message));
            }

            End(Steps.PostEdit);

            Begin(Steps.ScreenOutput, 88);
            Refuse(await context.CallActivityAsync<VideoError?>(
                nameof(ScreenOutputActivity),
                new ScreenOutputInput(input.VideoId, edited.Clip, output.Transcript, input.Spec.RequesterAge), Retry));
            End(Steps.ScreenOutput);

            Begin(Steps.Publish, 94);
            await context.CallActivityAsync<VideoAssets>(
                nameof(PublishVideoActivity), new PublishInput(input.VideoId, edited.Clip, job.JobId, edited.Issues, output.Generator), Retry);
            End(Steps.Publish);
            context.SetCustomStatus(new PipelineProgress(Steps.Publish, 100, steps));
            return new GenerateVideoResult(input.VideoId, null, steps);
        }
        catch (PipelineRefusal refusal)
        {
            return await FailAsync(context, input.VideoId, refusal.Error, steps);
        }
        catch (TaskFailedException failure)
        {
            var error = new VideoError(
                ErrorCodes.PipelineFailed, $"{failure.TaskName} failed: {failure.FailureDetails.ErrorMessage}");
            return await FailAsync(context, input.VideoId, error, steps);
        }
    }

    /// <summary>
    /// Races the job's completion event against a durable timer; on each timeout asks the launcher for the job's
    /// state, so a worker that died without reporting is found even after this engine restarted.
    /// </summary>
    private static async Task<GenerationOutput> WaitForJobAsync(OrchestrationContext context, GenerationJob job)
    {
        for (var check = 0; check < MaxJobChecks; check++)
        {
            try
            {
                var completed = await context.WaitForExternalEvent<GenerationCompleted>(GenerationCompletedEvent, JobCheckInterval);
                if (completed.JobId != job.JobId)
                {
                    continue;
                }

                return completed.Output
                    ?? throw new PipelineRefusal(completed.Error ?? new VideoError(ErrorCodes.GenerationFailed, "The job failed."));
            }
            catch (OperationCanceledException)
            {
                var status = await context.CallActivityAsync<JobStatus>(nameof(CheckGenerationJobActivity), job.JobId, Retry);
                switch (status.State)
                {
                    case JobState.Succeeded when status.Output is not null:
                        return status.Output;
                    case JobState.Failed:
                        throw new PipelineRefusal(new VideoError(ErrorCodes.GenerationFailed, status.Error ?? "The job failed."));
                    case JobState.Crashed or JobState.Missing:
                        throw new PipelineRefusal(new VideoError(
                            ErrorCodes.GenerationWorkerCrashed, status.Error ?? "The generation worker stopped without finishing."));
                }
            }
        }

        throw new PipelineRefusal(new VideoError(
            ErrorCodes.GenerationTimedOut, $"The job ran longer than {JobCheckInterval * MaxJobChecks}."));
    }

    private static async Task<GenerateVideoResult> FailAsync(
        OrchestrationContext context, string videoId, VideoError error, List<StepTiming> steps)
    {
        await context.CallActivityAsync(nameof(FailVideoActivity), new FailVideoInput(videoId, error), Retry);
        return new GenerateVideoResult(videoId, error, steps);
    }

    private static void Refuse(VideoError? error)
    {
        if (error is not null)
        {
            throw new PipelineRefusal(error);
        }
    }

    /// <summary>An expected end of the pipeline, carrying the error the video fails with.</summary>
    private sealed class PipelineRefusal(VideoError error) : Exception(error.Message)
    {
        public VideoError Error { get; } = error;
    }
}

/// <summary>The pipeline's step names, as progress and timings report them.</summary>
public static class Steps
{
    public const string ValidatePrompt = nameof(ValidatePrompt);
    public const string ScreenInput = nameof(ScreenInput);
    public const string RunGeneration = nameof(RunGeneration);
    public const string SyncAudio = nameof(SyncAudio);
    public const string PostEdit = nameof(PostEdit);
    public const string ScreenOutput = nameof(ScreenOutput);
    public const string Publish = nameof(Publish);

    public static IReadOnlyList<string> All { get; } = [ValidatePrompt, ScreenInput, RunGeneration, SyncAudio, PostEdit, ScreenOutput, Publish];

    /// <summary>Each step's version, recorded in provenance manifests; bump one when what its step produces changes.</summary>
    public static IReadOnlyList<StepVersion> Versions { get; } =
    [
        new(ValidatePrompt, "2"), new(ScreenInput, "2"), new(RunGeneration, "2"), new(SyncAudio, "2"),
        new(PostEdit, "3"), new(ScreenOutput, "2"), new(Publish, "2"),
    ];
}
