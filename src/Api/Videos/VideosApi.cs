using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Routing;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Api;

/// <summary>
/// <c>/v1/videos</c>: create, get, list and download, in the shape of the OpenAI Videos API; posting, reviews, and a
/// member's posts.
/// </summary>
public static class VideosApi
{
    public const int MaxPageSize = 100;

    /// <summary>The content variants: the OpenAI Videos API's three, plus the 360p preview and the provenance manifest.</summary>
    public static IReadOnlyList<string> Variants { get; } = ["video", "thumbnail", "spritesheet", "preview", "manifest", "captions", "review"];

    public static IEndpointRouteBuilder MapVideosApi(this IEndpointRouteBuilder routes)
    {
        var videos = routes.MemberGroup("/v1/videos");
        videos.MapPost("/", CreateAsync).AcceptsJson<CreateVideoBody>().AcceptsForm<CreateVideoForm>().Produces<VideoObject>();
        videos.MapGet("/", ListAsync).Produces<VideoList>();
        videos.MapGet("/{id}", GetAsync).Produces<VideoObject>();
        videos.MapDelete("/{id}", DeleteAsync).Produces<DeletedObject>();
        videos.MapGet("/{id}/content", ContentAsync).ProducesContent();
        videos.MapGet("/{id}/credentials", CredentialsAsync).Produces<CredentialsObject>();
        videos.MapPost("/{id}/review", ReviewAsync).AcceptsJson<ReviewBody>().Produces<VideoObject>();
        videos.MapPost("/{id}/cancel", CancelAsync).Produces<VideoObject>();
        videos.MapPost("/{id}/post", PostAsync).AcceptsJson<PostBody>().Produces<VideoObject>();
        videos.MapDelete("/{id}/post", UnpostAsync).Produces<VideoObject>();
        videos.MapPost("/{id}/remix", RemixAsync).AcceptsJson<PromptBody>().AcceptsForm<PromptBody>().Produces<VideoObject>();
        videos.MapPost("/edits", EditAsync).AcceptsJson<VideoSourceBody>().AcceptsForm<EditVideoForm>().Produces<VideoObject>();
        videos.MapPost("/extensions", ExtendAsync).AcceptsJson<VideoSourceBody>().AcceptsForm<ExtendVideoForm>().Produces<VideoObject>();
        videos.MapGet("/{id}/events", EventsAsync).ProducesEvents();
        routes.MemberGroup("/v1/me/drafts").MapGet("/", DraftsAsync).Produces<VideoList>();
        routes.MemberGroup("/v1/prompts").MapPost("/review", ReviewPromptAsync).AcceptsJson<PromptBody>().Produces<PromptReviewObject>();
        return routes;
    }

    /// <summary>How long a redirect to the store's own download link stays valid.</summary>
    public static readonly TimeSpan DownloadLinkLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The largest input image accepted.</summary>
    public const long MaxInputReferenceBytes = 20 * 1024 * 1024;

    /// <summary>The largest JSON body (or form without its image): a prompt at its limit, escaped, and every edit fit.</summary>
    public const long MaxFieldsBytes = 256 * 1024;

    /// <summary>The largest create form: its fields and an image, as a file part or a data: URL.</summary>
    public const long MaxCreateBytes = InputImages.MaxImageUrlLength + MaxFieldsBytes;

    private static readonly FormOptions FormLimits = new()
    {
        MultipartBodyLengthLimit = MaxCreateBytes,
        ValueLengthLimit = InputImages.MaxImageUrlLength,
        ValueCountLimit = 32,
        KeyLengthLimit = 64,
        MultipartHeadersCountLimit = 8,
    };

