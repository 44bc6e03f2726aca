using System.Text.Json;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Orchestrations.Cameos;

/// <summary>
/// What a deleted cameo leaves goes, when its <see cref="EventTypes.CameoDeleted"/> event arrives: its recording and
/// reference face are deleted from the clip store, and every video that casts it — drafts, unfinished ones and, with
/// remixes, theirs too, and those moderation took down — is taken down for good (<see cref="CameoCodes.Deleted"/>)
/// through <see cref="VideoService.RemoveAsync"/>, whose own removal events delete their files. Each step is safe to repeat.
/// </summary>
public sealed class CameoDeletionHandler(VideoService videos, IVideoStore store, IClipStore clips) : IEventHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        if (cloudEvent.Type != EventTypes.CameoDeleted || cloudEvent.Data?.Deserialize<CameoEventData>(Json) is not { CameoId: var id })
        {
            return;
        }

        await clips.DeleteFolderAsync(Cameo.FolderOf(id), cancellation);

        const string Reason = "taken down when a cameo in it was deleted";
        await videos.RemoveEachAsync((limit, token) => store.ListByCameoAsync(id, limit, token), Reason, CameoCodes.Deleted, cancellation);
        await videos.RemoveEachAsync((limit, token) => store.ListRestorableAsync(null, id, limit, token), Reason, CameoCodes.Deleted, cancellation);
    }
}
