using System.Collections.Concurrent;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Orchestrations.Scenarios;

// The video pipeline's activities replaced by quick stand-ins under the same names, so the real
// GenerateVideoOrchestration runs on an engine in moments. The job's completion is raised as an event, the first
// attempt's as a crash, so the orchestration's retry runs too; a prompt the video server is to refuse is refused.

/// <summary>What the stand-ins were asked, for the scenarios to check.</summary>
public sealed class PipelineLedger
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<FailVideoInput> Failures { get; } = new();
}

public static class PipelineStandIns
{
    public static OrchestrationRegistry Register(OrchestrationRegistry registry) => registry
        .AddOrchestrator<GenerateVideoOrchestration>()
        .AddActivity<ValidateStandIn>(nameof(ValidatePromptActivity))
        .AddActivity<ScreenInputStandIn>(nameof(ScreenInputActivity))
        .AddActivity<EnqueueStandIn>(nameof(EnqueueGenerationActivity))
        .AddActivity<StartJobStandIn>(nameof(StartGenerationJobActivity))
        .AddActivity<ReleaseStandIn>(nameof(ReleaseGenerationActivity))
        .AddActivity<CheckJobStandIn>(nameof(CheckGenerationJobActivity))
        .AddActivity<SyncAudioStandIn>(nameof(SyncAudioActivity))
        .AddActivity<PostEditStandIn>(nameof(PostEditActivity))
        .AddActivity<ScreenOutputStandIn>(nameof(ScreenOutputActivity))
        .AddActivity<CheckConsentStandIn>(nameof(CheckConsentActivity))
        .AddActivity<RequestReviewStandIn>(nameof(RequestReviewActivity))
        .AddActivity<PublishStandIn>(nameof(PublishVideoActivity))
        .AddActivity<FailVideoStandIn>(nameof(FailVideoActivity))
        .AddOrchestrator<VerifyCameoOrchestration>()
        .AddActivity<CheckRecordingStandIn>(nameof(CheckRecordingActivity))
        .AddActivity<CheckFaceStandIn>(nameof(CheckFaceActivity))
        .AddActivity<CheckSpeechStandIn>(nameof(CheckSpeechActivity))
        .AddOrchestrator<VerifyCharacterOrchestration>()
        .AddActivity<PictureCharacterStandIn>(nameof(PictureCharacterActivity))
        .AddActivity<ScreenRecordingStandIn>(nameof(ScreenRecordingActivity))
        .AddActivity<CheckUniqueStandIn>(nameof(CheckUniqueActivity))
        .AddActivity<ActivateCameoStandIn>(nameof(ActivateCameoActivity))
        .AddActivity<FailCameoStandIn>(nameof(FailCameoActivity));

    public static GenerateVideoInput Input(string prompt, string videoId = "video_scenario") =>
        new(videoId, new VideoSpec(prompt, VideoCatalog.Sora2, 4, 720, 1280, 7));
}

public sealed class ValidateStandIn(PipelineLedger ledger) : Activity<VideoSpec, VideoError?>
{
    public override Task<VideoError?> RunAsync(TaskActivityContext context, VideoSpec input)
    {
        ledger.Calls.Enqueue(context.Name);
        return Task.FromResult<VideoError?>(null);
    }
}

/// <summary>Refuses a prompt that asks to be refused.</summary>
public sealed class ScreenInputStandIn(PipelineLedger ledger) : Activity<GenerateVideoInput, VideoError?>
{
    public override Task<VideoError?> RunAsync(TaskActivityContext context, GenerateVideoInput input)
    {
        ledger.Calls.Enqueue(context.Name);
        return Task.FromResult(input.Spec.Prompt.Contains("refuse", StringComparison.Ordinal)
            ? new VideoError("SAFETY.INPUT.TEXT.VIOLENCE", "The stand-in refuses it.")
            : null);
    }
}

/// <summary>
/// The generator's line: a clip's first ask waits, and the stand-in then tells it a slot is free (as the queue tells the
/// next in line); every later ask holds one.
/// </summary>
public sealed class EnqueueStandIn(PipelineLedger ledger, OrchestrationClient client) : Activity<EnqueueGenerationInput, GenerationTurn>
{
    public override async Task<GenerationTurn> RunAsync(TaskActivityContext context, EnqueueGenerationInput input)
    {
        var first = !ledger.Calls.Any(call => call.StartsWith(context.Name, StringComparison.Ordinal));
        ledger.Calls.Enqueue($"{context.Name} {input.Attempt}");
        if (first)
        {
            await client.RaiseEventAsync(context.InstanceId, GenerateVideoOrchestration.LineChangedEvent);
        }

        return new GenerationTurn(!first);
    }
}

public sealed class ReleaseStandIn(PipelineLedger ledger) : Activity<ReleaseGenerationInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, ReleaseGenerationInput input)
    {
        ledger.Calls.Enqueue($"{context.Name} {input.JobId} {input.Rendered}");
        return Task.FromResult(true);
    }
}

