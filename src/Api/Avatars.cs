using System.Security.Cryptography;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Api;

/// <summary>
/// A member's picture: read as an image (PNG, JPEG or WebP), screened as an input image is (with the member's age),
/// kept in the clip store under <c>avatars/{member}/{content hash}/</c>; the one before it is deleted once the new one
/// is saved.
/// </summary>
public sealed class Avatars(IMemberStore members, ContentScreener screener, IMediaEngine media, IClipStore clips, TimeProvider time)
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const string UnreadableCode = "ACCOUNT.AVATAR_UNREADABLE";
    public const string ScreeningCode = "SAFETY.AVATAR";

    public static string FolderOf(string memberId) => $"avatars/{memberId}";

    public async Task SetAsync(Member member, string path, CancellationToken cancellation)
    {
        ScreenedImage image;
        try
        {
            image = await media.ReadImageAsync(path, cancellation);
        }
        catch (InvalidDataException unreadable)
        {
            throw new RequestRejectedException(new VideoError(UnreadableCode, $"The avatar must be a PNG, JPEG or WebP image: {unreadable.Message}"));
        }

        if ((await screener.ScreenImageAsync(image, ScreeningCode, member.AgeOn(time.GetUtcNow()), cancellation)).ToError() is { } refused)
        {
            throw new RequestRejectedException(refused);
        }

        var previous = member.Avatar;
        var name = $"{FolderOf(member.Id)}/{Convert.ToHexStringLower(SHA256.HashData(image.Bytes.Span))[..32]}/avatar{Extension(image.Bytes.Span)}";
        await clips.PutFileAsync(name, path, cancellation);
        member.SetAvatar(name);
        await members.SaveAsync(member, [], cancellation);
        if (previous is not null && previous != name)
        {
            await clips.DeleteFolderAsync(Path.GetDirectoryName(previous)!.Replace('\\', '/'), cancellation);
        }
    }

    public async Task ClearAsync(Member member, CancellationToken cancellation)
    {
        if (member.Avatar is null)
        {
            return;
        }

        member.SetAvatar(null);
        await members.SaveAsync(member, [], cancellation);
        await clips.DeleteFolderAsync(FolderOf(member.Id), cancellation);
    }

    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".png" => "image/png",
        ".webp" => "image/webp",
        _ => "image/jpeg",
    };

    private static string Extension(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? ".png"
        : bytes.Length > 12 && bytes[8..12].SequenceEqual("WEBP"u8) ? ".webp"
        : ".jpg"; // the reader accepts nothing else
}
