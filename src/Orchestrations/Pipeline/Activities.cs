using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Cameos;

namespace SoraFunctions.Orchestrations.Pipeline;

public sealed record SyncAudioInput(string VideoId, string JobId, GenerationOutput Output, int Seconds);

public sealed record PostEditInput(string VideoId, string Clip, int Seconds, EditList? Edits);

public sealed record PostEditResult(string Clip, IReadOnlyList<QualityIssue> Issues)
{
    public QualityIssue? FirstDefect => Issues.FirstOrDefault(issue => issue.Severity == IssueSeverity.Defect);
}

/// <summary><see cref="Transcript"/>: the words the clip was made to say; null when they are not known, and the step hears them.</summary>
public sealed record ScreenOutputInput(string VideoId, string Clip, string? Transcript, int? RequesterAge);

/// <summary>Why output screening refuses the clip (null: it passes), and the captions of the words it heard (a work file), if any.</summary>
public sealed record ScreenOutputResult(VideoError? Error, string? Captions);

public sealed record StartGenerationInput(string VideoId, VideoSpec Spec, int Attempt);

/// <summary><see cref="GenerationAttempts"/>: how many jobs the pipeline started, whose scratch files go with the rest.</summary>
public sealed record PublishInput(
    string VideoId, string Clip, int GenerationAttempts, IReadOnlyList<QualityIssue> Warnings, string Generator, string? Captions = null);

public sealed record FailVideoInput(string VideoId, VideoError Error, int GenerationAttempts);

/// <summary>
/// The video made from a clip already whole (<see cref="Source"/>, its name in the clip store); for a join, its own clip
/// that follows (null: it starts from that one).
/// </summary>
public sealed record UseSourceClipInput(string VideoId, string Source, string? Continuation = null);

/// <summary>Checks the spec against the catalog again: the rules may have changed since the request was accepted.</summary>
public sealed class ValidatePromptActivity : Activity<VideoSpec, VideoError?>
{
    public override Task<VideoError?> RunAsync(TaskActivityContext context, VideoSpec spec)
    {
        try
        {
            // An uploaded clip's length is its own, not one the catalog offers; edits apply to the whole clip (an extension's too).
            var seconds = spec is { Uploaded: true, Extends: null } ? VideoCatalog.DefaultSeconds : spec.Seconds;
            VideoSpec.From(
                new VideoRequest(spec.Prompt, spec.Model, seconds.ToString(CultureInfo.InvariantCulture), spec.Size, spec.Seed, Strict: spec.Strict),
                () => spec.Seed,
                spec.RequesterAge);
            spec.Edits?.Validate(spec.TotalSeconds);
            return Task.FromResult<VideoError?>(null);
        }
        catch (RequestRejectedException rejected)
        {
            return Task.FromResult<VideoError?>(rejected.Error);
        }
    }
}

/// <summary>
/// Screens the prompt, and the input image if there is one, under the requester's age rules; returns why it is
/// refused, or null. An @mention is consented only by a cameo cast when the video was asked for that still consents
/// now; a prompt that breaks a cast cameo's terms is refused too. What the screening warned of (and let through) goes to
/// the moderators (<see cref="SafetyWarnings"/>).
/// </summary>
public sealed class ScreenInputActivity(
    ContentScreener screener, IClipStore clips, IMediaEngine media, DataFolder data, IVideoStore videos, IMemberStore members, CameoCasting casting,
    SafetyWarnings warnings)
    : Activity<GenerateVideoInput, VideoError?>
{
    public override async Task<VideoError?> RunAsync(TaskActivityContext context, GenerateVideoInput input)
    {
        var spec = input.Spec;
        var video = await videos.GetAsync(input.VideoId, context.CancellationToken)
            ?? throw new InvalidOperationException($"Video {input.VideoId} has no record.");
        var requester = await members.GetAsync(video.OwnerId, context.CancellationToken)
            ?? throw new InvalidOperationException($"The owner of {video.Id} has no record.");
        var cast = await casting.ResolveAsync(spec.Mentions, requester, context.CancellationToken);
        if (cast.Conflict(spec.SceneText) is { } conflict)
        {
            return conflict;
        }

        var consented = cast.Granted.Where(g => video.Cameos.Any(c => c.CameoId == g.Cast.CameoId)).Select(g => g.Cast.Username).ToList();
        var result = await screener.ScreenPromptAsync(new PromptScreening(spec.SceneText, spec.RequesterAge, consented), context.CancellationToken);
        if (spec.InputReference is { } name)
        {
            var local = await clips.CopyToFileAsync(name, Path.Combine(data.WorkFolder(input.VideoId), Path.GetFileName(name)), context.CancellationToken);
            var image = await media.ReadImageAsync(local, VideoCatalog.MaxInputPixels, context.CancellationToken);
            result = result.Merge(await screener.ScreenImageAsync(image, ContentScreener.InputImage, spec.RequesterAge, context.CancellationToken));
        }

        await warnings.ReportAsync(video, result, context.CancellationToken);
        return result.ToError();
    }
}

