using System.Text.Json;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Api;

/// <summary>
/// What a deleted account held goes, when its <see cref="EventTypes.MemberDeleted"/> event arrives: each of its videos,
/// those moderation took down included, is removed for good through <see cref="VideoService.RemoveAsync"/> (their files follow on their own removal events), its cameos
/// are deleted (taking down the videos that cast them), its avatar and webhook endpoints (with their secrets) are
/// deleted, its API keys, sessions and known browsers are revoked, and its follows, blocks and mutes end, both ways. Each step is
/// safe to repeat.
/// </summary>
public sealed class MemberDeletionHandler(
    VideoService videos, IVideoStore store, CameoService cameos, IMemberStore members, IRelationStore relations, IWebhookStore webhooks, IClipStore clips, TimeProvider time)
    : IEventHandler
{
    private const int Page = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        if (cloudEvent.Type != EventTypes.MemberDeleted || cloudEvent.Data?.Deserialize<MemberDeletedData>(Json) is not { MemberId: var id })
        {
            return;
        }

        const string Reason = "removed when its account was deleted";
        await videos.RemoveEachAsync((limit, token) => store.ListAsync(id, limit, cancellation: token), Reason, takedownCode: null, cancellation);
        await videos.RemoveEachAsync((limit, token) => store.ListRestorableAsync(id, null, limit, token), Reason, takedownCode: null, cancellation);

        if (await members.GetAsync(id, cancellation) is { } member)
        {
            foreach (var view in await cameos.ListAsync(member, cancellation))
            {
                await cameos.DeleteAsync(member, view.Cameo.Id, cancellation);
            }
        }

        await clips.DeleteFolderAsync(Avatars.FolderOf(id), cancellation);
        foreach (var endpoint in await webhooks.ListEndpointsAsync(id, cancellation))
        {
            await webhooks.DeleteEndpointAsync(id, endpoint.Id, cancellation);
        }

        var now = time.GetUtcNow();
        foreach (var kind in Enum.GetValues<CredentialKind>())
        {
            foreach (var credential in await members.ListCredentialsAsync(id, kind, cancellation))
            {
                await members.RevokeCredentialAsync(id, credential.Id, now, cancellation);
            }
        }

        foreach (var kind in Enum.GetValues<RelationKind>())
        {
            foreach (var incoming in new[] { false, true })
            {
                while (await relations.ListAsync(id, kind, incoming, Page, cancellation: cancellation) is { Count: > 0 } held)
                {
                    await relations.ChangeAsync([], held, [], cancellation);
                }
            }
        }
    }
}
