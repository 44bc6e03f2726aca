using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Cameos;

namespace SoraFunctions.Orchestrations.Pipeline;

/// <summary>A video as callers see it: the record, plus the pipeline's live progress while it runs.</summary>
public sealed record VideoView(
    Video Video, VideoStatus Status, int Progress, string? Step, IReadOnlyList<StepTiming> Steps, int GenerationAttempts = 0, QueuePlace? Place = null);

/// <summary>
/// Creating, reading and resuming videos: the one entry point the CLI and the HTTP API share. A video's id is its
/// pipeline's orchestration instance id.
/// </summary>
public sealed class VideoService(
    IVideoStore videos, IClipStore clips, IMediaEngine media, OrchestrationClient orchestrations, Allowances allowances, CameoCasting casting,
    ContentScreener screener, IMemberStore members, ICameoStore cameos, IRelationStore relations, GenerationQueue queue, TimeProvider time)
{
    /// <summary>
    /// Validates the request (throwing <see cref="RequestRejectedException"/> before anything is written), records the
    /// video as the requester's and starts its pipeline; the requester's age, from their account, sets the screening
    /// rules, and their allowance must have room (else <see cref="AllowanceExceededException"/>). The same member's same
    /// idempotency key always yields the same video and never a second run.
    /// </summary>
    public async Task<Video> CreateAsync(
        VideoRequest request, Member requester, string? idempotencyKey = null, CancellationToken cancellation = default)
    {
        var spec = VideoSpec.From(request, () => Random.Shared.Next(), requester.AgeOn(time.GetUtcNow()));
        return await StartAsync(spec, requester, idempotencyKey, request.InputReference, remixOf: null, seedIsRandom: request.Seed is null, cancellation);
    }

    /// <summary>
    /// Remixes a video the requester sees — their own finished draft, or a post — with a new prompt: the new video keeps
    /// the parent's scene (<see cref="VideoSpec.Remix"/>) and its cameos, which must each consent to appear for the
    /// requester (else <see cref="ErrorCodes.RemixCameoNotPermitted"/>), and records its lineage; <paramref name="edits"/>
    /// finish it. Otherwise as <see cref="CreateAsync"/>, idempotency key included.
    /// </summary>
    public async Task<Video> RemixAsync(
        string parentId, string? prompt, Member requester, string? idempotencyKey = null, EditList? edits = null, CancellationToken cancellation = default)
    {
        if (await videos.GetAsync(parentId, cancellation) is not { } parent || !await VideoAccess.CanViewAsync(requester, parent, relations, cancellation))
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.VideoNotFound, $"No video has id '{parentId}'."));
        }

        if (parent.OwnerId != requester.Id && !parent.IsPosted)
        {
            throw new RequestRejectedException(new VideoError(AccountCodes.Forbidden, $"Video {parentId} is someone else's draft; only posts and your own drafts can be remixed."));
        }

        if (parent.Status != VideoStatus.Completed)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.VideoNotReady, $"Video {parentId} is {parent.Status}; only a finished video can be remixed."));
        }

        if (parent.Spec.Uploaded)
        {
            throw NeedsGeneration(parentId, prompt ?? "");
        }

        var spec = parent.Spec.Remix(prompt, requester.AgeOn(time.GetUtcNow()));
        spec = edits is { IsEmpty: false } ? spec with { Edits = edits.Validate(spec.Seconds) } : spec;
        var cast = await casting.ResolveAsync(spec.Mentions, requester, cancellation);
        if (parent.Cameos.FirstOrDefault(inherited => !cast.Granted.Any(granted => granted.Cast.CameoId == inherited.CameoId)) is { } refused)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.RemixCameoNotPermitted, $"@{refused.Username}, who appears in video {parentId}, does not permit you to use their cameo."));
        }

        var author = await members.GetAsync(parent.OwnerId, cancellation) ?? throw new InvalidOperationException($"The owner of {parentId} has no record.");
        return await StartAsync(spec, requester, idempotencyKey, inputImage: null, RemixLineage.Of(parent, author.Username), seedIsRandom: false, cancellation);
    }

    /// <summary>
    /// A new video that is a video taken through edits: the requester's own finished video (<paramref name="sourceId"/>)
    /// or one they uploaded (<paramref name="upload"/>, a local file). The edits are <paramref name="edits"/> and what
    /// <paramref name="prompt"/> says in words (<see cref="EditPrompt"/>; the explicit ones win). Its pipeline starts from
    /// that clip, not a generation, and screens, asks its cameos again and publishes as for any clip. A prompt that asks
    /// for what only generation changes makes a remix of the requester's own generated clip (with the edits as its
    /// finish); of an uploaded one it is refused (<see cref="ErrorCodes.UploadNeedsGeneration"/>). Otherwise as
    /// <see cref="CreateAsync"/>, idempotency key included.
    /// </summary>
    public async Task<Video> EditAsync(
        string? sourceId, string? upload, string? prompt, EditList? edits, Member requester, string? idempotencyKey = null,
        CancellationToken cancellation = default)
    {
        var age = requester.AgeOn(time.GetUtcNow());
        if (upload is not null)
        {
            var uploaded = await ProbeUploadAsync(upload, cancellation);
            var (uploadEdits, generated) = Understand(prompt, edits, uploaded.Seconds);
            if (generated is not null)
            {
                throw NeedsGeneration(null, generated);
            }

            var spec = VideoSpec.Upload(prompt ?? UploadedPrompt, uploaded, uploadEdits, age);
            return await StartAsync(spec, requester, idempotencyKey, inputImage: null, remixOf: null, seedIsRandom: false, cancellation, upload);
        }

        var source = await OwnFinishedClipAsync(sourceId!, requester, "edited", cancellation);
        var (merged, regenerate) = Understand(prompt, edits, source.Spec.TotalSeconds);
        if (regenerate is not null)
        {
            return source.Spec.Uploaded
                ? throw NeedsGeneration(sourceId, regenerate)
                : await RemixAsync(sourceId!, prompt, requester, idempotencyKey, merged, cancellation);
        }

        var edited = source.Spec.EditedWith(sourceId, merged?.Validate(source.Spec.TotalSeconds)) with { RequesterAge = age };
        return await StartAsync(prompt is null ? edited : edited with { Prompt = prompt.Trim() }, requester, idempotencyKey, inputImage: null, remixOf: null,
            seedIsRandom: false, cancellation);
    }

    /// <summary>What an uploaded video edited without a prompt is called.</summary>
    private const string UploadedPrompt = "An uploaded video, edited";

    /// <summary>
    /// The edits a request asks for: the prompt's read against a clip of <paramref name="seconds"/>, each kind replaced by
    /// the explicit <paramref name="edits"/>' (null: none); and the first phrase of the prompt that asks for generation
    /// (null: none does).
    /// </summary>
    private static (EditList? Edits, string? NeedsGeneration) Understand(string? prompt, EditList? edits, double seconds)
    {
        if (prompt is null)
        {
            return (edits, null);
        }

        var read = EditPrompt.Read(prompt, seconds);
        var merged = edits is null ? read.Edits : read.Edits with
        {
            Trim = edits.Trim ?? read.Edits.Trim,
            Loop = edits.Loop || read.Edits.Loop,
            Stabilize = edits.Stabilize || read.Edits.Stabilize,
            Grade = edits.Grade ?? read.Edits.Grade,
            Speed = edits.SpeedRamps.Count > 0 ? edits.Speed : read.Edits.Speed,
        };
        return (merged.IsEmpty ? null : merged, read.NeedsGeneration.FirstOrDefault());
    }

    private static RequestRejectedException NeedsGeneration(string? sourceId, string phrase) =>
        new(new VideoError(ErrorCodes.UploadNeedsGeneration,
            $"{(sourceId is null ? "An uploaded video" : $"Video {sourceId} was uploaded, not generated here; it")} can be edited (colour, brightness, contrast, "
            + $"saturation, trim, speed, loop, stabilize) but not made again{(phrase.Length > 0 ? $": '{phrase}' needs its scene generated" : "")}. "
            + "Make a video from a prompt or an image for that."));

    /// <summary>
    /// An uploaded video's length and shape, within the limits: one that does not read is
    /// <see cref="ErrorCodes.UploadUnreadable"/>, one too long or too large (its picture, or its frame rate) is refused
    /// before anything of it is decoded.
    /// </summary>
    private async Task<UploadedVideo> ProbeUploadAsync(string upload, CancellationToken cancellation)
    {
        VideoProbe probe;
        try
        {
            probe = await media.ProbeVideoAsync(upload, cancellation);
        }
        catch (InvalidDataException unreadable)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.UploadUnreadable, unreadable.Message));
        }

        if (probe.Seconds < 1)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.UploadUnreadable, "The video is shorter than a second."));
        }

        if (probe.Seconds > VideoSpec.MaxUploadSeconds + 0.5)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.UploadTooLong,
                $"The video is {probe.Seconds:0.#} s long; videos of at most {VideoSpec.MaxUploadSeconds} s are edited or extended."));
        }

        if ((long)probe.Width * probe.Height > MaxUploadPixels || probe.FramesPerSecond > MaxUploadFramesPerSecond)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.UploadTooLarge,
                $"The video is {probe.Width}×{probe.Height} at {probe.FramesPerSecond:0.#} frames a second; at most 4K ({MaxUploadPixels / 1_000_000.0:0.#} million pixels) at {MaxUploadFramesPerSecond} are taken."));
        }

        // Whole seconds of it are kept: a 4 s recording whose last frame ends at 3.96 s is 4 s long.
        return new UploadedVideo(Math.Clamp((int)Math.Floor(probe.Seconds + 0.05), 1, VideoSpec.MaxUploadSeconds), probe.Height >= probe.Width);
    }

    /// <summary>The largest picture of an uploaded video: 4K UHD.</summary>
    public const long MaxUploadPixels = 3840L * 2160;

    public const double MaxUploadFramesPerSecond = 120;

    /// <summary>
    /// A new video that continues a video for <paramref name="seconds"/> more: the requester's own finished one
    /// (<see cref="VideoSpec.ExtendedBy"/>: the same scene or the one <paramref name="prompt"/> makes of it), or one they
    /// uploaded (<see cref="VideoSpec.ExtendingUpload"/>: what <paramref name="prompt"/> says happens next); rendered from
    /// its last frame, then joined after it. Otherwise as <see cref="CreateAsync"/>.
    /// </summary>
    public async Task<Video> ExtendAsync(
        string? sourceId, string? upload, string? prompt, string? seconds, Member requester, string? idempotencyKey = null,
        CancellationToken cancellation = default)
    {
        var source = upload is null ? await OwnFinishedClipAsync(sourceId!, requester, "extended", cancellation) : null;
        var uploaded = upload is null ? null : await ProbeUploadAsync(upload, cancellation);
        var work = Directory.CreateTempSubdirectory("sora-extend-").FullName;
        try
        {
            var clip = upload ?? await clips.CopyToFileAsync(PublishVideoActivity.SourceOf(sourceId!), Path.Combine(work, "source.mp4"), cancellation);
            var lastFrame = Path.Combine(work, "last.png");
            // An upload is kept to its whole seconds: its continuation starts where the kept part ends.
            var sourceSeconds = (int)Math.Round(await media.LastFrameAsync(clip, lastFrame, cancellation, uploaded?.Seconds));
            var spec = uploaded is not null
                ? VideoSpec.ExtendingUpload(prompt, seconds, uploaded, requester.AgeOn(time.GetUtcNow()))
                : source!.Spec.ExtendedBy(sourceId!, sourceSeconds, prompt, seconds, requester.AgeOn(time.GetUtcNow()));
            return await StartAsync(spec, requester, idempotencyKey, lastFrame, remixOf: null, seedIsRandom: false, cancellation, upload);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The requester's own finished video, with its clip kept for edits; else the refusal a caller is answered.</summary>
    private async Task<Video> OwnFinishedClipAsync(string sourceId, Member requester, string what, CancellationToken cancellation)
    {
        if (await videos.GetAsync(sourceId, cancellation) is not { } source || !await VideoAccess.CanViewAsync(requester, source, relations, cancellation))
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.VideoNotFound, $"No video has id '{sourceId}'."));
        }

        if (source.OwnerId != requester.Id)
        {
            throw new RequestRejectedException(new VideoError(AccountCodes.Forbidden, $"Video {sourceId} is someone else's: remix it instead."));
        }

        if (source.Status != VideoStatus.Completed || await clips.GetLengthAsync(PublishVideoActivity.SourceOf(sourceId), cancellation) is null)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.VideoNotReady, $"Video {sourceId} is not a finished clip that can be {what}."));
        }

        return source;
    }

    /// <summary>
    /// Records the video (keeping the input image first; the store checks the requester's allowance) with the cameos that
    /// consent now — their owners co-own it from here on; the pipeline's screening refuses the mentions without consent,
    /// and asks again before publishing — then starts its pipeline.
    /// </summary>
    private async Task<Video> StartAsync(
        VideoSpec spec, Member requester, string? idempotencyKey, string? inputImage, RemixLineage? remixOf, bool seedIsRandom,
        CancellationToken cancellation, string? upload = null)
    {
        var now = time.GetUtcNow();
        var id = idempotencyKey is null ? Video.NewId() : IdFor(requester.Id, idempotencyKey);
        if (inputImage is not null)
        {
            spec = spec with { InputReference = await StoreInputAsync(inputImage, cancellation) };
        }

        var resolution = await casting.ResolveAsync(spec.Mentions, requester, cancellation);
        // A cast whose owner's terms the prompt breaks is refused now, before anyone is told they were cast (screening asks again).
        if (resolution.Conflict(spec.SceneText) is { } conflict)
        {
            throw new RequestRejectedException(conflict);
        }

        var casts = resolution.Casts;
        var video = Video.Queue(id, requester.Id, spec, now, casts, remixOf, requester.Username);
        var used = casts.Where(cast => cast.OwnerId != requester.Id).Select(cast => CameoEvents.Used(cast, id, now)).ToList();
        // A retry of a clip already recorded needs no room: the store answers it exists before asking.
        if (!await videos.TryCreateAsync(video, used, allowances.AdmissionFor(requester), cancellation))
        {
            var existing = await videos.GetAsync(id, cancellation) ?? throw new InvalidOperationException($"Video {id} vanished.");
            if (!SameRequest(existing.Spec, spec, seedIsRandom) || existing.RemixOf?.ParentId != remixOf?.ParentId)
            {
                throw new IdempotencyConflictException(id);
            }

            if (!existing.IsFinished)
            {
                await KeepUploadAsync(id, upload, cancellation);
                await StartPipelineAsync(existing, cancellation); // the first attempt may have failed between record and start
            }

            return existing;
        }

        await KeepUploadAsync(id, upload, cancellation);
        await StartPipelineAsync(video, cancellation);
        return video;
    }

    /// <summary>
    /// Keeps an uploaded video in the clip store for the pipeline, among the video's work files: it goes with them when
    /// the pipeline ends, whatever the outcome. Only a video recorded keeps one, so no upload outlives its job.
    /// </summary>
    private async Task KeepUploadAsync(string videoId, string? upload, CancellationToken cancellation)
    {
        if (upload is not null)
        {
            await clips.PutFileAsync(PrepareUploadActivity.UploadOf(videoId), upload, cancellation);
        }
    }

    /// <summary>
    /// Posts the owner's published video with a caption, screened under the owner's age rules
    /// (<see cref="ContentScreener.Caption"/>): public on their profile, with a <see cref="EventTypes.VideoPosted"/> event
    /// in the same write. Posting a posted video changes its caption only.
    /// </summary>
    public async Task<Video> PostAsync(string id, Member owner, string? caption, CancellationToken cancellation = default)
    {
        var now = time.GetUtcNow();
        (await OwnAsync(id, owner, cancellation)).EnsurePostable(); // a clip not yet published is answered before its caption is screened
        if (!string.IsNullOrWhiteSpace(caption)
            && (await screener.ScreenTextAsync(caption, ContentScreener.Caption, owner.AgeOn(now), cancellation)).ToError() is { } refused)
        {
            throw new RequestRejectedException(refused);
        }

        return await ChangeOwnAsync(id, owner, video => video.Post(caption, now)
            ? [CloudEvents.Create(EventTypes.VideoPosted, $"videos/{id}", new VideoPostedData(id, owner.Id, now, video.RemixOf?.ParentId, video.RemixOf?.AuthorId), now)]
            : [], cancellation);
    }

    /// <summary>Makes the owner's posted video a draft again, with a <see cref="EventTypes.VideoUnposted"/> event.</summary>
    public Task<Video> UnpostAsync(string id, Member owner, CancellationToken cancellation = default) =>
        ChangeOwnAsync(id, owner, video => video.PostedAt is { } postedAt && video.Unpost()
            ? [CloudEvents.Create(EventTypes.VideoUnposted, $"videos/{id}", new VideoPostedData(id, owner.Id, postedAt, video.RemixOf?.ParentId, video.RemixOf?.AuthorId), time.GetUtcNow())]
            : [], cancellation);

    /// <summary>The member's posts, the most recently posted first.</summary>
    public async Task<IReadOnlyList<VideoView>> ListPostedAsync(string ownerId, int limit, string? after = null, CancellationToken cancellation = default) =>
        await ViewsAsync(await videos.ListPostedAsync(ownerId, limit, after, cancellation), cancellation);

    /// <summary>Changes the owner's own video (not removed) and saves it with the events the change raises, reading it again after a conflict.</summary>
    private async Task<Video> ChangeOwnAsync(string id, Member owner, Func<Video, IReadOnlyList<CloudEvent>> change, CancellationToken cancellation)
    {
        while (true)
        {
            var video = await OwnAsync(id, owner, cancellation);
            var events = change(video);
            try
            {
                await videos.SaveAsync(video, events, cancellation);
                return video;
            }
            catch (VersionConflictException)
            {
                // The pipeline or another request saved it meanwhile: read it again.
            }
        }
    }

    /// <summary>The owner's own video, not removed (else <see cref="ErrorCodes.VideoNotFound"/>).</summary>
    private async Task<Video> OwnAsync(string id, Member owner, CancellationToken cancellation) =>
        await videos.GetAsync(id, cancellation) is { IsRemoved: false } video && video.OwnerId == owner.Id
            ? video
            : throw new RequestRejectedException(new VideoError(ErrorCodes.VideoNotFound, $"No video of yours has id '{id}'."));

    /// <summary>
    /// Records a cameo owner's decision on a video waiting for their review, then tells its pipeline. Asked again after
    /// deciding, it tells the pipeline again (a retry after a lost message); false when the member's review is not awaited.
    /// </summary>
    public async Task<bool> ReviewAsync(string id, Member reviewer, bool approved, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await videos.GetAsync(id, cancellation) is not { IsFinished: false } video)
            {
                return false;
            }

            var decided = video.Reviews.FirstOrDefault(review => review.OwnerId == reviewer.Id);
            if (decided is null)
            {
                if (!video.Review(reviewer.Id, approved))
                {
                    return false;
                }

                try
                {
                    await videos.SaveAsync(video, [], cancellation);
                }
                catch (VersionConflictException)
                {
                    continue; // the pipeline saved it meanwhile: read it again
                }

                decided = new CameoReview(reviewer.Id, approved);
            }

            await orchestrations.RaiseEventAsync(id, GenerateVideoOrchestration.CameoReviewedEvent, decided, cancellation);
            return true;
        }
    }

    public async Task<VideoView?> GetAsync(string id, CancellationToken cancellation = default) =>
        await videos.GetAsync(id, cancellation) is { } video ? await ViewAsync(video, cancellation) : null;

    /// <summary>
    /// The owner's videos, or only their drafts (not posted: in the making, finished or failed), newest first or
    /// oldest first.
    /// </summary>
    public async Task<IReadOnlyList<VideoView>> ListAsync(
        string ownerId, int limit, string? after = null, bool draftsOnly = false, bool oldestFirst = false, CancellationToken cancellation = default) =>
        await ViewsAsync(await videos.ListAsync(ownerId, limit, after, draftsOnly, oldestFirst, cancellation), cancellation);

    /// <summary>
    /// Takes a video down: the record is marked removed with a <see cref="EventTypes.VideoRemoved"/> event in one
    /// write, and <see cref="VideoRemovalHandler"/> stops its pipeline and deletes its files when the event arrives —
    /// the one path every removal takes; a takedown's <paramref name="takedownCode"/> is what its co-owners are answered
    /// with from then on, the <paramref name="reason"/> completing "Video … was …". False when there is no such video or
    /// it was removed already.
    /// </summary>
    public async Task<bool> RemoveAsync(
        string id, string reason, string? takedownCode = null, string? takenDownBy = null, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await videos.GetAsync(id, cancellation) is not { } video || !video.Remove(reason, time.GetUtcNow(), takedownCode))
            {
                return false;
            }

            try
            {
                var removed = new VideoRemovedData(video.Id, video.OwnerId, reason, takedownCode, takenDownBy);
                await videos.SaveAsync(video, [CloudEvents.Create(EventTypes.VideoRemoved, $"videos/{video.Id}", removed, video.RemovedAt!.Value)], cancellation);
                return true;
            }
            catch (VersionConflictException)
            {
                // The pipeline saved it meanwhile: read it again.
            }
        }
    }

    /// <summary>
    /// Removes every video a listing yields (<see cref="RemoveAsync"/>, for good): the first page of up to
    /// <paramref name="page"/> videos is read until it is empty, since removed ones leave it, or nothing more goes.
    /// </summary>
    public async Task RemoveEachAsync(
        Func<int, CancellationToken, Task<IReadOnlyList<Video>>> page, string reason, string? takedownCode, CancellationToken cancellation = default)
    {
        const int Page = 100;
        var removedAny = true;
        while (removedAny && await page(Page, cancellation) is { Count: > 0 } listed)
        {
            removedAny = false;
            foreach (var video in listed)
            {
                removedAny |= await RemoveAsync(video.Id, reason, takedownCode, cancellation: cancellation);
            }
        }
    }

    /// <summary>
    /// Stops a video still being made (<see cref="Video.Cancel"/>): it fails with <see cref="ErrorCodes.VideoCancelled"/>,
    /// is not charged, and its <see cref="EventTypes.VideoCancelled"/> event, written with it, has
    /// <see cref="VideoRemovalHandler"/> stop its pipeline and job. A finished one is refused
    /// (<see cref="ErrorCodes.VideoNotCancellable"/>); cancelling twice answers the same.
    /// </summary>
    public async Task<VideoView> CancelAsync(string id, CancellationToken cancellation = default)
    {
        while (true)
        {
            var video = await videos.GetAsync(id, cancellation) ?? throw new InvalidOperationException($"Video {id} has no record.");
            if (video.Error?.Code == ErrorCodes.VideoCancelled)
            {
                return await ViewAsync(video, cancellation);
            }

            if (!video.Cancel(time.GetUtcNow(), (await ViewAsync(video, cancellation)).Progress))
            {
                throw new RequestRejectedException(new VideoError(ErrorCodes.VideoNotCancellable, $"Video {id} is {video.Status.ToString().ToLowerInvariant()}: only one being made is cancelled."));
            }

            try
            {
                await videos.SaveAsync(video, [CloudEvents.Create(EventTypes.VideoCancelled, $"videos/{video.Id}", new VideoEndedData(video.Id, video.OwnerId), video.CompletedAt!.Value)], cancellation);
                return await ViewAsync(video, cancellation);
            }
            catch (VersionConflictException)
            {
                // The pipeline saved it meanwhile: read it again.
            }
        }
    }

    /// <summary>
    /// Brings back a video moderation took down (<see cref="Video.Restore"/>), with a <see cref="EventTypes.VideoRestored"/>
    /// event that puts a post back in the feeds; true too when it is up already (a retried restore). False when there is
    /// no such video, when it was removed for good, or when its owner's account or a cameo in it has been deleted since
    /// (whose deletion takes it for good).
    /// </summary>
    public async Task<bool> RestoreAsync(string id, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await videos.GetAsync(id, cancellation) is not { } video)
            {
                return false;
            }

            if (!video.IsRemoved)
            {
                return true;
            }

            if (await members.GetAsync(video.OwnerId, cancellation) is not { State: not MemberState.Deleted }
                || !await CameosRemainAsync(video, cancellation)
                || !video.Restore())
            {
                return false;
            }

            try
            {
                var now = time.GetUtcNow();
                var restored = new VideoPostedData(id, video.OwnerId, video.PostedAt ?? now, video.RemixOf?.ParentId, video.RemixOf?.AuthorId);
                await videos.SaveAsync(video, [CloudEvents.Create(EventTypes.VideoRestored, $"videos/{id}", restored, now)], cancellation);
                return true;
            }
            catch (VersionConflictException)
            {
                // Saved meanwhile: read it again.
            }
        }
    }

    private async Task<bool> CameosRemainAsync(Video video, CancellationToken cancellation)
    {
        foreach (var cast in video.Cameos)
        {
            if (await cameos.GetAsync(cast.CameoId, cancellation) is not { Status: not CameoStatus.Deleted })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Starts the pipeline of every unfinished video that has none (a crash between recording and starting); the
    /// engine resumes the others by itself. Returns the ids of every unfinished video.
    /// </summary>
    public async Task<IReadOnlyList<string>> ResumeAsync(CancellationToken cancellation = default)
    {
        var unfinished = await videos.ListUnfinishedAsync(cancellation);
        foreach (var video in unfinished)
        {
            if (await orchestrations.GetInstanceAsync(video.Id, cancellation: cancellation) is null)
            {
                await StartPipelineAsync(video, cancellation);
            }
        }

        return [.. unfinished.Select(video => video.Id)];
    }

    private async Task StartPipelineAsync(Video video, CancellationToken cancellation)
    {
        try
        {
            await orchestrations.ScheduleNewOrchestrationInstanceAsync(
                nameof(GenerateVideoOrchestration),
                new GenerateVideoInput(video.Id, video.Spec),
                new StartOrchestrationOptions(video.Id),
                cancellation);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Started by an earlier attempt.
        }
    }

    private async Task<IReadOnlyList<VideoView>> ViewsAsync(IReadOnlyList<Video> page, CancellationToken cancellation)
    {
        var views = new List<VideoView>(page.Count);
        foreach (var video in page)
        {
            views.Add(await ViewAsync(video, cancellation));
        }

        return views;
    }

    private async Task<VideoView> ViewAsync(Video video, CancellationToken cancellation)
    {
        var instance = await orchestrations.GetInstanceAsync(video.Id, cancellation: cancellation);
        var progress = instance?.ReadCustomStatusAs<PipelineProgress>();
        var result = instance?.ReadOutputAs<GenerateVideoResult>();
        var steps = result?.Steps ?? progress?.Steps ?? [];
        // Queued until it holds a generator's slot (OpenAI's sense of the word), then in progress.
        var place = video.IsFinished ? null : await queue.PlaceAsync(video.Id, cancellation);
        var status = video.Status == VideoStatus.Queued && instance?.RuntimeStatus == OrchestrationRuntimeStatus.Running && place?.Position is null
            ? VideoStatus.InProgress
            : video.Status;
        var percent = status == VideoStatus.Completed ? 100 : video.StoppedAtProgress ?? progress?.Progress ?? 0;
        return new VideoView(video, status, percent, progress?.Step, steps, result?.GenerationAttempts ?? progress?.GenerationAttempts ?? 0, place);
    }

    /// <summary>Whether a retried request asks for the same video; a seed the retry left to chance is not compared.</summary>
    private static bool SameRequest(VideoSpec original, VideoSpec retry, bool retrySeedIsRandom) =>
        JsonSerializer.Serialize(original with { Seed = retrySeedIsRandom ? 0 : original.Seed })
        == JsonSerializer.Serialize(retry with { Seed = retrySeedIsRandom ? 0 : retry.Seed });

    /// <summary>
    /// Checks that the input image reads and keeps it in the clip store under its content hash, so the same image is
    /// one object (however it was sent, whatever it was called) and a retried request names the same one.
    /// </summary>
    private async Task<string> StoreInputAsync(string path, CancellationToken cancellation)
    {
        var image = await ReadInputAsync(media, path, cancellation);
        var name = $"inputs/{Convert.ToHexStringLower(SHA256.HashData(image.Bytes.Span))}{ExtensionOf(image.Bytes.Span)}";
        await clips.PutFileAsync(name, path, cancellation);
        return name;
    }

    /// <summary>The extension of the image's format as its bytes say it (it read as PNG, JPEG or WebP), whatever it was called.</summary>
    private static string ExtensionOf(ReadOnlySpan<byte> image) =>
        image.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? ".png"
        : image.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]) ? ".jpg"
        : ".webp";

    /// <summary>A file name's extension when it is short and plain (<c>.png</c>), else none: names from clients never reach a path whole.</summary>
    public static string SafeExtension(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension.Length <= 6 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension : "";
    }

    /// <summary>Reads an input image; one that doesn't read is a rejected request.</summary>
    public static async Task<ScreenedImage> ReadInputAsync(IMediaEngine media, string path, CancellationToken cancellation)
    {
        try
        {
            return await media.ReadImageAsync(path, VideoCatalog.MaxInputPixels, cancellation);
        }
        catch (ImageTooLargeException tooLarge)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.InputReferenceTooLarge, tooLarge.Message));
        }
        catch (InvalidDataException unreadable)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.InputReferenceUnreadable, unreadable.Message));
        }
    }

    /// <summary>
    /// A video id derived from a member's idempotency key, so a retried request maps to the same video; another member's
    /// same key is another video.
    /// </summary>
    private static string IdFor(string memberId, string idempotencyKey) =>
        $"video_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{memberId}\n{idempotencyKey}")))[..32]}";
}