/// <summary>
/// Takes the video uploaded to be edited or extended: made a clip like the generator's (its size, frame rate, sound,
/// length: <see cref="IMediaEngine.NormalizeVideoAsync"/>), whose frames are screened as any input image is, under the
/// requester's age rules; returns why it is refused, or null (the clip is then <see cref="ClipOf"/>). The upload and the
/// clip are work files: they go when the pipeline ends.
/// </summary>
public sealed class PrepareUploadActivity(
    IMediaEngine media, IClipStore clips, DataFolder data, ContentScreener screener, IVideoStore videos, SafetyWarnings warnings)
    : Activity<GenerateVideoInput, VideoError?>
{
    /// <summary>Where the video uploaded with the request is kept while it is made.</summary>
    public static string UploadOf(string videoId) => $"{WorkFiles.StoreFolder(videoId)}/upload";

    /// <summary>The uploaded video made a clip like the generator's.</summary>
    public static string ClipOf(string videoId) => WorkFiles.StoreName(videoId, Clip);

    private const string Clip = "upload.mp4";

    public override async Task<VideoError?> RunAsync(TaskActivityContext context, GenerateVideoInput input)
    {
        var cancellation = context.CancellationToken;
        var spec = input.Spec;
        var work = Directory.CreateDirectory(data.WorkFolder(input.VideoId)).FullName;
        var upload = await clips.CopyToFileAsync(UploadOf(input.VideoId), Path.Combine(work, "upload"), cancellation);
        var clip = Path.Combine(work, Clip);
        try
        {
            await media.NormalizeVideoAsync(upload, spec.Width, spec.Height, spec.Extends?.Seconds ?? spec.Seconds, clip, cancellation);
        }
        catch (InvalidDataException unreadable)
        {
            return new VideoError(ErrorCodes.UploadUnreadable, unreadable.Message);
        }

        var result = ScreeningResult.Allowed;
        foreach (var frame in await media.SampleFramesAsync(clip, Path.Combine(work, "upload-frames"), cancellation))
        {
            result = result.Merge(await screener.ScreenImageAsync(frame, ContentScreener.InputImage, spec.RequesterAge, cancellation));
        }

        if (await videos.GetAsync(input.VideoId, cancellation) is { } video)
        {
            await warnings.ReportAsync(video, result, cancellation);
        }

        await WorkFiles.KeepAsync(clips, input.VideoId, clip, cancellation);
        return result.ToError();
    }
}

/// <summary>Whether every cameo cast still consents (else why not), and whose owners asked to review the clip first.</summary>
public sealed record ConsentCheck(VideoError? Error, IReadOnlyList<string> Reviewers);

/// <summary>
/// Asks each cast cameo again, right before publishing, whether it still appears for the requester: one revoked,
/// deleted or hidden by a block since fails the clip (<see cref="CameoCodes.ConsentRevoked"/>).
/// </summary>
public sealed class CheckConsentActivity(IVideoStore videos, IMemberStore members, CameoCasting casting) : Activity<string, ConsentCheck>
{
    public override async Task<ConsentCheck> RunAsync(TaskActivityContext context, string videoId)
    {
        var video = await videos.GetAsync(videoId, context.CancellationToken) ?? throw new InvalidOperationException($"Video {videoId} has no record.");
        var requester = await members.GetAsync(video.OwnerId, context.CancellationToken)
            ?? throw new InvalidOperationException($"The owner of {video.Id} has no record.");
        var reviewers = new List<string>();
        foreach (var cast in video.Cameos)
        {
            if (await casting.ConsentingAsync(cast, requester, context.CancellationToken) is not { } cameo)
            {
                return new ConsentCheck(new VideoError(CameoCodes.ConsentRevoked, $"@{cast.Username}'s cameo no longer appears in your videos."), []);
            }

            if (cameo.ReviewRequired && cast.OwnerId != video.OwnerId)
            {
                reviewers.Add(cast.OwnerId);
            }
        }

        return new ConsentCheck(null, reviewers);
    }
}