    /// <summary>
    /// Creates a video from a JSON body, or from multipart/form-data as the OpenAI Videos API takes it (the same fields,
    /// <c>edits</c> as a JSON string, and an <c>input_reference</c> image file for image-to-video).
    /// </summary>
    public static async Task<IResult> CreateAsync(HttpRequest request, Caller caller, VideoService service, InputImages images, CancellationToken cancellation)
    {
        string? upload = null;
        try
        {
            var (body, image) = await ReadCreateRequestAsync(request, cancellation);
            if (image is not null && body.InputReference is not null)
            {
                throw Malformed("Send input_reference once: as an image file, or as {\"image_url\"}.");
            }

            if (image is not null)
            {
                upload = Uploads.PathFor("upload", VideoService.SafeExtension(image.FileName));
                await Uploads.ReceiveAsync(upload, "Receiving the input image", file => image.CopyToAsync(file, cancellation));
            }
            else if (body.InputReference is { } reference)
            {
                upload = Uploads.PathFor("upload");
                await images.ReceiveAsync(reference, upload, cancellation);
            }

            var video = await service.CreateAsync(body.ToRequest() with { InputReference = upload }, caller.Member, IdempotencyKey(request), cancellation);
            return await AnswerAsync(video, service, cancellation);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return BodyTooLarge();
        }
        finally
        {
            if (upload is not null)
            {
                File.Delete(upload); // the clip store keeps its own copy
            }
        }
    }

    /// <summary>
    /// Remixes a video the caller sees (<c>{"prompt"}</c>, as the OpenAI Videos API takes it): a new video that keeps the
    /// parent's scene and cameos, with <c>remixed_from_video_id</c>; the create route's rules, allowance and
    /// <c>Idempotency-Key</c> apply. 403 for someone else's draft and for a cameo in it that doesn't permit the caller
    /// (<see cref="ErrorCodes.RemixCameoNotPermitted"/>), 409 <see cref="ErrorCodes.VideoNotReady"/> before it is published.
    /// </summary>
    public static async Task<IResult> RemixAsync(string id, HttpRequest request, Caller caller, VideoService service, CancellationToken cancellation)
    {
        var prompt = request.HasFormContentType
            ? (await ReadFormAsync(request, FormLimits, cancellation))["prompt"].FirstOrDefault()
            : (await AccountsApi.ReadAsync<PromptBody>(request, cancellation)).Prompt;
        return await AnswerAsync(await service.RemixAsync(id, prompt, caller.Member, IdempotencyKey(request), cancellation: cancellation), service, cancellation);
    }

    /// <summary>
    /// A new video that is a video taken through edits, as OpenAI's <c>videos.edit</c> asks (multipart: <c>prompt</c> and
    /// <c>video</c>, a file or <c>video[id]</c>) or as JSON (<c>{"video": {"id"}, "prompt"}</c>, or <c>{"video_id",
    /// "edits": [...]}</c>, the toolkit's edits as a create takes them; both may be given). The prompt's words become the
    /// toolkit's edits; for the caller's own generated clip, words only generation can honour make it a remix. Its lineage
    /// is <c>edited_from_video_id</c> (or <c>remixed_from_video_id</c>), and <c>edits</c> says what was applied.
    /// </summary>
    public static Task<IResult> EditAsync(HttpRequest request, Caller caller, VideoService service, CancellationToken cancellation) =>
        FromVideoAsync(request, "edit", service, cancellation, (body, upload) => service.EditAsync(
            body.VideoId, upload, body.Prompt, EditBody.ToEditList(body.Edits), caller.Member, IdempotencyKey(request), cancellation));

    /// <summary>
    /// A new video that continues a video from its last frame for <c>seconds</c> more (4 unless given), as OpenAI's
    /// <c>videos.extend</c> asks (multipart or JSON: <c>prompt</c>, <c>seconds</c>, <c>video</c> a file or <c>{"id"}</c>;
    /// or <c>video_id</c>): of the caller's own clip the same scene unless <c>prompt</c> changes it, of an uploaded one
    /// what <c>prompt</c> says happens next. Its lineage is <c>extended_from_video_id</c>; <c>seconds</c> counts the whole.
    /// </summary>
    public static Task<IResult> ExtendAsync(HttpRequest request, Caller caller, VideoService service, CancellationToken cancellation) =>
        FromVideoAsync(request, "extend", service, cancellation, (body, upload) => service.ExtendAsync(
            body.VideoId, upload, body.Prompt, body.Seconds, caller.Member, IdempotencyKey(request), cancellation));

    /// <summary>The largest video uploaded to be edited or extended: 20 s of 4K at a camera's bitrate.</summary>
    public const long MaxVideoBytes = 100 * 1024 * 1024;

    private static readonly FormOptions VideoFormLimits = new()
    {
        MultipartBodyLengthLimit = MaxVideoBytes + MaxFieldsBytes,
        ValueLengthLimit = (int)MaxFieldsBytes,
        ValueCountLimit = 32,
        KeyLengthLimit = 64,
        MultipartHeadersCountLimit = 8,
    };

