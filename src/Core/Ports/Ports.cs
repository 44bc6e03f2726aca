using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Ports;

/// <summary>Video records. Saving a record and queueing its events happen in one transaction (an outbox).</summary>
public interface IVideoStore
{
    /// <summary>
    /// Adds a new record and queues its events, atomically; false (and nothing queued) when one with that id exists
    /// already. With an <paramref name="admission"/>, the record is added only if it passes (else its exception), decided
    /// one at a time for the owner: no two records created at once both fit a cap only one of them fits.
    /// </summary>
    Task<bool> TryCreateAsync(Video video, IReadOnlyList<CloudEvent> events, VideoAdmission? admission = null, CancellationToken cancellation = default);

    Task<Video?> GetAsync(string id, CancellationToken cancellation = default);

    /// <summary>
    /// The owner's records not removed, newest first (oldest first where <paramref name="oldestFirst"/>), or only those
    /// not posted (<paramref name="draftsOnly"/>); <paramref name="after"/> is the id of the last record of the previous page.
    /// </summary>
    Task<IReadOnlyList<Video>> ListAsync(
        string ownerId, int limit, string? after = null, bool draftsOnly = false, bool oldestFirst = false, CancellationToken cancellation = default);

    /// <summary>The owner's videos created since <paramref name="since"/> or not yet finished (what fair use counts).</summary>
    Task<IReadOnlyList<Video>> ListRecentAsync(string ownerId, DateTimeOffset since, CancellationToken cancellation = default);

    /// <summary>
    /// The owner's posted videos (not removed), the most recently posted first; <paramref name="after"/> is the id of the
    /// last video of the previous page.
    /// </summary>
    Task<IReadOnlyList<Video>> ListPostedAsync(string ownerId, int limit, string? after = null, CancellationToken cancellation = default);

    /// <summary>
    /// The posts (not removed) of <paramref name="ownerIds"/>, or everyone's when null, the most recently posted first,
    /// after <paramref name="after"/>: the authors a Following feed merges at read time, and For You's candidates.
    /// </summary>
    Task<IReadOnlyList<Video>> ListPostedByAsync(
        IReadOnlyList<string>? ownerIds, int limit, Social.FeedCursor? after = null, CancellationToken cancellation = default);

    /// <summary>
    /// The posts (not removed) found by every term of the query (<see cref="Social.SearchTerms.OfPost"/>), the most
    /// recently posted first; <paramref name="after"/> is the id of the last post of the previous page.
    /// </summary>
    Task<IReadOnlyList<Video>> SearchPostedAsync(Social.PostQuery query, int limit, string? after = null, CancellationToken cancellation = default);

    /// <summary>The hashtags of the posts posted since <paramref name="since"/>, the most used first (then by name), with how many posts use each.</summary>
    Task<IReadOnlyList<Social.TagCount>> ListTrendingTagsAsync(DateTimeOffset since, int limit, CancellationToken cancellation = default);

    /// <summary>Up to <paramref name="limit"/> of the videos not removed that cast the cameo, in no particular order.</summary>
    Task<IReadOnlyList<Video>> ListByCameoAsync(string cameoId, int limit, CancellationToken cancellation = default);

    /// <summary>
    /// Up to <paramref name="limit"/> of the videos moderation took down and keeps to be restored
    /// (<see cref="Video.IsRestorable"/>), owned by <paramref name="ownerId"/> or casting <paramref name="cameoId"/>
    /// (one of the two), in no particular order: what a deleted account or cameo takes with it too.
    /// </summary>
    Task<IReadOnlyList<Video>> ListRestorableAsync(string? ownerId, string? cameoId, int limit, CancellationToken cancellation = default);

    /// <summary>The remixes not removed of the video, in no particular order.</summary>
    Task<IReadOnlyList<Video>> ListRemixesAsync(string parentId, CancellationToken cancellation = default);

    /// <summary>Every video not yet completed or failed, oldest first.</summary>
    Task<IReadOnlyList<Video>> ListUnfinishedAsync(CancellationToken cancellation = default);

    /// <summary>
    /// Saves the record and queues <paramref name="events"/> for delivery, atomically, if the stored record is still the
    /// <see cref="Video.Version"/> it was read as (throws <see cref="VersionConflictException"/> otherwise).
    /// </summary>
    Task SaveAsync(Video video, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default);
}

/// <summary>
/// The rule a new video must pass to be recorded (a cap on its owner's clips): <see cref="Check"/> throws when it does
/// not, given the owner's videos created since <see cref="Since"/> or unfinished, and how many more were admitted a
/// moment ago whose records are not there yet.
/// </summary>
public sealed record VideoAdmission(DateTimeOffset Since, Action<IReadOnlyList<Video>, int> Check);

