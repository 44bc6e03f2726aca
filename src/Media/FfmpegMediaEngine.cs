using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Editing;
using SoraFunctions.Media.Publishing;
using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Quality;

namespace SoraFunctions.Media;

/// <summary>The pipeline's media port, on ffmpeg.</summary>
public sealed class FfmpegMediaEngine : IMediaEngine
{
    public Task<AudioSyncReport> MixAudioAsync(
        string picture, IReadOnlyList<AudioStem> stems, string stemFolder, int seconds, string output, CancellationToken cancellation) =>
        AudioMixer.MixAsync(picture, stems, stemFolder, seconds, output, cancellation);

    public Task<PublishFiles> MakePublishAssetsAsync(string clip, string folder, string? label, CancellationToken cancellation) =>
        PublishRenderer.RenderAsync(clip, folder, label, cancellation);

    public Task<ScreenedImage> ReadImageAsync(string path, long maxPixels, CancellationToken cancellation) => ClipMedia.ReadImageAsync(path, maxPixels, cancellation);

    public Task ReencodeImageAsync(string path, string output, int maxSide, long maxPixels, CancellationToken cancellation) =>
        ClipMedia.ReencodeImageAsync(path, output, maxSide, maxPixels, cancellation);

    public Task<IReadOnlyList<ScreenedImage>> SampleFramesAsync(string clip, string folder, CancellationToken cancellation) =>
        ClipMedia.SampleFramesAsync(clip, folder, cancellation);

    public async Task<double> ApplyEditsAsync(string clip, EditList edits, string output, string workFolder, CancellationToken cancellation) =>
        (await EditRenderer.ApplyAsync(clip, edits, output, workFolder, cancellation)).Seconds;

    public Task<string> MeetLoudnessTargetAsync(string clip, string output, CancellationToken cancellation) =>
        LoudnessNormalizer.MeetTargetAsync(clip, output, cancellation);

    public async Task<IReadOnlyList<QualityIssue>> CheckQualityAsync(string clip, double expectedSeconds, CancellationToken cancellation) =>
        (await ClipInspector.InspectAsync(clip, expectedSeconds, cancellation, measureOffset: false)).Issues;

    public Task<double> LastFrameAsync(string clip, string image, CancellationToken cancellation, double? end = null) =>
        Extension.LastFrameAsync(clip, image, cancellation, end);

    public Task<double> JoinAsync(string clip, string continuation, string output, CancellationToken cancellation) =>
        Extension.JoinAsync(clip, continuation, output, cancellation);

    public Task<bool> ExtractSpeechSoundAsync(string clip, string output, CancellationToken cancellation) =>
        ClipMedia.ExtractSpeechSoundAsync(clip, output, cancellation);

    public Task<VideoProbe> ProbeVideoAsync(string path, CancellationToken cancellation) => UploadedVideos.ProbeAsync(path, cancellation);

    public Task NormalizeVideoAsync(string upload, int width, int height, int seconds, string output, CancellationToken cancellation) =>
        UploadedVideos.NormalizeAsync(upload, width, height, seconds, output, cancellation);
}
