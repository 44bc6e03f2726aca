using System.Text.Json;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Orchestrations.Pipeline;

/// <summary>
/// What a removed video leaves behind goes, when its <see cref="EventTypes.VideoRemoved"/> event arrives: its pipeline
/// is terminated and its running job stopped (all a <see cref="EventTypes.VideoCancelled"/> one asks), then its scratch files and published assets are deleted (a moderation
/// takedown keeps the assets, so that it can be restored), and its remixes are labelled as remixes of a removed video. Every step is safe to repeat, as at-least-once delivery asks. The input
/// image stays: images are stored once by their content and may be another clip's too.
/// </summary>
public sealed class VideoRemovalHandler(OrchestrationClient orchestrations, IJobLauncher launcher, IClipStore clips, IVideoStore videos, DataFolder data)
    : IEventHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        if (cloudEvent.Type == EventTypes.VideoCancelled && cloudEvent.Data?.Deserialize<VideoEndedData>(Json) is { } cancelled)
        {
            await StopAsync(cancelled.VideoId, "cancelled by its owner", cancellation);
            return;
        }

        if (cloudEvent.Type != EventTypes.VideoRemoved || cloudEvent.Data?.Deserialize<VideoRemovedData>(Json) is not { } removed)
        {
            return;
        }

        await StopAsync(removed.VideoId, $"removed: {removed.Reason}", cancellation);
        if (removed.TakedownCode != ModerationCodes.Removed)
        {
            await clips.DeleteFolderAsync(PublishVideoActivity.FolderOf(removed.VideoId), cancellation);
        }
        foreach (var remix in await videos.ListRemixesAsync(removed.VideoId, cancellation))
        {
            await LabelAsync(remix, cancellation);
        }
    }

    /// <summary>Terminates the video's pipeline, stops its running job and deletes its scratch files.</summary>
    private async Task StopAsync(string videoId, string reason, CancellationToken cancellation)
    {
        var instance = await orchestrations.GetInstanceAsync(videoId, cancellation: cancellation);
        var attempts = instance?.ReadCustomStatusAs<PipelineProgress>()?.GenerationAttempts ?? 0;
        if (instance is { RuntimeStatus: var status } && !status.IsTerminal())
        {
            await orchestrations.TerminateInstanceAsync(videoId, reason, cancellation);
        }

        if (attempts > 0)
        {
            await launcher.StopAsync(StartGenerationJobActivity.JobIdFor(videoId, attempts), cancellation);
        }

        await Scratch.RemoveAsync(clips, data, videoId, Math.Max(attempts, 1), cancellation);
    }

    private async Task LabelAsync(Video remix, CancellationToken cancellation)
    {
        for (var video = remix; video?.MarkRemixedVideoRemoved() == true; video = await videos.GetAsync(remix.Id, cancellation))
        {
            try
            {
                await videos.SaveAsync(video, [], cancellation);
                return;
            }
            catch (VersionConflictException)
            {
                // Its pipeline or its owner saved it meanwhile: read it again.
            }
        }
    }
}