public sealed record RequestReviewInput(string VideoId, IReadOnlyList<string> Reviewers, string Clip);

/// <summary>Records whose review the clip waits for, and tells each of them (<c>Cameo.ReviewRequested</c>). Safe to repeat.</summary>
public sealed class RequestReviewActivity(IVideoStore videos, TimeProvider time) : Activity<RequestReviewInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RequestReviewInput input)
    {
        var video = await videos.GetAsync(input.VideoId, context.CancellationToken) ?? throw new InvalidOperationException($"Video {input.VideoId} has no record.");
        if (video.IsFinished || video.AwaitingReview.Count > 0 || video.Reviews.Count > 0)
        {
            return false; // asked already
        }

        var now = time.GetUtcNow();
        video.RequestReview(input.Reviewers, WorkFiles.StoreName(input.VideoId, input.Clip), now + GenerateVideoOrchestration.ReviewDeadline);
        var requested = video.Cameos.Where(cast => input.Reviewers.Contains(cast.OwnerId)).Select(cast => CameoEvents.ReviewRequested(cast, video.Id, now)).ToList();
        await videos.SaveAsync(video, requested, context.CancellationToken);
        return true;
    }
}

/// <summary>
/// Starts one attempt's generation job on the slot the clip holds (recorded first, so a start that dies is found by the
/// queue's check); null when the clip holds none any more (its grant went unused too long), and it goes back in line.
/// The job id is derived from the video and the attempt, so a retried start finds the same job and a later attempt never
/// shares an earlier one's id or folders. The cast cameos go with it: their reference faces (a character's picture) and
/// voices, and their owners' directions added to the prompt.
/// </summary>
public sealed class StartGenerationJobActivity(IJobLauncher launcher, IClipStore clips, IVideoStore videos, ICameoStore cameos, GenerationQueue queue, DataFolder data)
    : Activity<StartGenerationInput, GenerationJob?>
{
    public override async Task<GenerationJob?> RunAsync(TaskActivityContext context, StartGenerationInput input)
    {
        // A video removed or cancelled while its pipeline ran gets no job: the takedown's handler may already have stopped the last one.
        var video = await videos.GetAsync(input.VideoId, context.CancellationToken);
        if (video is null || video.IsRemoved || video.IsFinished)
        {
            throw new InvalidOperationException($"Video {input.VideoId} was taken down; no job is started for it.");
        }

        var jobId = JobIdFor(input.VideoId, input.Attempt);
        if (!await queue.StartAsync(input.VideoId, jobId, context.CancellationToken))
        {
            return null;
        }

        var spec = input.Spec;
        var folder = data.JobFolder(jobId);
        var image = spec.InputReference is { } name
            ? await clips.CopyToFileAsync(name, Path.Combine(folder, "input" + Path.GetExtension(name)), context.CancellationToken)
            : null;
        var prompt = spec.Prompt;
        var looks = new List<CameoLook>();
        foreach (var cast in video.Cameos)
        {
            if (await cameos.GetAsync(cast.CameoId, context.CancellationToken) is not { IsActive: true, Reference: { } reference } cameo)
            {
                continue; // gone since screening: the consent check before publishing fails the clip
            }

            var picture = await clips.CopyToFileAsync(reference, Path.Combine(folder, $"cameo-{cast.CameoId}{Path.GetExtension(reference)}"), context.CancellationToken);
            looks.Add(new CameoLook(cast.Username, picture, cameo.Voice, cameo.Kind));
            if (CameoPreferences.Directions(cameo.Preferences) is { Count: > 0 } directions)
            {
                prompt += $"\n@{cast.Username}: {string.Join("; ", directions)}.";
            }
        }

        var job = new GenerationJob(jobId, input.VideoId, prompt, spec.Seconds, spec.Width, spec.Height, spec.Seed, folder, image, looks, spec.Earlier);
        await launcher.StartAsync(job, context.CancellationToken);

        // A takedown saved while the job was being started may have found no job to stop, and removed its folder before
        // it was made: this start stops and clears its own. One saved after this look finds the job and stops it.
        if (await videos.GetAsync(input.VideoId, context.CancellationToken) is not { IsRemoved: false, IsFinished: false })
        {
            await launcher.StopAsync(jobId, context.CancellationToken);
            await Scratch.RemoveAsync(clips, data, input.VideoId, input.Attempt, context.CancellationToken);
            throw new InvalidOperationException($"Video {input.VideoId} was taken down while its job started; the job is stopped.");
        }

        return job;
    }

    public static string JobIdFor(string videoId, int attempt) => $"{videoId}-render-{attempt}";
}

