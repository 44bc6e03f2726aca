using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Editing;

namespace SoraFunctions.Media.Publishing;

/// <summary>
/// Makes every publish asset from a finished clip in one ffmpeg run (one decode): the master (H.264 High, index first
/// for streaming), a 360p preview, the poster (the middle frame, at the preview's size: it stands in for the preview
/// until it plays, and shows in grids) and a spritesheet (a grid of evenly spaced
/// thumbnails), all carrying the visible label (see <see cref="Core.Videos.Video.VisibleLabel"/>) unless it is turned off. The preview is encoded faster and keeps the master's
/// sound, so the whole set costs little more than one re-encode of the clip.
/// </summary>
public static class PublishRenderer
{
    public const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    public const int SpriteColumns = 5;
    public const int SpriteRows = 5;
    public const int SpriteWidth = 160;
    public const int PreviewShortSide = 360;

    /// <summary>Renders the assets, with <paramref name="label"/> burned into the picture unless it is null.</summary>
    public static async Task<PublishFiles> RenderAsync(string clip, string folder, string? label, CancellationToken cancellation)
    {
        var info = await MediaProbe.ProbeAsync(clip, cancellation);
        var video = info.Video ?? throw new MediaException($"{clip} has no video stream to publish.");
        Directory.CreateDirectory(folder);
        var files = new PublishFiles(
            Path.Combine(folder, "master.mp4"), Path.Combine(folder, "preview.mp4"),
            Path.Combine(folder, "poster.jpg"), Path.Combine(folder, "spritesheet.jpg"));

        await Ffmpeg.RunAsync(
            [
                "-i", clip, "-filter_complex", Graph(video, label),
                "-map", "[master]", .. Audio(info, "-c:a", "copy"),
                "-c:v", "libx264", "-profile:v", "high", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
                "-movflags", "+faststart", files.Master,
                "-map", "[preview]", .. Audio(info, "-c:a", "copy"),
                "-c:v", "libx264", "-preset", "superfast", "-crf", "28", "-pix_fmt", "yuv420p", "-movflags", "+faststart", files.Preview,
                "-map", "[poster]", "-frames:v", "1", "-q:v", "3", files.Poster,
                "-map", "[sprites]", "-frames:v", "1", "-q:v", "4", files.Spritesheet,
            ],
            cancellation);
        return files;
    }

    /// <summary>The one graph: the decoded picture, labelled once, split four ways.</summary>
    public static string Graph(VideoStreamInfo video, string? label)
    {
        var middle = video.Frames / 2;
        var count = SpriteColumns * SpriteRows;
        var sprites = Enumerable.Range(0, count).Select(i => (int)((long)i * Math.Max(1, video.Frames - 1) / (count - 1))).Distinct();
        var labelled = label is null ? "" : $"{Filter.Label(label, Font)},";
        return string.Join(';',
            $"[0:v]{labelled}{Filter.Split(4)}[master][p][t][s]",
            $"[p]{Filter.ShrinkShortSide(PreviewShortSide)}[preview]",
            $"[t]{Filter.SelectFrames([middle])},{Filter.ShrinkShortSide(PreviewShortSide)}[poster]",
            $"[s]{Filter.SelectFrames(sprites)},{Filter.ScaleWidth(SpriteWidth)},{Filter.Tile(SpriteColumns, SpriteRows)}[sprites]");
    }

    private static string[] Audio(MediaInfo info, params string[] codec) => info.Audio is null ? [] : ["-map", "0:a", .. codec];
}
