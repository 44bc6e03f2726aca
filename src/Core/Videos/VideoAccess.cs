using SoraFunctions.Core.Members;

namespace SoraFunctions.Core.Videos;

/// <summary>Who may see a video, its status and its content: the one rule every host's handlers ask.</summary>
public static class VideoAccess
{
    /// <summary>
    /// Its owner and the owners of the cameos in it, until it is removed. Anyone else is told it does not exist (404), so
    /// a video's existence is not revealed; a removed video does not exist for anyone.
    /// </summary>
    public static bool CanView(Member member, Video video) => video.IsCoOwnedBy(member.Id) && !video.IsRemoved;
}