public sealed class CheckGenerationJobActivity(IJobLauncher launcher) : Activity<string, JobStatus>
{
    public override Task<JobStatus> RunAsync(TaskActivityContext context, string jobId) =>
        launcher.GetStatusAsync(jobId, context.CancellationToken);
}

/// <summary>
/// Mixes the job's stems under its picture at -14 LUFS; returns the synced clip's path. A job that ran elsewhere (a
/// container job) left its files in the clip store, and they are fetched into its folder first.
/// </summary>
public sealed class SyncAudioActivity(IMediaEngine media, IClipStore clips, DataFolder data) : Activity<SyncAudioInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, SyncAudioInput input)
    {
        var jobFolder = data.JobFolder(input.JobId);
        foreach (var file in input.Output.Files)
        {
            if (!File.Exists(Path.Combine(jobFolder, file)))
            {
                await clips.CopyToFileAsync($"{StoredJob.Folder(input.JobId)}/{file}", Path.Combine(jobFolder, file), context.CancellationToken);
            }
        }

        var work = Directory.CreateDirectory(data.WorkFolder(input.VideoId)).FullName;
        var synced = Path.Combine(work, "synced.mp4");
        await media.MixAudioAsync(
            Path.Combine(jobFolder, input.Output.Video), input.Output.Stems, jobFolder, input.Seconds, synced, context.CancellationToken);
        await WorkFiles.KeepAsync(clips, input.VideoId, synced, context.CancellationToken);
        return synced;
    }
}

/// <summary>
/// An edit's starting point: the source video's clip as it was before publishing (<see cref="PublishVideoActivity.SourceOf"/>,
/// unlabelled, so the edit is labelled once), or the uploaded video as <see cref="PrepareUploadActivity"/> made it, as this
/// video's synced clip.
/// </summary>
public sealed class UseSourceClipActivity(IClipStore clips, DataFolder data) : Activity<UseSourceClipInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, UseSourceClipInput input)
    {
        var synced = Path.Combine(Directory.CreateDirectory(data.WorkFolder(input.VideoId)).FullName, "synced.mp4");
        await clips.CopyToFileAsync(input.Source, synced, context.CancellationToken);
        await WorkFiles.KeepAsync(clips, input.VideoId, synced, context.CancellationToken);
        return synced;
    }
}

/// <summary>An extension's clip: the source video's clip (as <see cref="UseSourceClipActivity"/> takes it) and then this one's, joined.</summary>
public sealed class JoinSourceClipActivity(IMediaEngine media, IClipStore clips, DataFolder data) : Activity<UseSourceClipInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, UseSourceClipInput input)
    {
        var work = Directory.CreateDirectory(data.WorkFolder(input.VideoId)).FullName;
        var continuation = await WorkFiles.FetchAsync(clips, input.VideoId, input.Continuation!, context.CancellationToken);
        var source = await clips.CopyToFileAsync(input.Source, Path.Combine(work, "source.mp4"), context.CancellationToken);
        var joined = Path.Combine(work, "joined.mp4");
        await media.JoinAsync(source, continuation, joined, context.CancellationToken);
        await WorkFiles.KeepAsync(clips, input.VideoId, joined, context.CancellationToken);
        return joined;
    }
}