/// <summary>
/// The storage behind a port failed (a full disk, a read-only or missing folder, an I/O error, a database held too long
/// by another process): the call changed nothing, and the same call may succeed once the fault clears.
/// </summary>
public sealed class StorageFaultException(string message, Exception inner) : Exception(message, inner);

/// <summary>How adapters that keep files report the file system's failures: as <see cref="StorageFaultException"/>.</summary>
public static class FileStorage
{
    /// <summary>Runs file work, turning an I/O failure or a refused access into a storage fault naming <paramref name="what"/>.</summary>
    public static T Run<T>(string what, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Fault(what, exception);
        }
    }

    /// <inheritdoc cref="Run{T}"/>
    public static async Task RunAsync(string what, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Fault(what, exception);
        }
    }

    private static StorageFaultException Fault(string what, Exception exception) => new($"{what} failed: {exception.Message}", exception);
}

/// <summary>The stored record changed since it was read: read it again and redo the change.</summary>
public sealed class VersionConflictException(string id) : Exception($"{id} changed since it was read.");

/// <summary>An event saved with a record and not yet delivered; <see cref="Key"/> is the store's handle on it.</summary>
public sealed record PendingEvent(string Key, CloudEvent Event);

/// <summary>Events saved with records and not yet delivered.</summary>
public interface IOutbox
{
    Task<IReadOnlyList<PendingEvent>> PendingAsync(int limit, CancellationToken cancellation = default);

    Task MarkDeliveredAsync(IReadOnlyCollection<string> keys, CancellationToken cancellation = default);
}

/// <summary>Delivers events to subscribers (in-process handlers, Event Grid). Delivery is at least once.</summary>
public interface IEventPublisher
{
    Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default);
}

/// <summary>Published media: write-once files addressed by name (e.g. <c>videos/{id}/master.mp4</c>).</summary>
public interface IClipStore
{
    /// <summary>Stores a local file under <paramref name="name"/>; storing the same name again keeps the first.</summary>
    Task PutFileAsync(string name, string localPath, CancellationToken cancellation = default);

    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellation = default);

    /// <summary>The stored object's size in bytes, or null when the store has no such object (asked without reading it).</summary>
    Task<long?> GetLengthAsync(string name, CancellationToken cancellation = default);

    /// <summary>
    /// A short-lived link that downloads the object directly from the store (a SAS URL on Blob Storage), or null when
    /// the store has none and callers should stream it through <see cref="OpenReadAsync"/>.
    /// </summary>
    Task<Uri?> GetDownloadLinkAsync(string name, TimeSpan lifetime, CancellationToken cancellation = default);

    /// <summary>Where those links point (scheme, host and port), which a page showing the content must allow; null without links.</summary>
    Uri? DownloadOrigin => null;

    /// <summary>
    /// Deletes every object under <paramref name="folder"/> (names starting with it and a slash): the scratch files
    /// that steps pass each other through the store, and a removed video's published assets.
    /// </summary>
    Task DeleteFolderAsync(string folder, CancellationToken cancellation = default);
}

public static class ClipStoreExtensions
{
    /// <summary>
    /// Copies a stored object to a local file for tools that read files; the file appears whole (written aside, then
    /// moved), so a reader never sees half of it.
    /// </summary>
    public static async Task<string> CopyToFileAsync(this IClipStore clips, string name, string path, CancellationToken cancellation = default) =>
        await clips.TryCopyToFileAsync(name, path, cancellation) ?? throw new InvalidOperationException($"The clip store has no {name}.");

    /// <summary>As <see cref="CopyToFileAsync"/>, or null (and no file) when the store has no such object.</summary>
    public static async Task<string?> TryCopyToFileAsync(this IClipStore clips, string name, string path, CancellationToken cancellation = default)
    {
        await using (var source = await clips.OpenReadAsync(name, cancellation))
        {
            if (source is null)
            {
                return null;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await using var target = File.Create(path + ".partial");
            await source.CopyToAsync(target, cancellation);
        }

        File.Move(path + ".partial", path, overwrite: true);
        return path;
    }
}

/// <summary>Runs generation jobs (a child process locally, a GPU container job on Azure).</summary>
public interface IJobLauncher
{
    Task StartAsync(GenerationJob job, CancellationToken cancellation = default);

    Task<JobStatus> GetStatusAsync(string jobId, CancellationToken cancellation = default);

