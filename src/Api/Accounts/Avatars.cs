using System.Security.Cryptography;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Api;

/// <summary>
/// A member's picture: read as an image (PNG, JPEG or WebP, at most <see cref="MaxPixels"/> by its header), made anew as
/// WebP (upright, at most <see cref="MaxSide"/> pixels a side, with nothing of the upload but its pixels: no EXIF
/// position, no comment, nothing appended), screened as an input image is (with the member's age), and kept in the clip
/// store under <c>avatars/{member}/{content hash}/</c>; the one before it is deleted once the new one is saved.
/// </summary>
public sealed class Avatars(IMemberStore members, ContentScreener screener, IMediaEngine media, IClipStore clips, TimeProvider time)
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const long MaxPixels = 25_000_000;
    public const int MaxSide = 1024;
    public const string UnreadableCode = "ACCOUNT.AVATAR_UNREADABLE";
    public const string TooLargeCode = "ACCOUNT.AVATAR_TOO_LARGE";
    public const string ScreeningCode = "SAFETY.AVATAR";

    public static string FolderOf(string memberId) => $"avatars/{memberId}";

    /// <summary>Sets the member's avatar from the uploaded file; answers the member as saved.</summary>
    public async Task<Member> SetAsync(Member member, string upload, CancellationToken cancellation)
    {
        var path = upload + ".webp";
        try
        {
            ScreenedImage image;
            try
            {
                await media.ReencodeImageAsync(upload, path, MaxSide, MaxPixels, cancellation);
                image = await media.ReadImageAsync(path, MaxPixels, cancellation);
            }
            catch (ImageTooLargeException tooLarge)
            {
                throw new RequestRejectedException(new VideoError(TooLargeCode, tooLarge.Message));
            }
            catch (InvalidDataException unreadable)
            {
                throw new RequestRejectedException(new VideoError(UnreadableCode, $"The avatar must be a PNG, JPEG or WebP image: {unreadable.Message}"));
            }

            if ((await screener.ScreenImageAsync(image, ScreeningCode, member.AgeOn(time.GetUtcNow()), cancellation)).ToError() is { } refused)
            {
                throw new RequestRejectedException(refused);
            }

            var name = $"{FolderOf(member.Id)}/{Convert.ToHexStringLower(SHA256.HashData(image.Bytes.Span))[..32]}/avatar.webp";
            await clips.PutFileAsync(name, path, cancellation);
            string? previous = null;
            var saved = await members.ChangeAsync(member, current =>
            {
                previous = current.Avatar;
                current.SetAvatar(name);
                return [];
            }, cancellation);
            if (previous is not null && previous != name)
            {
                await clips.DeleteFolderAsync(Path.GetDirectoryName(previous)!.Replace('\\', '/'), cancellation);
            }

            return saved;
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async Task<Member> ClearAsync(Member member, CancellationToken cancellation)
    {
        var saved = await members.ChangeAsync(member, current =>
        {
            if (current.Avatar is null)
            {
                return null;
            }

            current.SetAvatar(null);
            return [];
        }, cancellation);
        await clips.DeleteFolderAsync(FolderOf(member.Id), cancellation);
        return saved;
    }

    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".png" => "image/png",
        ".webp" => "image/webp",
        _ => "image/jpeg",
    };
}