/// <summary>"Starts" a job and reports its end at once: the first attempt crashed, later ones rendered.</summary>
public sealed class StartJobStandIn(PipelineLedger ledger, OrchestrationClient client) : Activity<StartGenerationInput, GenerationJob>
{
    public const string RefusedByTheServer = "the video server turns down";

    public override async Task<GenerationJob> RunAsync(TaskActivityContext context, StartGenerationInput input)
    {
        ledger.Calls.Enqueue($"{context.Name} {input.Attempt}");
        var job = new GenerationJob(
            StartGenerationJobActivity.JobIdFor(input.VideoId, input.Attempt), input.VideoId, input.Spec.Prompt, input.Spec.Seconds,
            input.Spec.Width, input.Spec.Height, input.Spec.Seed, $"jobs/{input.Attempt}");
        await client.RaiseEventAsync(
            context.InstanceId,
            GenerateVideoOrchestration.GenerationCompletedEvent,
            input.Spec.Prompt.StartsWith(RefusedByTheServer, StringComparison.Ordinal)
                ? new GenerationCompleted(job.JobId, null, new VideoError(ErrorCodes.GenerationRefused, "The video server refused to create the video: 400."))
                : input.Attempt == 1
                ? new GenerationCompleted(job.JobId, null, new VideoError(ErrorCodes.GenerationWorkerCrashed, "The stand-in worker died."))
                : new GenerationCompleted(job.JobId, new GenerationOutput("picture.mp4", [new AudioStem("music.wav", "music", 0, 0.5)], "Hi.", "stand-in/1"), null));
        return job;
    }
}

public sealed class CheckJobStandIn : Activity<string, JobStatus>
{
    public override Task<JobStatus> RunAsync(TaskActivityContext context, string input) => Task.FromResult(new JobStatus(JobState.Running));
}

public sealed class SyncAudioStandIn(PipelineLedger ledger) : Activity<SyncAudioInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, SyncAudioInput input)
    {
        ledger.Calls.Enqueue($"{context.Name} {input.JobId} {input.Output.Generator}");
        return Task.FromResult("synced.mp4");
    }
}

public sealed class PostEditStandIn(PipelineLedger ledger) : Activity<PostEditInput, PostEditResult>
{
    public override Task<PostEditResult> RunAsync(TaskActivityContext context, PostEditInput input)
    {
        ledger.Calls.Enqueue($"{context.Name} {input.Clip}");
        return Task.FromResult(new PostEditResult("edited.mp4", [new QualityIssue("QC.FROZEN", IssueSeverity.Warning, "A still stretch.")]));
    }
}

/// <summary>Passes the clip, with captions as the step leaves them when it hears the words.</summary>
public sealed class ScreenOutputStandIn(PipelineLedger ledger) : Activity<ScreenOutputInput, ScreenOutputResult>
{
    public override Task<ScreenOutputResult> RunAsync(TaskActivityContext context, ScreenOutputInput input)
    {
        ledger.Calls.Enqueue($"{context.Name} {input.Clip} {input.Transcript}");
        return Task.FromResult(new ScreenOutputResult(null, "captions.vtt"));
    }
}

public sealed class PublishStandIn(PipelineLedger ledger) : Activity<PublishInput, VideoAssets>
{
    public override Task<VideoAssets> RunAsync(TaskActivityContext context, PublishInput input)
    {
        ledger.Calls.Enqueue($"{context.Name} {input.Clip} {input.GenerationAttempts} {input.Warnings.Single().Code} {input.Captions}");
        var prefix = $"videos/{input.VideoId}";
        return Task.FromResult(new VideoAssets($"{prefix}/master.mp4", $"{prefix}/poster.jpg", $"{prefix}/preview.mp4", $"{prefix}/spritesheet.jpg", $"{prefix}/manifest.json"));
    }
}

public sealed class FailVideoStandIn(PipelineLedger ledger) : Activity<FailVideoInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, FailVideoInput input)
    {
        ledger.Failures.Enqueue(input);
        return Task.FromResult(true);
    }
}

/// <summary>
/// The cast cameos' consent, by the video's id: <c>…revoked…</c> has lost it, <c>…review…</c> waits for two owners' reviews.
/// </summary>
public sealed class CheckConsentStandIn(PipelineLedger ledger) : Activity<string, ConsentCheck>
{
    public override Task<ConsentCheck> RunAsync(TaskActivityContext context, string videoId)
    {
        ledger.Calls.Enqueue(context.Name);
        return Task.FromResult(
            videoId.Contains("revoked", StringComparison.Ordinal) ? new ConsentCheck(new VideoError(CameoCodes.ConsentRevoked, "Revoked."), [])
            : videoId.Contains("review", StringComparison.Ordinal) ? new ConsentCheck(null, ["member_bob", "member_carol"])
            : new ConsentCheck(null, []));
    }
}

