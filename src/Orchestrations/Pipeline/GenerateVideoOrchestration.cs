using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Orchestrations.Pipeline;

public sealed record GenerateVideoInput(string VideoId, VideoSpec Spec);

public sealed record StepTiming(string Step, double Seconds);

/// <summary>The custom status callers see while the pipeline runs; <see cref="GenerationAttempts"/> counts the jobs started.</summary>
public sealed record PipelineProgress(string Step, int Progress, IReadOnlyList<StepTiming> Steps, int GenerationAttempts = 0);

public sealed record GenerateVideoResult(string VideoId, VideoError? Error, IReadOnlyList<StepTiming> Steps, int GenerationAttempts = 0)
{
    public bool Published => Error is null;
}

/// <summary>
/// One clip from prompt to publication: validate, screen the prompt, wait for a slot of the generator (in a fair line,
/// <see cref="Core.Capacity.GenerationQueue"/>), generate on a job, sync the audio, apply edits,
/// screen the output, check the cast cameos' consent again (waiting for their owners' reviews where they ask for it),
/// publish. A job that crashes, is interrupted or fails is the infrastructure's fault, not the requester's: a fresh job
/// starts, until <see cref="MaxFailedAttempts"/> have crashed or failed (or <see cref="MaxJobs"/> were started); what the
/// video server refuses is not asked again. An edit of a finished video starts from its clip instead of a job; an
/// extension's job is joined after the clip it continues. Expected refusals (invalid, unsafe, consent withdrawn, every attempt spent) fail the video with a stable code;
/// unexpected errors are retried per step and then fail it too. Every exit leaves the record finished.
/// </summary>
public sealed class GenerateVideoOrchestration : Orchestrator<GenerateVideoInput, GenerateVideoResult>
{
    public const string GenerationCompletedEvent = "GenerationCompleted";

    /// <summary>A cameo owner's decision on the finished clip (<see cref="CameoReview"/>).</summary>
    public const string CameoReviewedEvent = "CameoReviewed";

    /// <summary>How long a finished clip waits for its cameo owners' reviews before it fails unpublished.</summary>
    public static readonly TimeSpan ReviewDeadline = TimeSpan.FromHours(72);

    /// <summary>
    /// Tells a clip waiting in its generator's line (<see cref="Core.Capacity.GenerationQueue"/>) that its place changed: a
    /// slot was handed to it, or it was taken out of the line (its member suspended). It asks the line which.
    /// </summary>
    public const string LineChangedEvent = "GenerationLineChanged";

    /// <summary>
    /// How long a clip in line waits for <see cref="LineChangedEvent"/> before it asks again: the line hands out slots by
    /// itself and tells whom; asking catches a word lost in a crash and frees the slots of pipelines that stopped.
    /// </summary>
    public static readonly TimeSpan SlotCheckInterval = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait for the job's completion event before asking the job launcher how it is doing.</summary>
    public static readonly TimeSpan JobCheckInterval = TimeSpan.FromSeconds(15);

    /// <summary>Checks before a job that still runs is given up on (15 s × 80 = 20 minutes).</summary>
    public const int MaxJobChecks = 80;

    /// <summary>
    /// Jobs that crash or fail before the video fails with the last one's error; an interrupted job (stopped, or gone
    /// with the process that ran it) does not count: a stopped process is resumed, not failed.
    /// </summary>
    public const int MaxFailedAttempts = 3;

