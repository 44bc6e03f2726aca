using SoraFunctions.Core.Members;

namespace SoraFunctions.Core.Videos;

/// <summary>Who may see a video, its status and its content: the one rule every host's handlers ask.</summary>
public static class VideoAccess
{
    /// <summary>Its owner. Anyone else is told it does not exist (404), so a video's existence is not revealed.</summary>
    public static bool CanView(Member member, Video video) => video.OwnerId == member.Id;
}
