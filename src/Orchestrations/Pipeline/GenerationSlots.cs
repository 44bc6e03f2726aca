using System.Text.Json;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Orchestrations.Pipeline;

/// <summary>Asks a slot for the clip's <see cref="Attempt"/>-th job.</summary>
public sealed record EnqueueGenerationInput(string VideoId, int Attempt);

/// <summary>Whether the clip holds a slot now; or why it may not wait for one (its member was suspended, it was removed).</summary>
public sealed record GenerationTurn(bool Granted, VideoError? Refusal = null);

/// <summary>The clip's job <see cref="JobId"/> ended, with its clip (<see cref="Rendered"/>) or without.</summary>
public sealed record ReleaseGenerationInput(string VideoId, string JobId, bool Rendered);

/// <summary>
/// Puts the clip in its generator's line (or back in it for a new attempt), hands out the free slots and tells the clips
/// that got one; answers whether this clip holds one. A clip taken down (removed, cancelled) or whose member was
/// suspended leaves the line and may not wait.
/// </summary>
public sealed class EnqueueGenerationActivity(GenerationQueue queue, IVideoStore videos, IMemberStore members, OrchestrationClient orchestrations)
    : Activity<EnqueueGenerationInput, GenerationTurn>
{
    public override async Task<GenerationTurn> RunAsync(TaskActivityContext context, EnqueueGenerationInput input)
    {
        var video = await videos.GetAsync(input.VideoId, context.CancellationToken);
        var refusal = video is null || video.IsRemoved || video.IsFinished
            ? video?.Error ?? new VideoError(ErrorCodes.VideoRemoved, $"Video {input.VideoId} was removed before it was generated.")
            : await members.GetAsync(video.OwnerId, context.CancellationToken) is { State: MemberState.Suspended }
                ? new VideoError(AccountCodes.MemberSuspended, "The account that asked for it was suspended before it was generated.")
                : null;
        if (refusal is not null)
        {
            await GenerationSlots.TellAsync(orchestrations, await queue.RemoveAsync(input.VideoId, context.CancellationToken), context.CancellationToken);
            return new GenerationTurn(false, refusal);
        }

        var spec = video!.Spec;
        var change = await queue.EnqueueAsync(input.VideoId, video.OwnerId, spec.Model, spec.Size, spec.Seconds, input.Attempt, context.CancellationToken);
        await GenerationSlots.TellAsync(orchestrations, change, context.CancellationToken);
        return new GenerationTurn(change.Entry is { State: QueueState.Generating } entry && entry.Attempt == input.Attempt);
    }
}

/// <summary>Frees the slot the clip's job held, measuring it when it rendered, and tells the clips that got a slot.</summary>
public sealed class ReleaseGenerationActivity(GenerationQueue queue, OrchestrationClient orchestrations) : Activity<ReleaseGenerationInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReleaseGenerationInput input)
    {
        await GenerationSlots.TellAsync(orchestrations, await queue.ReleaseAsync(input.VideoId, input.JobId, input.Rendered, context.CancellationToken), context.CancellationToken);
        return true;
    }
}

/// <summary>
/// The queue's side of the service's events: a clip cancelled, removed or failed leaves its line or frees its slot at
/// once (the next in line is told); a suspended member's waiting clips leave the line, and their pipelines are woken to
/// end; a published clip measures the steps after its generation.
/// </summary>
public sealed class GenerationQueueHandler(GenerationQueue queue, OrchestrationClient orchestrations) : IEventHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        switch (cloudEvent.Type)
        {
            case EventTypes.VideoCancelled or EventTypes.VideoFailed when cloudEvent.Data?.Deserialize<VideoEndedData>(Json) is { } ended:
                await GenerationSlots.TellAsync(orchestrations, await queue.RemoveAsync(ended.VideoId, cancellation), cancellation);
                break;
            case EventTypes.VideoRemoved when cloudEvent.Data?.Deserialize<VideoRemovedData>(Json) is { } removed:
                await GenerationSlots.TellAsync(orchestrations, await queue.RemoveAsync(removed.VideoId, cancellation), cancellation);
                break;
            case EventTypes.MemberSuspended when cloudEvent.Data?.Deserialize<MemberSuspendedData>(Json) is { } suspended:
                foreach (var videoId in await queue.RemoveWaitingAsync(suspended.MemberId, cancellation))
                {
                    await orchestrations.RaiseEventAsync(videoId, GenerateVideoOrchestration.LineChangedEvent, cancellation: cancellation);
                }

                break;
            case EventTypes.VideoPublished when cloudEvent.Data?.Deserialize<VideoPublishedData>(Json) is { } published:
                await queue.FinishAsync(published.VideoId, cloudEvent.Time, cancellation);
                break;
        }
    }
}

/// <summary>How the queue's changes reach the pipelines waiting in line.</summary>
public static class GenerationSlots
{
    /// <summary>Wakes the pipelines of the clips just granted a slot.</summary>
    public static async Task TellAsync(OrchestrationClient orchestrations, QueueChange change, CancellationToken cancellation)
    {
        foreach (var videoId in change.Granted)
        {
            await orchestrations.RaiseEventAsync(videoId, GenerateVideoOrchestration.LineChangedEvent, cancellation: cancellation);
        }
    }
}
