using System.Text.Json;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Core.Events;

/// <summary>
/// What each of the service's event types carries, checked before an event from outside (an Event Grid delivery) is
/// handed to any handler: a known type's data must be the object its record reads, every field it needs there.
/// </summary>
public static class EventData
{
    private static readonly Dictionary<string, Type> Records = new(StringComparer.Ordinal)
    {
        [EventTypes.VideoPublished] = typeof(VideoPublishedData),
        [EventTypes.VideoRemoved] = typeof(VideoRemovedData),
        [EventTypes.VideoCancelled] = typeof(VideoEndedData),
        [EventTypes.VideoFailed] = typeof(VideoEndedData),
        [EventTypes.VideoPosted] = typeof(VideoPostedData),
        [EventTypes.VideoUnposted] = typeof(VideoPostedData),
        [EventTypes.VideoRestored] = typeof(VideoPostedData),
        [EventTypes.ModerationActed] = typeof(ModerationActedData),
        [EventTypes.VideoLiked] = typeof(EngagementData),
        [EventTypes.CommentAdded] = typeof(EngagementData),
        [EventTypes.MemberJoined] = typeof(MemberJoinedData),
        [EventTypes.MemberDeleted] = typeof(MemberDeletedData),
        [EventTypes.MemberSuspended] = typeof(MemberSuspendedData),
        [EventTypes.MemberFollowed] = typeof(RelationData),
        [EventTypes.MemberUnfollowed] = typeof(RelationData),
        [EventTypes.MemberBlocked] = typeof(RelationData),
        [EventTypes.MemberMuted] = typeof(RelationData),
        [EventTypes.CameoVerified] = typeof(CameoEventData),
        [EventTypes.CameoDeleted] = typeof(CameoEventData),
        [EventTypes.CameoUsed] = typeof(CameoEventData),
        [EventTypes.CameoReviewRequested] = typeof(CameoEventData),
    };

    /// <summary>As the handlers read data, but holding it to its record: nothing it needs missing or null.</summary>
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Why the event's data does not fit its type; null when it does, or when the type is none of the service's (which every handler passes over).</summary>
    public static string? Misfit(CloudEvent cloudEvent)
    {
        if (!Records.TryGetValue(cloudEvent.Type, out var record))
        {
            return null;
        }

        if (cloudEvent.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            return $"{cloudEvent.Type} carries its data as a JSON object.";
        }

        try
        {
            return data.Deserialize(record, Strict) is null ? $"{cloudEvent.Type}'s data is empty." : null;
        }
        catch (JsonException exception)
        {
            return $"{cloudEvent.Type}'s data does not read as {record.Name}: {exception.Message}";
        }
    }
}