/// <summary>
/// Applies the requested edits (with none requested the clip passes through unchanged), brings the sound to the
/// loudness target where the mix or the edits left it off (the master copies this sound, so it is what is published),
/// then the quality gate: the findings on the finished clip decide whether it may be published.
/// </summary>
public sealed class PostEditActivity(IMediaEngine media, IClipStore clips, DataFolder data) : Activity<PostEditInput, PostEditResult>
{
    public override async Task<PostEditResult> RunAsync(TaskActivityContext context, PostEditInput input)
    {
        var source = await WorkFiles.FetchAsync(clips, input.VideoId, input.Clip, context.CancellationToken);
        var work = data.WorkFolder(input.VideoId);
        var (clip, seconds) = (source, (double)input.Seconds);
        if (input.Edits is { } edits)
        {
            clip = Path.Combine(work, "edited.mp4");
            seconds = await media.ApplyEditsAsync(source, edits, clip, Path.Combine(work, "edit"), context.CancellationToken);
        }

        clip = await media.MeetLoudnessTargetAsync(clip, Path.Combine(work, "leveled.mp4"), context.CancellationToken);
        if (clip != source)
        {
            await WorkFiles.KeepAsync(clips, input.VideoId, clip, context.CancellationToken);
        }

        return new PostEditResult(clip, await media.CheckQualityAsync(clip, seconds, context.CancellationToken));
    }
}

/// <summary>
/// Screens the finished clip's frames (one a second and every scene change) and its spoken words, heard from its sound
/// when they are not known (they become the clip's captions); returns why it is refused, or null.
/// </summary>
public sealed class ScreenOutputActivity(
    ContentScreener screener, IMediaEngine media, ISpeechTranscriber transcriber, IClipStore clips, DataFolder data, IVideoStore videos,
    SafetyWarnings warnings)
    : Activity<ScreenOutputInput, ScreenOutputResult>
{
    public override async Task<ScreenOutputResult> RunAsync(TaskActivityContext context, ScreenOutputInput input)
    {
        var cancellation = context.CancellationToken;
        var video = await videos.GetAsync(input.VideoId, cancellation);
        var work = data.WorkFolder(input.VideoId);
        var clip = await WorkFiles.FetchAsync(clips, input.VideoId, input.Clip, cancellation);
        var frames = await media.SampleFramesAsync(clip, Path.Combine(work, "frames"), cancellation);
        var words = input.Transcript;
        string? captions = null;
        if (words is null)
        {
            var sound = Path.Combine(work, "speech.wav");
            var heard = await media.ExtractSpeechSoundAsync(clip, sound, cancellation)
                ? await transcriber.TranscribeAsync(sound, cancellation)
                : new Transcript([]);
            words = heard.Text;
            if (heard.Phrases.Count > 0 && !await CaptionedInPictureAsync(video, cancellation))
            {
                captions = Path.Combine(work, "captions.vtt");
                await File.WriteAllTextAsync(captions, heard.ToWebVtt(), cancellation);
                await WorkFiles.KeepAsync(clips, input.VideoId, captions, cancellation);
            }
        }

        var result = await screener.ScreenOutputAsync(frames, words, input.RequesterAge, cancellation);
        if (video is not null)
        {
            await warnings.ReportAsync(video, result, cancellation);
        }

        return new ScreenOutputResult(result.ToError(), captions);
    }

    /// <summary>An edit of a clip whose words were spoken from a script, and so drawn in its picture, keeps only those captions.</summary>
    private async Task<bool> CaptionedInPictureAsync(Video? video, CancellationToken cancellation) =>
        video?.Spec.EditOf is { } source && await videos.GetAsync(source, cancellation) is { Assets: { Captions: null } };
}

/// <summary>
/// What screening warned of (and let through): kept on the video, where its creator reads it, and put in the
/// moderators' queue as a report by the pipeline on the video, its codes as the details; once per video, however
/// often a step runs.
/// </summary>
public sealed class SafetyWarnings(IModerationStore cases, IVideoStore videos, TimeProvider time)
{
    public async Task ReportAsync(Video video, ScreeningResult result, CancellationToken cancellation)
    {
        if (result.Verdict != Verdict.Warn)
        {
            return;
        }

        // A conflict (the video changed meanwhile) fails the step, which is retried on the record as it is then.
        if (video.Warn(result.Warnings))
        {
            await videos.SaveAsync(video, [], cancellation);
        }

        var codes = string.Join(", ", result.Hits.Where(hit => hit.Verdict == Verdict.Warn).Select(hit => $"{hit.Code} ({hit.Rule})").Distinct());
        await cases.FileAsync(
            new ReportTarget(TargetKind.Video, video.Id, video.OwnerId),
            new Report(ModerationCase.Pipeline, ReportReason.SafetyWarning, codes[..Math.Min(codes.Length, ModerationCase.MaxDetails)], time.GetUtcNow()),
            cancellation);
    }
}