public sealed class RequestReviewStandIn(PipelineLedger ledger) : Activity<RequestReviewInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, RequestReviewInput input)
    {
        ledger.Calls.Enqueue($"{context.Name} {string.Join(' ', input.Reviewers)}");
        return Task.FromResult(true);
    }
}

// Cameo verification's activities, deciding by the cameo's id: "short" is too short a recording, "twin" another
// member's face, "face" a character with a face in it; anything else passes.

public sealed class CheckRecordingStandIn(PipelineLedger ledger) : Activity<string, VideoError?>
{
    public override Task<VideoError?> RunAsync(TaskActivityContext context, string cameoId)
    {
        ledger.Calls.Enqueue(context.Name);
        return Task.FromResult(cameoId.Contains("short", StringComparison.Ordinal) ? new VideoError(CameoCodes.TooShort, "Too short.") : null);
    }
}

public sealed class CheckFaceStandIn(PipelineLedger ledger) : Activity<string, FaceCheck>
{
    public override Task<FaceCheck> RunAsync(TaskActivityContext context, string cameoId)
    {
        ledger.Calls.Enqueue(context.Name);
        return Task.FromResult(new FaceCheck(null, $"cameos/{cameoId}/face.jpg", new FaceDescriptor([1, 2, 3])));
    }
}

public sealed class PictureCharacterStandIn(PipelineLedger ledger) : Activity<string, FaceCheck>
{
    public override Task<FaceCheck> RunAsync(TaskActivityContext context, string cameoId)
    {
        ledger.Calls.Enqueue(context.Name);
        return Task.FromResult(cameoId.Contains("face", StringComparison.Ordinal)
            ? new FaceCheck(new VideoError(CameoCodes.CharacterHasFace, "A face."), null, null)
            : new FaceCheck(null, $"cameos/{cameoId}/picture.png", null));
    }
}

public sealed class CheckSpeechStandIn(PipelineLedger ledger) : Activity<string, SpeechCheck>
{
    public override Task<SpeechCheck> RunAsync(TaskActivityContext context, string cameoId)
    {
        ledger.Calls.Enqueue(context.Name);
        return Task.FromResult(new SpeechCheck(null, new VoiceProfile(180, 140)));
    }
}

public sealed class ScreenRecordingStandIn(PipelineLedger ledger) : Activity<string, VideoError?>
{
    public override Task<VideoError?> RunAsync(TaskActivityContext context, string cameoId)
    {
        ledger.Calls.Enqueue(context.Name);
        return Task.FromResult<VideoError?>(null);
    }
}

public sealed class CheckUniqueStandIn(PipelineLedger ledger) : Activity<CheckUniqueInput, VideoError?>
{
    public override Task<VideoError?> RunAsync(TaskActivityContext context, CheckUniqueInput input)
    {
        ledger.Calls.Enqueue($"{context.Name} {string.Join(',', input.Face.Histogram)}");
        return Task.FromResult(input.CameoId.Contains("twin", StringComparison.Ordinal) ? new VideoError(CameoCodes.DuplicatePerson, "Twin.") : null);
    }
}

public sealed class ActivateCameoStandIn(PipelineLedger ledger) : Activity<ActivateCameoInput, VideoError?>
{
    public override Task<VideoError?> RunAsync(TaskActivityContext context, ActivateCameoInput input)
    {
        ledger.Calls.Enqueue($"{context.Name} {input.Reference} {input.Voice?.PitchHz}");
        return Task.FromResult<VideoError?>(null);
    }
}

public sealed class FailCameoStandIn(PipelineLedger ledger) : Activity<FailCameoInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, FailCameoInput input)
    {
        ledger.Calls.Enqueue($"{context.Name} {input.Error.Code}");
        return Task.FromResult(true);
    }
}

/// <summary>A webhook endpoint that takes <see cref="TakenOnThird"/>'s delivery on the third try and no other; a last try that fails fails the delivery.</summary>
public sealed class SendWebhookStandIn(PipelineLedger ledger) : Activity<Webhooks.SendWebhookInput, Core.Social.DeliveryStatus>
{
    public const string TakenOnThird = "taken_on_third";

    public override Task<Core.Social.DeliveryStatus> RunAsync(TaskActivityContext context, Webhooks.SendWebhookInput input)
    {
        ledger.Calls.Enqueue($"{input.DeliveryId} {input.Last}");
        var tries = ledger.Calls.Count(call => call.StartsWith(input.DeliveryId + " ", StringComparison.Ordinal));
        return Task.FromResult(input.DeliveryId == TakenOnThird && tries == 3 ? Core.Social.DeliveryStatus.Delivered
            : input.Last ? Core.Social.DeliveryStatus.Failed : Core.Social.DeliveryStatus.Pending);
    }
}
