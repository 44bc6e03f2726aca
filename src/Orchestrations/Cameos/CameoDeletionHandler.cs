using System.Text.Json;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Orchestrations.Cameos;

/// <summary>
/// What a deleted cameo leaves goes, when its <see cref="EventTypes.CameoDeleted"/> event arrives: its recording and
/// reference face are deleted from the clip store, and every video that casts it — drafts, unfinished ones and, with
/// remixes, theirs too — is taken down (<see cref="CameoCodes.Deleted"/>) through <see cref="VideoService.RemoveAsync"/>,
/// whose own removal events delete their files. Each step is safe to repeat.
/// </summary>
public sealed class CameoDeletionHandler(VideoService videos, IVideoStore store, IClipStore clips) : IEventHandler
{
    private const int Page = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        if (cloudEvent.Type != EventTypes.CameoDeleted || cloudEvent.Data?.Deserialize<CameoEventData>(Json) is not { CameoId: var id })
        {
            return;
        }

        await clips.DeleteFolderAsync(Cameo.FolderOf(id), cancellation);

        // Removed videos leave the cameo's list, so the first page is read until it is empty.
        while (await store.ListByCameoAsync(id, Page, cancellation) is { Count: > 0 } casting)
        {
            foreach (var video in casting)
            {
                await videos.RemoveAsync(video.Id, "taken down when a cameo in it was deleted", CameoCodes.Deleted, cancellation);
            }
        }
    }
}
