using System.Text.Json;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Api;

/// <summary>
/// What a deleted account held goes, when its <see cref="EventTypes.MemberDeleted"/> event arrives: each of its videos is
/// removed through <see cref="VideoService.RemoveAsync"/> (their files follow on their own removal events), its cameos
/// are deleted (taking down the videos that cast them), its avatar and webhook endpoints (with their secrets) are
/// deleted, its API keys and sessions are revoked, and its follows, blocks and mutes end, both ways. Each step is
/// safe to repeat.
/// </summary>
public sealed class MemberDeletionHandler(
    VideoService videos, CameoService cameos, IMemberStore members, IRelationStore relations, IWebhookStore webhooks, IClipStore clips, TimeProvider time)
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

        // Removed videos leave the owner's list, so the first page is read until it is empty.
        while (await videos.ListAsync(id, Page, cancellation: cancellation) is { Count: > 0 } page)
        {
            foreach (var view in page)
            {
                await videos.RemoveAsync(view.Video.Id, "removed when its account was deleted", cancellation: cancellation);
            }
        }

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
        foreach (var kind in new[] { CredentialKind.ApiKey, CredentialKind.Session })
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