    /// <summary>
    /// Reads a request about a video — one of the caller's by id, or one uploaded with it — and makes the new video with
    /// <paramref name="make"/>; the upload lives in a file of its own until then.
    /// </summary>
    private static async Task<IResult> FromVideoAsync(
        HttpRequest request, string what, VideoService service, CancellationToken cancellation, Func<VideoSourceBody, string?, Task<Video>> make)
    {
        string? upload = null;
        try
        {
            VideoSourceBody body;
            if (request.HasFormContentType)
            {
                Uploads.LimitBody(request, VideoFormLimits.MultipartBodyLengthLimit);
                var form = await ReadFormAsync(request, VideoFormLimits, cancellation);
                string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
                body = new VideoSourceBody(
                    Field("video_id"), Field("video[id]") is { } id ? new VideoReference(id) : null, Field("prompt"), Field("seconds"),
                    Field("edits") is { } edits ? Deserialize<List<EditBody?>>(edits, "edits") : null);
                if (form.Files.GetFile("video") is { } video)
                {
                    if (video.Length > MaxVideoBytes)
                    {
                        throw new RequestRejectedException(new VideoError(ErrorCodes.UploadTooLarge,
                            $"The video has {video.Length:N0} bytes; at most {MaxVideoBytes:N0} are taken."));
                    }

                    upload = Uploads.PathFor("video", VideoService.SafeExtension(video.FileName));
                    await Uploads.ReceiveAsync(upload, "Receiving the video", file => video.CopyToAsync(file, cancellation));
                }
            }
            else
            {
                body = await AccountsApi.ReadAsync<VideoSourceBody>(request, cancellation);
            }

            var named = body.VideoId ?? body.Video?.Id;
            if ((named is null) == (upload is null) || body is { VideoId: not null, Video: not null })
            {
                throw Malformed($"Name the video to {what} once: video as a file, or video[id] (JSON: video.id, or video_id).");
            }

            return await AnswerAsync(await make(body with { VideoId = named }, upload), service, cancellation);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.BodyTooLarge,
                $"The body is too large: a video of at most {MaxVideoBytes:N0} bytes and {MaxFieldsBytes:N0} bytes of fields are taken.");
        }
        finally
        {
            if (upload is not null)
            {
                File.Delete(upload); // the clip store keeps the copy its pipeline takes
            }
        }
    }

    /// <summary>A form read within <paramref name="limits"/>; one that is no form is <see cref="ErrorCodes.BodyMalformed"/>.</summary>
    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request, FormOptions limits, CancellationToken cancellation)
    {
        try
        {
            return await request.ReadFormAsync(limits, cancellation);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException && exception is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            throw Malformed($"The form could not be read: {exception.Message}");
        }
    }

    /// <summary>A form field holding JSON, read as <typeparamref name="T"/>; one that is not is <see cref="ErrorCodes.BodyMalformed"/>.</summary>
    private static T? Deserialize<T>(string json, string field)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, VideoObject.Json);
        }
        catch (JsonException malformed)
        {
            throw Malformed($"{field} must be JSON: {malformed.Message}");
        }
    }

    internal static string? IdempotencyKey(HttpRequest request) => request.Headers["Idempotency-Key"].FirstOrDefault();

    /// <summary>
    /// Reads the create request's fields and image within the size limits; anything that is not such a request is
    /// refused as <see cref="ErrorCodes.BodyMalformed"/>, whatever part of the parsing noticed.
    /// </summary>
    private static async Task<(CreateVideoBody Body, IFormFile? Image)> ReadCreateRequestAsync(HttpRequest request, CancellationToken cancellation)
    {
        var form = request.HasFormContentType;
        // A JSON body is read whole into memory: an image larger than it leaves room for comes as a file part, in a form
        // (as the OpenAI SDKs send every create), or by https URL.
        Uploads.LimitBody(request, form ? MaxCreateBytes : MaxFieldsBytes);

        try
        {
            if (form)
            {
                var fields = await request.ReadFormAsync(FormLimits, cancellation);
                return (FromForm(fields), fields.Files.GetFile("input_reference"));
            }

            return (await request.ReadFromJsonAsync<CreateVideoBody>(VideoObject.Json, cancellation)
                ?? throw Malformed("The body must be a JSON object."), null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException or InvalidDataException
            or IOException && exception is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            throw Malformed($"The body must be a JSON object (or a form) with prompt, model, seconds and size: {exception.Message}");
        }
    }

    private static CreateVideoBody FromForm(IFormCollection form)
    {
        if (form.ContainsKey("input_reference"))
        {
            throw new RequestRejectedException(new VideoError(
                "VALIDATION.INPUT_REFERENCE.NOT_A_FILE", "input_reference must be sent as a file part (an image), not as a text field."));
        }

        if (form.Files.GetFile("input_reference") is { Length: > MaxInputReferenceBytes } image)
        {
            throw new RequestRejectedException(new VideoError(ErrorCodes.InputReferenceTooLarge,
                $"The input_reference image has {image.Length:N0} bytes; at most {MaxInputReferenceBytes:N0} are accepted."));
        }

        string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        return new CreateVideoBody(
            Field("prompt"), Field("model"), Field("seconds"), Field("size"),
            Field("seed") is { } seed
                ? long.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? number
                    : throw new RequestRejectedException(new VideoError(
                        ErrorCodes.SeedOutOfRange, $"The seed '{seed}' must be a whole number from 0 to {VideoCatalog.MaxSeed}."))
                : null,
            Field("edits") is { } edits ? Deserialize<List<EditBody?>>(edits, "edits") : null,
            Field("strict") is { } strict ? bool.TryParse(strict, out var flag) ? flag : throw Malformed("strict must be true or false.") : null,
            Field("input_reference[image_url]") is { } url ? new ImageReference(url, Field("input_reference[file_id]"))
                : Field("input_reference[file_id]") is { } file ? new ImageReference(null, file) : null);
    }

    private static RequestRejectedException Malformed(string message) => new(new VideoError(ErrorCodes.BodyMalformed, message));

    private static IResult BodyTooLarge() => Problem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.BodyTooLarge,
        $"The body is too large: at most {MaxFieldsBytes:N0} bytes of fields and an image of {MaxInputReferenceBytes:N0} bytes are accepted.");

    public static async Task<IResult> GetAsync(string id, Caller caller, VideoService service, IRelationStore relations, CancellationToken cancellation)
    {
        var (view, refusal) = await SeenAsync(id, caller, service, relations, cancellation);
        return view is null ? refusal! : TypedResults.Json(VideoObject.From(view), VideoObject.Json);
    }

    /// <summary>
    /// How specific a prompt is, what it covers and could add, whom it mentions, and — where the generator can tell —
    /// what it will draw and what it will leave out: what the create page shows while a prompt is typed (the same review
    /// a vague prompt's warning comes from), and what screening would say of it for the caller (their age, the cameos
    /// they may cast), so a prompt that would be refused is known before it is made. Nothing is stored.
    /// </summary>
    public static async Task<IResult> ReviewPromptAsync(
        HttpRequest request, Caller caller, IScenePreview previews, CameoCasting casting, ContentScreener screener, TimeProvider time, CancellationToken cancellation)
    {
        var prompt = (await AccountsApi.ReadAsync<PromptBody>(request, cancellation)).Prompt ?? "";
        var review = PromptReview.Of(prompt);
        var preview = previews.Preview(prompt);
        var cast = await casting.ResolveAsync(review.Mentioned, caller.Member, cancellation);
        var screening = cast.Conflict(prompt) is { } conflict
            ? new ScreeningObject("block", conflict.Code, conflict.Message)
            : ScreeningObject.From(await screener.ScreenPromptAsync(
                new PromptScreening(prompt, caller.Member.AgeOn(time.GetUtcNow()), [.. cast.Granted.Select(granted => granted.Cast.Username)]), cancellation));
        return TypedResults.Json(
            new PromptReviewObject(
                Math.Round(review.Specificity, 2), review.Vague, review.Covered, review.Suggestions, review.Mentioned, preview?.Depicted, preview?.NotDepicted,
                screening),
            VideoObject.Json);
    }

    /// <summary>How often a video's event stream looks at its progress.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// <c>text/event-stream</c> of the video as it is made, for a page that shows it taking shape: a <c>video</c> event (the
    /// video object) now and at each change of status, progress or step, the last once it is finished.
    /// </summary>
    public static async Task<IResult> EventsAsync(
        string id, Caller caller, VideoService service, IRelationStore relations, ServerSentEvents streams, CancellationToken cancellation)
    {
        var (view, refusal) = await SeenAsync(id, caller, service, relations, cancellation);
        return view is null ? refusal! : streams.Stream(caller, "video", ProgressInterval, async hungUp =>
        {
            var now = await service.GetAsync(id, hungUp) ?? view;
            return (JsonSerializer.Serialize(VideoObject.From(now), VideoObject.Json), now.Video.IsFinished || now.Video.IsRemoved);
        });
    }

    /// <summary>
    /// Removes the caller's video (one still being made stops, and costs nothing): OpenAI's <c>video.deleted</c> answer;
    /// its files go once the removal event is handled. A cameo owner who appears in it takes it down the same way
    /// (<see cref="CameoCodes.TakenDown"/>: they and its creator are answered 410 from then on); anyone else who sees
    /// a post is refused (403).
    /// </summary>
    public static async Task<IResult> DeleteAsync(string id, Caller caller, VideoService service, IRelationStore relations, CancellationToken cancellation)
    {
        var (view, refusal) = await SeenAsync(id, caller, service, relations, cancellation);
        if (view is null)
        {
            return refusal!;
        }

        if (!view.Video.IsCoOwnedBy(caller.Member.Id))
        {
            return Problem(StatusCodes.Status403Forbidden, AccountCodes.Forbidden, $"Only its owner and the people in it may remove video {id}.");
        }

        var removed = view.Video.OwnerId == caller.Member.Id
            ? await service.RemoveAsync(id, "deleted by its owner", cancellation: cancellation)
            : await service.RemoveAsync(id, $"taken down by @{caller.Member.Username}, who appears in it", CameoCodes.TakenDown, caller.Member.Id, cancellation);
        return removed ? TypedResults.Json(new DeletedObject(id, "video.deleted"), VideoObject.Json) : NotFound(id);
    }

    /// <summary>
    /// Posts the caller's published video (<c>{"caption"}</c>, optional, screened): public on their profile from then
    /// on. 409 <see cref="ErrorCodes.VideoNotReady"/> before it is published; 422 <c>SAFETY.CAPTION.*</c>.
    /// </summary>
    public static async Task<IResult> PostAsync(string id, HttpRequest request, Caller caller, VideoService service, IRelationStore relations, CancellationToken cancellation)
    {
        if (await OwnAsync(id, "post", caller, service, relations, cancellation) is { } refusal)
        {
            return refusal;
        }

        var caption = request.ContentLength == 0 ? null : (await AccountsApi.ReadAsync<PostBody>(request, cancellation)).Caption;
        return await AnswerAsync(await service.PostAsync(id, caller.Member, caption, cancellation), service, cancellation);
    }

    /// <summary>Stops the caller's video while it is being made: the video, failed with <c>VIDEO.CANCELLED</c>; 409 once finished.</summary>
    public static async Task<IResult> CancelAsync(string id, Caller caller, VideoService service, IRelationStore relations, CancellationToken cancellation) =>
        await OwnAsync(id, "cancel", caller, service, relations, cancellation) is { } refusal
            ? refusal
            : TypedResults.Json(VideoObject.From(await service.CancelAsync(id, cancellation)), VideoObject.Json);

    /// <summary>Makes the caller's posted video a draft again.</summary>
    public static async Task<IResult> UnpostAsync(string id, Caller caller, VideoService service, IRelationStore relations, CancellationToken cancellation) =>
        await OwnAsync(id, "unpost", caller, service, relations, cancellation) is { } refusal
            ? refusal
            : await AnswerAsync(await service.UnpostAsync(id, caller.Member, cancellation), service, cancellation);

    /// <summary>
    /// A cameo owner's decision on a finished clip waiting for their review: <c>{"decision": "approve" | "decline"}</c>.
    /// Answers the video; 409 <see cref="CameoCodes.ReviewNotPending"/> when their review is not awaited.
    /// </summary>
    public static async Task<IResult> ReviewAsync(string id, HttpRequest request, Caller caller, VideoService service, IRelationStore relations, CancellationToken cancellation)
    {
        if ((await SeenAsync(id, caller, service, relations, cancellation)).Refusal is { } refusal)
        {
            return refusal;
        }

        var body = await AccountsApi.ReadAsync<ReviewBody>(request, cancellation);
        if (body.Decision is not ("approve" or "decline"))
        {
            return Problem(StatusCodes.Status400BadRequest, "VALIDATION.DECISION.UNKNOWN", "decision must be 'approve' or 'decline'.", ["approve", "decline"]);
        }

        if (!await service.ReviewAsync(id, caller.Member, body.Decision == "approve", cancellation))
        {
            return Problem(StatusCodes.Status409Conflict, CameoCodes.ReviewNotPending, $"Video {id} is not waiting for your review.");
        }

        return TypedResults.Json(VideoObject.From((await service.GetAsync(id, cancellation))!), VideoObject.Json);
    }

    /// <summary>A member's posts, the most recently posted first, for whoever may see their profile.</summary>
    public static async Task<IResult> MemberVideosAsync(
        string username, Caller caller, Relations relations, VideoService service, string? limit, string? after, CancellationToken cancellation)
    {
        var size = PageSize(limit);
        var member = await relations.VisibleMemberAsync(caller.Member, username, cancellation);
        var page = await service.ListPostedAsync(member.Id, size + 1, after, cancellation);
        return TypedResults.Json(new VideoList([.. page.Take(size).Select(VideoObject.From)], page.Count > size), VideoObject.Json);
    }

    /// <summary>
    /// The video as the caller may see it (<see cref="VideoAccess.CanView"/>), or what they are answered instead: 410 with
    /// the takedown's code for the co-owners of a video taken down, else 404 as if it did not exist.
    /// </summary>
    private static async Task<(VideoView? View, IResult? Refusal)> SeenAsync(
        string id, Caller caller, VideoService service, IRelationStore relations, CancellationToken cancellation)
    {
        var view = await service.GetAsync(id, cancellation);
        if (view is not null && await VideoAccess.CanViewAsync(caller.Member, view.Video, relations, cancellation))
        {
            return (view, null);
        }

        return (null, view?.Video is { IsRemoved: true, TakedownCode: { } code } video && video.IsCoOwnedBy(caller.Member.Id)
            ? Problem(StatusCodes.Status410Gone, code, $"Video {video.Id} was {video.Removal}.")
            : NotFound(id));
    }

    /// <summary>What a caller who may not change the video as its owner is answered (404 unseen, 403 seen); null for its owner.</summary>
    private static async Task<IResult?> OwnAsync(string id, string what, Caller caller, VideoService service, IRelationStore relations, CancellationToken cancellation)
    {
        var (view, refusal) = await SeenAsync(id, caller, service, relations, cancellation);
        return view is null ? refusal
            : view.Video.OwnerId != caller.Member.Id ? Problem(StatusCodes.Status403Forbidden, AccountCodes.Forbidden, $"Only its owner may {what} video {id}.")
            : null;
    }

    private static async Task<IResult> AnswerAsync(Video video, VideoService service, CancellationToken cancellation) =>
        TypedResults.Json(VideoObject.From((await service.GetAsync(video.Id, cancellation))!), VideoObject.Json);

    /// <summary>
    /// The caller's own videos, newest first unless <paramref name="order"/> is <c>asc</c> (as OpenAI's list takes it);
    /// <paramref name="limit"/> and <paramref name="order"/> are read here, so every host refuses a bad one alike.
    /// </summary>
    public static Task<IResult> ListAsync(Caller caller, VideoService service, string? limit, string? after, string? order, CancellationToken cancellation) =>
        OwnAsync(caller, service, limit, after, order, draftsOnly: false, cancellation);

    /// <summary>The caller's drafts: their videos not posted (in the making, finished, failed), newest first.</summary>
    public static Task<IResult> DraftsAsync(Caller caller, VideoService service, string? limit, string? after, CancellationToken cancellation) =>
        OwnAsync(caller, service, limit, after, order: null, draftsOnly: true, cancellation);

    private static async Task<IResult> OwnAsync(
        Caller caller, VideoService service, string? limit, string? after, string? order, bool draftsOnly, CancellationToken cancellation)
    {
        int size;
        try
        {
            size = PageSize(limit);
        }
        catch (RequestRejectedException rejected)
        {
            return Problem(StatusCodes.Status400BadRequest, rejected.Error.Code, rejected.Error.Message);
        }

        if (order is not (null or "asc" or "desc"))
        {
            return Problem(StatusCodes.Status400BadRequest, ErrorCodes.OrderUnsupported, $"Unsupported order '{order}'. Allowed: asc, desc.", ["asc", "desc"]);
        }

        var page = await service.ListAsync(caller.Member.Id, size + 1, after, draftsOnly, oldestFirst: order == "asc", cancellation);
        var data = page.Take(size).Select(VideoObject.From).ToList();
        return TypedResults.Json(new VideoList(data, page.Count > size), VideoObject.Json);
    }

    /// <summary>A list's page size: 20 unless <paramref name="limit"/> says 1 to <see cref="MaxPageSize"/>; anything else is refused.</summary>
    public static int PageSize(string? limit) =>
        limit is null ? 20
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxPageSize ? size
        : throw new RequestRejectedException(new VideoError("VALIDATION.LIMIT.OUT_OF_RANGE", $"limit must be a whole number from 1 to {MaxPageSize}."));

    public static async Task<IResult> ContentAsync(
        string id, string? variant, Caller caller, VideoService service, IRelationStore relations, IClipStore clips, CancellationToken cancellation)
    {
        if (VariantRefusal(variant) is { } refused)
        {
            return refused;
        }

        var (view, refusal) = await SeenAsync(id, caller, service, relations, cancellation);
        return view is null ? refusal! : await ServeAsync(view.Video, variant ?? "video", clips, cancellation);
    }

    /// <summary>How long to wait before asking for credentials the reader could not read just now.</summary>
    public static readonly TimeSpan CredentialsRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The published clip's Content Credentials as a C2PA reader finds them in its master, trusting this service's own
    /// root: whether they hold, what made the clip, what it came from and who signed — the app's "Content Credentials".
    /// </summary>
    public static async Task<IResult> CredentialsAsync(
        string id, HttpResponse response, Caller caller, VideoService service, IRelationStore relations, IClipStore clips, IContentCredentials credentials,
        IProvenanceSigner signer, CancellationToken cancellation)
    {
        var (view, refusal) = await SeenAsync(id, caller, service, relations, cancellation);
        if (view is null)
        {
            return refusal!;
        }

        if (view.Video.Assets is not { } assets)
        {
            return Problem(StatusCodes.Status409Conflict, ErrorCodes.VideoNotReady, view.Video.Status == VideoStatus.Failed
                ? $"Video {id} was not made; it has no credentials."
                : $"Video {id} is still being made; it has its credentials once it is published.");
        }

        var file = Path.Combine(Path.GetTempPath(), $"sora-credentials-{Guid.NewGuid():N}.mp4");
        try
        {
            if (await clips.TryCopyToFileAsync(assets.Master, file, cancellation) is null)
            {
                return Problem(StatusCodes.Status404NotFound, "VIDEO.CONTENT_MISSING", $"The video of {id} is missing from the clip store.");
            }

            var certificates = await signer.CertificatesAsync(cancellation);
            CredentialsReport? report;
            try
            {
                report = await credentials.ReadAsync(file, certificates.TrustedRoots, cancellation);
            }
            catch (ContentCredentialsException failure) when (failure.Stopped)
            {
                response.SetRetryAfter(CredentialsRetryAfter);
                return Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.CredentialsUnavailable,
                    "The clip's credentials cannot be read just now; ask again in a moment.");
            }
            catch (ContentCredentialsException)
            {
                // A file the reader cannot parse at all: whatever it carried cannot be relied on.
                return TypedResults.Json(CredentialsObject.Unreadable(view.Video, certificates.Development), VideoObject.Json);
            }

            return TypedResults.Json(CredentialsObject.From(view.Video, report, certificates.Development), VideoObject.Json);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>400 for a variant not in <see cref="Variants"/>; null for a known one (or none: the video).</summary>
    public static IResult? VariantRefusal(string? variant) => variant is null || Variants.Contains(variant)
        ? null
        : Problem(StatusCodes.Status400BadRequest, "VALIDATION.VARIANT.UNSUPPORTED", $"Unknown variant '{variant}'. Allowed: {string.Join(", ", Variants)}.", Variants);

    private const string CaptionsType = "text/vtt; charset=utf-8";

    /// <summary>
    /// One of the video's published files: a redirect to the store's own short-lived link where it has one, else streamed
    /// with ranges. Captions are WebVTT, empty for a clip whose words are captioned in its picture.
    /// </summary>
    public static async Task<IResult> ServeAsync(Video video, string kind, IClipStore clips, CancellationToken cancellation)
    {
        if (kind == "review")
        {
            // The finished clip its cameo owners watch before they decide: there only while their review is awaited.
            return video is { IsFinished: false, AwaitingReview.Count: > 0, ReviewClip: { } clip }
                ? await StreamAsync(video, clip, "video/mp4", kind, clips, cancellation)
                : Problem(StatusCodes.Status409Conflict, ErrorCodes.VideoNotReady, $"Video {video.Id} waits for no review; there is nothing to review.");
        }

        if (video.Assets is not { } assets)
        {
            return Problem(StatusCodes.Status409Conflict, ErrorCodes.VideoNotReady, $"Video {video.Id} is {video.Status}; its content is not available.");
        }

        if (kind == "captions" && assets.Captions is null)
        {
            // Words not heard but spoken from the generator's script are captioned in the picture itself.
            return TypedResults.Text(new Transcript([]).ToWebVtt(), CaptionsType);
        }

        var (name, contentType) = kind switch
        {
            "captions" => (assets.Captions!, CaptionsType),
            "thumbnail" => (assets.Poster, "image/jpeg"),
            "spritesheet" => (assets.Spritesheet, "image/jpeg"),
            "preview" => (assets.Preview, "video/mp4"),
            "manifest" => (assets.Manifest, "application/json"),
            _ => (assets.Master, "video/mp4"),
        };
        return await StreamAsync(video, name, contentType, kind, clips, cancellation);
    }

    private static async Task<IResult> StreamAsync(Video video, string name, string contentType, string kind, IClipStore clips, CancellationToken cancellation)
    {
        // Captions are answered here whatever the store: a track element loads only from the page's own origin.
        if (kind != "captions" && await clips.GetDownloadLinkAsync(name, DownloadLinkLifetime, cancellation) is { } link)
        {
            return TypedResults.Redirect(link.AbsoluteUri);
        }

        return await clips.OpenReadAsync(name, cancellation) is { } stream
            ? TypedResults.Stream(stream, contentType, enableRangeProcessing: true)
            : Problem(StatusCodes.Status404NotFound, "VIDEO.CONTENT_MISSING", $"The {kind} of video {video.Id} is missing from the clip store.");
    }

    private static IResult NotFound(string id) =>
        Problem(StatusCodes.Status404NotFound, ErrorCodes.VideoNotFound, $"No video has id '{id}'.");

    /// <summary>
    /// The code of a problem the framework answers by itself (no such route, a method the route lacks, a bad header):
    /// <c>HTTP.</c> and the status's name, e.g. <c>HTTP.NOT_FOUND</c>.
    /// </summary>
    public static string CodeForStatus(int? status) =>
        "HTTP." + System.Text.RegularExpressions.Regex.Replace(
            ReasonPhrases.GetReasonPhrase(status ?? StatusCodes.Status500InternalServerError), "[^A-Za-z]+", "_").Trim('_').ToUpperInvariant();

    /// <summary>
    /// RFC 9457 problem details with the stable <c>code</c> (and the allowed values, when there are some), and the same
    /// said as OpenAI's error object (see <see cref="OpenAiError"/>).
    /// </summary>
    public static IResult Problem(int status, string code, string detail, IReadOnlyList<string>? allowed = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code, ["error"] = OpenAiError(status, code, detail) };
        if (allowed is not null)
        {
            extensions["allowed"] = allowed;
        }

        return TypedResults.Problem(detail, statusCode: status, title: code, extensions: extensions);
    }

    /// <summary>
    /// A problem as OpenAI's API writes one, <c>{"error": {"message", "type", "param", "code"}}</c>: what its SDKs read
    /// into their errors' message, type and code (the message alone otherwise shows as the raw body). <c>param</c> is
    /// null: the code and message name the field.
    /// </summary>
    public static OpenAiErrorObject OpenAiError(int? status, string code, string? detail) => new(
        detail ?? ReasonPhrases.GetReasonPhrase(status ?? StatusCodes.Status500InternalServerError),
        status switch
        {
            StatusCodes.Status401Unauthorized => "authentication_error",
            StatusCodes.Status403Forbidden => "permission_error",
            StatusCodes.Status429TooManyRequests => "rate_limit_error",
            >= 500 or null => "server_error",
            _ => "invalid_request_error",
        },
        null,
        code);
}