/// <summary>
/// Publishes: the assets (master, preview, poster, spritesheet), the master, preview and poster carrying C2PA Content
/// Credentials as their last write, and the signed provenance manifest into the clip store, then the completed record
/// and its <see cref="EventTypes.VideoPublished"/> event in one transaction, then removes the scratch files. The record
/// is committed only once the store is seen to hold every asset as the manifest describes it; one that went missing
/// meanwhile is stored again from this step's files. Safe to repeat; without the C2PA signer it fails, and nothing is
/// published unlabelled.
/// </summary>
public sealed class PublishVideoActivity(
    IVideoStore videos, IClipStore clips, IMediaEngine media, IProvenanceSigner signer, IContentCredentials credentials,
    IOptions<PublishOptions> options, DataFolder data, TimeProvider time, ILogger<PublishVideoActivity> logger)
    : Activity<PublishInput, VideoAssets>
{
    /// <summary>Rounds of storing what went missing before the step fails (and is retried as a whole).</summary>
    public const int MaxStoreRounds = 3;

    /// <summary>Where a video's published assets are kept in the clip store.</summary>
    public static string FolderOf(string videoId) => $"videos/{videoId}";

    /// <summary>The clip as it was before publishing (no label burned in), kept beside the assets for edits of the video; never served.</summary>
    public static string SourceOf(string videoId) => $"{FolderOf(videoId)}/source.mp4";

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public override async Task<VideoAssets> RunAsync(TaskActivityContext context, PublishInput input)
    {
        var cancellation = context.CancellationToken;
        var video = await videos.GetAsync(input.VideoId, cancellation)
            ?? throw new InvalidOperationException($"Video {input.VideoId} has no record.");
        if (video.IsRemoved || video.Status == VideoStatus.Failed)
        {
            // Removed or cancelled while its pipeline ran (its stop may not have reached the pipeline yet).
            throw new InvalidOperationException($"Video {video.Id} was removed or cancelled; it is not published.");
        }

        if (video is { Status: VideoStatus.Completed, Assets: { } alreadyPublished })
        {
            await Scratch.RemoveAsync(clips, data, input.VideoId, input.GenerationAttempts, cancellation);
            return alreadyPublished;
        }

        var folder = Path.Combine(data.WorkFolder(input.VideoId), "publish");
        var clip = await WorkFiles.FetchAsync(clips, input.VideoId, input.Clip, cancellation);
        var files = await WithCredentialsAsync(
            video, input.Generator, await media.MakePublishAssetsAsync(clip, folder, options.Value.Watermark ? video.VisibleLabel : null, cancellation),
            folder, cancellation);
        var prefix = FolderOf(video.Id);
        var assets = new VideoAssets(
            $"{prefix}/master.mp4", $"{prefix}/poster.jpg", $"{prefix}/preview.mp4", $"{prefix}/spritesheet.jpg", $"{prefix}/manifest.json",
            input.Captions is null ? null : $"{prefix}/captions.vtt");
        (string Name, string File)[] published =
        [
            (assets.Master, files.Master), (assets.Preview, files.Preview), (assets.Poster, files.Poster), (assets.Spritesheet, files.Spritesheet),
            (SourceOf(video.Id), clip),
            .. input.Captions is null ? [] : new[] { (assets.Captions!, await WorkFiles.FetchAsync(clips, input.VideoId, input.Captions, cancellation)) },
        ];
        var now = time.GetUtcNow();
        for (var round = 1; !await TryStoreAsync(video, input.Generator, published, assets.Manifest, Path.Combine(folder, "manifest.json"), now, cancellation); round++)
        {
            if (round == MaxStoreRounds)
            {
                throw new InvalidOperationException($"The assets of {video.Id} kept going missing from the clip store.");
            }
        }

        video.MarkCompleted(assets, input.Warnings, now, (await media.ProbeVideoAsync(files.Master, cancellation)).Seconds);
        var announced = new VideoPublishedData(video.Id, video.Spec.Model, video.Spec.TotalSeconds, video.Spec.Size, assets.Master, assets.Poster);
        await videos.SaveAsync(video, [CloudEvents.Create(EventTypes.VideoPublished, prefix, announced, now)], cancellation);
        await Scratch.RemoveAsync(clips, data, input.VideoId, input.GenerationAttempts, cancellation);
        return assets;
    }

    /// <summary>
    /// The master, preview and poster with C2PA Content Credentials embedded (<see cref="CredentialsManifest"/>): the
    /// last write to each. The clip it was made from is read from the clip store to be its ingredient, own credentials and all.
    /// </summary>
    private async Task<PublishFiles> WithCredentialsAsync(Video video, string generator, PublishFiles files, string folder, CancellationToken cancellation)
    {
        var parent = await ParentAsync(video, folder, cancellation);
        var (manifest, ingredients) = CredentialsManifest.Describe(video, generator, parent, time.GetUtcNow());
        var master = Path.Combine(folder, "master.credentials.mp4");
        var preview = Path.Combine(folder, "preview.credentials.mp4");
        var poster = Path.Combine(folder, "poster.credentials.jpg");
        var signedMaster = await credentials.EmbedAsync(files.Master, master, manifest, ingredients, cancellation);
        var signedPreview = await credentials.EmbedAsync(files.Preview, preview, manifest, ingredients, cancellation);
        var signedPoster = await credentials.EmbedAsync(files.Poster, poster, manifest, ingredients, cancellation);
        logger.LogInformation(
            "Content Credentials embedded in {VideoId}: {Bytes} bytes, signed in {MasterMs:0.0} + {PreviewMs:0.0} + {PosterMs:0.0} ms.",
            video.Id, signedMaster.ManifestBytes, signedMaster.Milliseconds, signedPreview.Milliseconds, signedPoster.Milliseconds);
        if (!signedMaster.IngredientFilesCarried)
        {
            logger.LogWarning("The clip {VideoId} came from could not be read for its credentials: it is named without them.", video.Id);
        }

        return files with { Master = master, Preview = preview, Poster = poster };
    }

    /// <summary>
    /// The clip a remix, edit or extension came from, its master copied here when it is still published, or the video
    /// uploaded for it (whose own credentials, if it came with any, go on); null for none.
    /// </summary>
    private async Task<ParentClip?> ParentAsync(Video video, string folder, CancellationToken cancellation)
    {
        if (video.Spec.Uploaded)
        {
            return new ParentClip("An uploaded video", await clips.TryCopyToFileAsync(PrepareUploadActivity.UploadOf(video.Id), Path.Combine(folder, "upload"), cancellation));
        }

        if ((video.RemixOf?.ParentId ?? video.Spec.EditOf ?? video.Spec.Extends?.VideoId) is not { } parentId
            || await videos.GetAsync(parentId, cancellation) is not { } parent)
        {
            return null;
        }

        if (parent.IsRemoved)
        {
            return new ParentClip("A removed video", null);
        }

        return new ParentClip(CredentialsManifest.TitleOf(parent), parent.Assets?.Master is { } published
            ? await clips.TryCopyToFileAsync(published, Path.Combine(folder, "parent.mp4"), cancellation)
            : null);
    }

    /// <summary>
    /// Stores the media assets and their signed manifest, then confirms the store holds all of them, as the manifest it
    /// kept describes them; false when one went missing meanwhile (the next round stores it again).
    /// </summary>
    private async Task<bool> TryStoreAsync(
        Video video, string generator, (string Name, string File)[] published, string manifestName, string manifestFile,
        DateTimeOffset now, CancellationToken cancellation)
    {
        // Hash what the store holds: after a partial earlier attempt it keeps that attempt's files (writes are
        // create-only), and the manifest must describe exactly those.
        var hashes = new List<AssetHash>();
        foreach (var (name, file) in published)
        {
            await clips.PutFileAsync(name, file, cancellation);
            await using var stored = await clips.OpenReadAsync(name, cancellation);
            if (stored is null)
            {
                return false;
            }

            hashes.Add(new AssetHash(name, await ProvenanceManifest.Sha256OfAsync(stored, cancellation)));
        }

        var manifest = await signer.SignAsync(new ProvenanceManifest(
            video.Id, ProvenanceManifest.Sha256Of(video.Spec.Prompt), video.Spec.Model, video.Spec.Seed, generator,
            CameoIds: [.. video.Cameos.Select(cast => cast.CameoId)], video.RemixOf, Steps.Versions, hashes, now), cancellation);
        await File.WriteAllTextAsync(manifestFile, JsonSerializer.Serialize(manifest, ManifestJson), cancellation);
        await clips.PutFileAsync(manifestName, manifestFile, cancellation);

        // The manifest kept may be an earlier attempt's: it must describe these very files.
        await using (var keptManifest = await clips.OpenReadAsync(manifestName, cancellation))
        {
            if (keptManifest is null)
            {
                return false;
            }

            var kept = await JsonSerializer.DeserializeAsync<SignedManifest>(keptManifest, ManifestJson, cancellation);
            if (kept is null || !kept.Manifest.Assets.SequenceEqual(hashes))
            {
                throw new InvalidOperationException($"The stored manifest of {video.Id} describes other files than the clip store holds.");
            }
        }

        foreach (var (name, _) in published)
        {
            if (await clips.GetLengthAsync(name, cancellation) is null)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Stops the video's last job if it still runs, marks the video failed, and removes every scratch file.</summary>
public sealed class FailVideoActivity(IVideoStore videos, IJobLauncher launcher, IClipStore clips, DataFolder data, TimeProvider time)
    : Activity<FailVideoInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, FailVideoInput input)
    {
        if (input.GenerationAttempts > 0)
        {
            await launcher.StopAsync(StartGenerationJobActivity.JobIdFor(input.VideoId, input.GenerationAttempts), context.CancellationToken);
        }

        var video = await videos.GetAsync(input.VideoId, context.CancellationToken);
        if (video is { IsFinished: false })
        {
            var now = time.GetUtcNow();
            video.MarkFailed(input.Error, now);
            await videos.SaveAsync(video, [CloudEvents.Create(EventTypes.VideoFailed, $"videos/{video.Id}", new VideoEndedData(video.Id, video.OwnerId), now)], context.CancellationToken);
        }

        await Scratch.RemoveAsync(clips, data, input.VideoId, input.GenerationAttempts, context.CancellationToken);
        return true;
    }
}

internal static class Scratch
{
    /// <summary>The video's scratch files and those of each of its jobs, on this machine and in the clip store.</summary>
    public static async Task RemoveAsync(IClipStore clips, DataFolder data, string videoId, int attempts, CancellationToken cancellation)
    {
        var jobs = Enumerable.Range(1, attempts).Select(attempt => StartGenerationJobActivity.JobIdFor(videoId, attempt)).ToList();
        foreach (var folder in jobs.Select(data.JobFolder).Prepend(data.WorkFolder(videoId)))
        {
            await DeleteFolderAsync(folder, cancellation);
        }

        await clips.DeleteFolderAsync(WorkFiles.StoreFolder(videoId), cancellation);
        foreach (var job in jobs)
        {
            await clips.DeleteFolderAsync(StoredJob.Folder(job), cancellation);
        }
    }

    /// <summary>
    /// Deletes a folder a job just stopped may still be writing its last file into (a stop lets it end tidily): asked
    /// again a few times before the failure is let through (then the caller's retry asks later).
    /// </summary>
    private static async Task DeleteFolderAsync(string folder, CancellationToken cancellation)
    {
        for (var attempt = 1; Directory.Exists(folder); attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
            }
        }
    }
}

/// <summary>
/// The files one step leaves for the next (the synced and the edited clip). Steps may run on different machines
/// (Durable Functions spreads activities over instances), so each such file is also kept in the clip store under
/// <see cref="StoreFolder"/>, and a step that finds it missing on its machine fetches it from there.
/// </summary>
internal static class WorkFiles
{
    public static string StoreFolder(string videoId) => $"work/{videoId}";

    public static Task KeepAsync(IClipStore clips, string videoId, string path, CancellationToken cancellation) =>
        clips.PutFileAsync(StoreName(videoId, path), path, cancellation);

    /// <summary>The local path, fetched first when this machine doesn't have it.</summary>
    public static async Task<string> FetchAsync(IClipStore clips, string videoId, string path, CancellationToken cancellation) =>
        File.Exists(path) ? path : await clips.CopyToFileAsync(StoreName(videoId, path), path, cancellation);

    /// <summary>Where the step's file at <paramref name="path"/> is kept in the clip store.</summary>
    public static string StoreName(string videoId, string path) => $"{StoreFolder(videoId)}/{Path.GetFileName(path)}";
}