    /// <summary>Jobs started for one clip at the most, interrupted ones included, so that nothing restarts forever.</summary>
    public const int MaxJobs = 20;

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public override async Task<GenerateVideoResult> RunAsync(OrchestrationContext context, GenerateVideoInput input)
    {
        var steps = new List<StepTiming>();
        var stepStarted = context.CurrentUtcDateTime;
        var attempts = 0;

        void Begin(string step, int progress) => context.SetCustomStatus(new PipelineProgress(step, progress, [.. steps], attempts));

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

            // An edit of a finished video starts from that video's clip as it was before publishing; an edit or extension
            // of an uploaded one from the upload, once it is taken.
            var source = input.Spec.EditOf is { } original ? PublishVideoActivity.SourceOf(original)
                : input.Spec.Extends?.VideoId is { } extended ? PublishVideoActivity.SourceOf(extended)
                : null;
            if (input.Spec is { Uploaded: true, EditOf: null })
            {
                Begin(Steps.ScreenInput, 7);
                Refuse(await context.CallActivityAsync<VideoError?>(nameof(PrepareUploadActivity), input, Retry));
                source = PrepareUploadActivity.ClipOf(input.VideoId);
            }

            End(Steps.ScreenInput);

            // An extension is generated, then joined after the clip it continues; an edit is that clip.
            var continues = input.Spec is { EditOf: null, Extends: not null };
            string synced;
            GenerationOutput? output = null;
            if (!continues && source is not null)
            {
                synced = await context.CallActivityAsync<string>(nameof(UseSourceClipActivity), new UseSourceClipInput(input.VideoId, source), Retry);
            }
            else
            {
                // Each attempt is a job of its own (its id, its folders): a dead attempt's files are never taken for a later one's.
                // Each waits for a slot of the generator first: the first attempt as a step of its own, a later one at the
                // turn the clip had.
                // The attempt is in the custom status before its job can start: a takedown reads it to stop that job.
                GenerationJob job;
                var failed = 0;
                while (true)
                {
                    attempts++;
                    if (attempts == 1)
                    {
                        Begin(Steps.WaitForGenerator, 8);
                        job = await StartOnSlotAsync(context, input, attempts);
                        End(Steps.WaitForGenerator);
                        Begin(Steps.RunGeneration, 10);
                    }
                    else
                    {
                        Begin(Steps.RunGeneration, 10);
                        job = await StartOnSlotAsync(context, input, attempts);
                    }

                    var outcome = await WaitForJobAsync(context, job);
                    await context.CallActivityAsync<bool>(
                        nameof(ReleaseGenerationActivity), new ReleaseGenerationInput(input.VideoId, job.JobId, outcome.Output is not null), Retry);
                    if (outcome.Output is { } rendered)
                    {
                        output = rendered;
                        break;
                    }

                    // What the video server refused, or cannot do, it will refuse again.
                    if (outcome.Error!.Code is ErrorCodes.GenerationRefused or ErrorCodes.GenerationCameosUnsupported)
                    {
                        throw new PipelineRefusal(outcome.Error);
                    }

                    if ((outcome.Error.Code != ErrorCodes.GenerationInterrupted && ++failed == MaxFailedAttempts) || attempts == MaxJobs)
                    {
                        throw new PipelineRefusal(outcome.Error with
                        {
                            Message = $"{outcome.Error.Message} ({attempts} jobs were started, {failed} of them crashed or failed.)",
                        });
                    }
                }

                End(Steps.RunGeneration);

                Begin(Steps.SyncAudio, 70);
                synced = await context.CallActivityAsync<string>(
                    nameof(SyncAudioActivity), new SyncAudioInput(input.VideoId, job.JobId, output, input.Spec.Seconds), Retry);
                if (continues)
                {
                    synced = await context.CallActivityAsync<string>(nameof(JoinSourceClipActivity), new UseSourceClipInput(input.VideoId, source!, synced), Retry);
                }

                End(Steps.SyncAudio);
            }

            Begin(Steps.PostEdit, 80);
            var edited = await context.CallActivityAsync<PostEditResult>(
                nameof(PostEditActivity), new PostEditInput(input.VideoId, synced, input.Spec.TotalSeconds, input.Spec.Edits), Retry);
            if (edited.FirstDefect is { } defect)
            {
                throw new PipelineRefusal(new VideoError(defect.Code, defect.Message));
            }

            End(Steps.PostEdit);

            Begin(Steps.ScreenOutput, 88);
            // The words are known when the generator spoke them from its script; a video model's soundtrack, and an
            // edit's cuts, are heard.
            var screened = await context.CallActivityAsync<ScreenOutputResult>(
                nameof(ScreenOutputActivity),
                new ScreenOutputInput(input.VideoId, edited.Clip, output?.Transcript, input.Spec.RequesterAge), Retry);
            Refuse(screened.Error);
            End(Steps.ScreenOutput);

            // A clip that casts no one (no @mention) has no consent to check.
            if (input.Spec.Mentions.Count > 0)
            {
                Begin(Steps.CheckConsent, 92);
                var consent = await context.CallActivityAsync<ConsentCheck>(nameof(CheckConsentActivity), input.VideoId, Retry);
                Refuse(consent.Error);
                if (consent.Reviewers.Count > 0)
                {
                    await AwaitReviewsAsync(context, input.VideoId, consent.Reviewers, edited.Clip);
                    Refuse((await context.CallActivityAsync<ConsentCheck>(nameof(CheckConsentActivity), input.VideoId, Retry)).Error);
                }

                End(Steps.CheckConsent);
            }

            Begin(Steps.Publish, 94);
            await context.CallActivityAsync<VideoAssets>(
                nameof(PublishVideoActivity), new PublishInput(
                    input.VideoId, edited.Clip, attempts, edited.Issues, output?.Generator ?? $"edit of {input.Spec.EditOf ?? "an uploaded video"}", screened.Captions),
                Retry);
            End(Steps.Publish);
            context.SetCustomStatus(new PipelineProgress(Steps.Publish, 100, steps, attempts));
            return new GenerateVideoResult(input.VideoId, null, steps, attempts);
        }
        catch (PipelineRefusal refusal)
        {
            return await FailAsync(context, input.VideoId, refusal.Error, steps, attempts);
        }
        catch (TaskFailedException failure)
        {
            var error = failure.FailureDetails.ErrorType == typeof(ContentCredentialsException).FullName
                ? new VideoError(ErrorCodes.PublishUnlabelled, "The clip could not be given its Content Credentials, so it was not published. Try again in a moment.")
                : new VideoError(ErrorCodes.PipelineFailed, $"{failure.TaskName} failed: {failure.FailureDetails.ErrorMessage}");
            return await FailAsync(context, input.VideoId, error, steps, attempts);
        }
    }

    /// <summary>
    /// Puts the clip in its generator's line and waits (a durable wait: no worker is held) until it holds a slot, then
    /// starts the attempt's job on it; a grant that went to the next in line meanwhile puts it back in line.
    /// </summary>
    private static async Task<GenerationJob> StartOnSlotAsync(OrchestrationContext context, GenerateVideoInput input, int attempt)
    {
        var ask = new EnqueueGenerationInput(input.VideoId, attempt);
        while (true)
        {
            var turn = await context.CallActivityAsync<GenerationTurn>(nameof(EnqueueGenerationActivity), ask, Retry);
            Refuse(turn.Refusal);
            if (turn.Granted)
            {
                if (await context.CallActivityAsync<GenerationJob?>(
                    nameof(StartGenerationJobActivity), new StartGenerationInput(input.VideoId, input.Spec, attempt), Retry) is { } job)
                {
                    return job;
                }

                continue;
            }

            try
            {
                await context.WaitForExternalEvent<object?>(LineChangedEvent, SlotCheckInterval);
            }
            catch (OperationCanceledException)
            {
                // no word: ask again
            }
        }
    }

    /// <summary>How a job ended: its output, or else why it gave none.</summary>
    private sealed record JobOutcome(GenerationOutput? Output, VideoError? Error);

    /// <summary>
    /// Races the job's completion event against a durable timer; on each timeout asks the launcher for the job's
    /// state, so a worker that died without reporting is found even after this engine restarted. A job that crashed,
    /// was stopped or failed ends with its error (the caller may try again); one that runs past its time fails the video.
    /// </summary>
    private static async Task<JobOutcome> WaitForJobAsync(OrchestrationContext context, GenerationJob job)
    {
        for (var check = 0; check < MaxJobChecks; check++)
        {
            try
            {
                var completed = await context.WaitForExternalEvent<GenerationCompleted>(GenerationCompletedEvent, JobCheckInterval);
                if (completed.JobId != job.JobId)
                {
                    continue; // an earlier attempt's news
                }

                return new JobOutcome(
                    completed.Output,
                    completed.Output is null ? completed.Error ?? new VideoError(ErrorCodes.GenerationFailed, "The job failed.") : null);
            }
            catch (OperationCanceledException)
            {
                var status = await context.CallActivityAsync<JobStatus>(nameof(CheckGenerationJobActivity), job.JobId, Retry);
                if (status.State != JobState.Running)
                {
                    return new JobOutcome(status.Output, status.Output is null ? status.ToError() : null);
                }
            }
        }

        throw new PipelineRefusal(new VideoError(
            ErrorCodes.GenerationTimedOut, $"The job ran longer than {JobCheckInterval * MaxJobChecks}."));
    }

    /// <summary>
    /// Asks the cameo owners to review the finished clip (<paramref name="clip"/>, which they watch) and waits (a durable timer: no worker is held) until each has
    /// approved; a decline, or the <see cref="ReviewDeadline"/> passing, fails the clip.
    /// </summary>
    private static async Task AwaitReviewsAsync(OrchestrationContext context, string videoId, IReadOnlyList<string> reviewers, string clip)
    {
        await context.CallActivityAsync(nameof(RequestReviewActivity), new RequestReviewInput(videoId, reviewers, clip), Retry);
        var deadline = context.CurrentUtcDateTime + ReviewDeadline;
        var waiting = reviewers.ToHashSet();
        while (waiting.Count > 0)
        {
            CameoReview review;
            try
            {
                review = await context.WaitForExternalEvent<CameoReview>(CameoReviewedEvent, deadline - context.CurrentUtcDateTime);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineRefusal(new VideoError(
                    CameoCodes.ReviewExpired, $"A cameo owner did not review the clip within {ReviewDeadline.TotalHours:0} hours."));
            }

            if (waiting.Remove(review.OwnerId) && !review.Approved)
            {
                throw new PipelineRefusal(new VideoError(CameoCodes.ReviewDeclined, "A cameo owner declined the clip."));
            }
        }
    }

    private static async Task<GenerateVideoResult> FailAsync(
        OrchestrationContext context, string videoId, VideoError error, List<StepTiming> steps, int attempts)
    {
        await context.CallActivityAsync(nameof(FailVideoActivity), new FailVideoInput(videoId, error, attempts), Retry);
        return new GenerateVideoResult(videoId, error, steps, attempts);
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
    public const string WaitForGenerator = nameof(WaitForGenerator);
    public const string RunGeneration = nameof(RunGeneration);
    public const string SyncAudio = nameof(SyncAudio);
    public const string PostEdit = nameof(PostEdit);
    public const string ScreenOutput = nameof(ScreenOutput);
    public const string CheckConsent = nameof(CheckConsent);
    public const string Publish = nameof(Publish);

    /// <summary>
    /// Every step, in order; <see cref="CheckConsent"/> runs only for a clip that casts cameos, <see cref="WaitForGenerator"/>,
    /// <see cref="RunGeneration"/> and <see cref="SyncAudio"/> not for an edit.
    /// </summary>
    public static IReadOnlyList<string> All { get; } =
        [ValidatePrompt, ScreenInput, WaitForGenerator, RunGeneration, SyncAudio, PostEdit, ScreenOutput, CheckConsent, Publish];

    /// <summary>
    /// Each step's version, recorded in provenance manifests; bump one when what its step produces changes. Waiting for a
    /// generator produces nothing.
    /// </summary>
    public static IReadOnlyList<StepVersion> Versions { get; } =
    [
        new(ValidatePrompt, "3"), new(ScreenInput, "3"), new(RunGeneration, "4"), new(SyncAudio, "3"),
        new(PostEdit, "4"), new(ScreenOutput, "3"), new(CheckConsent, "1"), new(Publish, "5"),
    ];
}