    /// <summary>Stops a job that is still running; a finished or unknown job is left alone.</summary>
    Task StopAsync(string jobId, CancellationToken cancellation = default);
}

/// <summary>
/// What a generation job renders, and where its output goes (a folder or blob prefix); <see cref="InputImage"/> is the
/// image the clip starts from (image-to-video), beside the output; <see cref="Cameos"/> are the people and characters it shows.
/// </summary>
public sealed record GenerationJob(
    string JobId, string VideoId, string Prompt, int Seconds, int Width, int Height, long Seed, string OutputFolder,
    string? InputImage = null, IReadOnlyList<CameoLook>? Cameos = null, IReadOnlyList<string>? Earlier = null)
{
    /// <summary>Every prompt of the scene, a remix's earlier ones first (see <see cref="Videos.VideoSpec.Earlier"/>).</summary>
    public IReadOnlyList<string> Prompts => [.. Earlier ?? [], Prompt];
}

/// <summary>
/// A cameo as a job shows it: the <c>@</c> name in the prompt (a person's username, a character's handle), their
/// picture (an image file beside the output, as the input image is: a person's reference face, a character's cut-out)
/// and the voice their lines are spoken in (none measured for a character: the generator's own).
/// </summary>
public sealed record CameoLook(string Username, string Picture, VoiceProfile? Voice, CameoKind Kind = CameoKind.Person);

/// <summary>
/// A job's rendered picture and sound stems, placed on a timeline, the words it had spoken (null when the generator does
/// not know them, as a video model's soundtrack comes without a script: output screening hears them), and which generator
/// made them.
/// </summary>
public sealed record GenerationOutput(string Video, IReadOnlyList<AudioStem> Stems, string? Transcript, string Generator)
{
    /// <summary>Every file the job rendered (the picture and the stems), relative to its folder.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<string> Files => [Video, .. Stems.Select(stem => stem.Path)];
}

/// <summary>One sound track of a clip: where it starts and how loud it sits in the mix.</summary>
public sealed record AudioStem(string Path, string Kind, double StartSeconds, double Gain);

/// <summary>Raised on the orchestration when a job ends; a job that dies without raising it is found by polling.</summary>
public sealed record GenerationCompleted(string JobId, GenerationOutput? Output, VideoError? Error);

/// <summary>
/// Where a job stands. <see cref="Crashed"/>: its worker died while the process that started it lived (the job's own
/// doing, perhaps); <see cref="Interrupted"/>: it was stopped, or died with that process (a killed process group, a
/// stopped machine), which says nothing about the job.
/// </summary>
public enum JobState
{
    Running,
    Succeeded,
    Failed,
    Crashed,
    Missing,
    Interrupted,
}

/// <summary>A job's state; a succeeded job carries its output, so a lost completion event loses nothing.</summary>
public sealed record JobStatus(JobState State, GenerationOutput? Output = null, string? Error = null)
{
    /// <summary>Why a job that ended without output gave none, as the video would fail with it.</summary>
    public VideoError ToError() => new(
        State switch
        {
            JobState.Interrupted => ErrorCodes.GenerationInterrupted,
            JobState.Crashed or JobState.Missing => ErrorCodes.GenerationWorkerCrashed,
            _ => ErrorCodes.GenerationFailed,
        },
        Error ?? "The job ended without output.");
}

/// <summary>Hears the words spoken in a sound (a 16 kHz mono WAV file): CMU Sphinx locally, Azure AI Speech on Azure.</summary>
public interface ISpeechTranscriber
{
    Task<Transcript> TranscribeAsync(string sound, CancellationToken cancellation);
}

/// <summary>An image with more pixels than its use takes: refused from its header, before it is decoded.</summary>
public sealed class ImageTooLargeException(string message) : Exception(message);

/// <summary>The media operations the pipeline's steps need; paths are local files.</summary>
public interface IMediaEngine
{
    /// <summary>Lays the stems under the picture, normalizes the mix and corrects a measured A/V offset.</summary>
    Task<AudioSyncReport> MixAudioAsync(
        string picture, IReadOnlyList<AudioStem> stems, string stemFolder, int seconds, string output, CancellationToken cancellation);

    /// <summary>Master, 360p preview, poster and spritesheet in <paramref name="folder"/>, from one decode.</summary>
    Task<PublishFiles> MakePublishAssetsAsync(string clip, string folder, string? label, CancellationToken cancellation);

    /// <summary>
    /// An image file with its fingerprint; throws <see cref="InvalidDataException"/> when it is not a readable image, and
    /// <see cref="ImageTooLargeException"/> (before decoding anything) when it has more than <paramref name="maxPixels"/>.
    /// </summary>
    Task<ScreenedImage> ReadImageAsync(string path, long maxPixels, CancellationToken cancellation);

