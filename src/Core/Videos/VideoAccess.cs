using SoraFunctions.Core.Members;

namespace SoraFunctions.Core.Videos;

/// <summary>Who may see a video, its status and its content: the one rule every host's handlers ask.</summary>
public static class VideoAccess
{
    /// <summary>
    /// A draft: its owner and the owners of the cameos in it. A posted video: anyone its owner does not block and is not
    /// blocked by (<paramref name="ownerToViewer"/>). Anyone else is told it does not exist (404), so a video's existence
    /// is not revealed; a removed video does not exist for anyone.
    /// </summary>
    public static bool CanView(Member member, Video video, Relationship ownerToViewer) =>
        !video.IsRemoved && (video.IsCoOwnedBy(member.Id) || (video.IsPosted && !ownerToViewer.Hidden));

    /// <summary><see cref="CanView(Member, Video, Relationship)"/>, reading how the owner and the viewer stand only when it matters (someone else's post).</summary>
    public static async Task<bool> CanViewAsync(Member member, Video video, IRelationStore relations, CancellationToken cancellation) =>
        CanView(member, video, video.IsPosted && !video.IsCoOwnedBy(member.Id)
            ? await relations.BetweenAsync(video.OwnerId, member.Id, cancellation)
            : Relationship.None);
}