    /// <summary>
    /// The image made anew (WebP, upright, at most <paramref name="maxSide"/> pixels a side, no metadata) at
    /// <paramref name="output"/>; throws as <see cref="ReadImageAsync"/> does.
    /// </summary>
    Task ReencodeImageAsync(string path, string output, int maxSide, long maxPixels, CancellationToken cancellation);

    /// <summary>Frames to screen: one a second and one at every scene change, as JPEG with their fingerprints.</summary>
    Task<IReadOnlyList<ScreenedImage>> SampleFramesAsync(string clip, string folder, CancellationToken cancellation);

    /// <summary>Applies the edits in one encode; returns the edited clip's length in seconds.</summary>
    Task<double> ApplyEditsAsync(string clip, EditList edits, string output, string workFolder, CancellationToken cancellation);

    /// <summary>
    /// The clip itself when its sound meets the loudness target (−14 ± 1 LUFS, true peak at most −1 dBTP, as the encoded
    /// sound measures), else a copy in <paramref name="output"/> with only the sound re-encoded to meet it.
    /// </summary>
    Task<string> MeetLoudnessTargetAsync(string clip, string output, CancellationToken cancellation);

    /// <summary>The quality findings on a clip that should last <paramref name="expectedSeconds"/>.</summary>
    Task<IReadOnlyList<QualityIssue>> CheckQualityAsync(string clip, double expectedSeconds, CancellationToken cancellation);

    /// <summary>
    /// Writes the clip's last frame — before <paramref name="end"/> seconds, when the clip is cut there — as an image at
    /// <paramref name="image"/> (where a continuation of it starts); returns the clip's length in seconds.
    /// </summary>
    Task<double> LastFrameAsync(string clip, string image, CancellationToken cancellation, double? end = null);

    /// <summary>The clip followed by its continuation, in <paramref name="output"/>; its length in seconds.</summary>
    Task<double> JoinAsync(string clip, string continuation, string output, CancellationToken cancellation);

    /// <summary>The clip's sound as 16 kHz mono WAV (what speech recognizers take) at <paramref name="output"/>; false when it has no sound.</summary>
    Task<bool> ExtractSpeechSoundAsync(string clip, string output, CancellationToken cancellation);

    /// <summary>What an uploaded video holds, read without decoding it; <see cref="InvalidDataException"/> when it is no video read here.</summary>
    Task<VideoProbe> ProbeVideoAsync(string path, CancellationToken cancellation);

    /// <summary>
    /// An uploaded video made a clip like the generator's, <paramref name="width"/>×<paramref name="height"/> and its first
    /// <paramref name="seconds"/>, at <paramref name="output"/>; <see cref="InvalidDataException"/> when it does not decode.
    /// </summary>
    Task NormalizeVideoAsync(string upload, int width, int height, int seconds, string output, CancellationToken cancellation);
}

/// <summary>An uploaded video's length, picture size and frame rate, and whether it has sound.</summary>
public sealed record VideoProbe(double Seconds, int Width, int Height, double FramesPerSecond, bool HasSound);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<IssueSeverity>))]
public enum IssueSeverity
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("warning")]
    Warning,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("defect")]
    Defect,
}

/// <summary>A quality finding: a defect makes a clip unusable; a warning is recorded with the published clip.</summary>
public sealed record QualityIssue(string Code, IssueSeverity Severity, string Message);

/// <summary>
/// What syncing the audio found: the mix's loudness before normalization, the A/V offset measured on the result (null
/// when the media shows no events to line up), and the shift applied to the audio to correct it.
/// </summary>
public sealed record AudioSyncReport(Loudness Measured, double? AvOffsetMs, double CorrectionMs);

/// <summary>Integrated loudness, true peak and loudness range of a sound, as EBU R128 measures them.</summary>
public sealed record Loudness(double IntegratedLufs, double TruePeakDbtp, double RangeLu);

/// <summary>The local files of a clip's publish assets.</summary>
public sealed record PublishFiles(string Master, string Preview, string Poster, string Spritesheet);

/// <summary>What the generator will draw of a prompt, in the prompt's own words, and what it understood but cannot draw.</summary>
public sealed record ScenePreview(IReadOnlyList<string> Depicted, IReadOnlyList<string> NotDepicted);

/// <summary>
/// Tells, before a clip is made, what the generator will draw of a prompt and what it will leave out: the prompt
/// review shows it. Null where it cannot tell (a remote model draws what it draws).
/// </summary>
public interface IScenePreview
{
    ScenePreview? Preview(string prompt);
}
