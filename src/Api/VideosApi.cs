using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Api;

/// <summary><c>/v1/videos</c>: create, get, list and download, in the shape of the OpenAI Videos API.</summary>
public static class VideosApi
{
    public const int MaxPageSize = 100;

    /// <summary>The content variants: the OpenAI Videos API's three, plus the 360p preview and the provenance manifest.</summary>
    public static IReadOnlyList<string> Variants { get; } = ["video", "thumbnail", "spritesheet", "preview", "manifest"];

    public static IEndpointRouteBuilder MapVideosApi(this IEndpointRouteBuilder routes)
    {
        var videos = routes.MapGroup("/v1/videos");
        videos.MapPost("/", CreateAsync);
        videos.MapGet("/", ListAsync);
        videos.MapGet("/{id}", GetAsync);
        videos.MapGet("/{id}/content", ContentAsync);
        return routes;
    }

    /// <summary>How long a redirect to the store's own download link stays valid.</summary>
    public static readonly TimeSpan DownloadLinkLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The largest input image accepted.</summary>
    public const long MaxInputReferenceBytes = 20 * 1024 * 1024;

    /// <summary>
    /// Creates a video from a JSON body, or from multipart/form-data as the OpenAI Videos API takes it (the same fields,
    /// <c>edits</c> as a JSON string, and an <c>input_reference</c> image file for image-to-video).
    /// </summary>
    public static async Task<IResult> CreateAsync(HttpRequest request, VideoService service, CancellationToken cancellation)
    {
        CreateVideoBody? body;
        IFormFile? image = null;
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellation);
                body = FromForm(form);
                image = form.Files.GetFile("input_reference");
            }
            else
            {
                body = await request.ReadFromJsonAsync<CreateVideoBody>(VideoObject.Json, cancellation);
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or BadHttpRequestException or FormatException or InvalidDataException)
        {
            return Problem(StatusCodes.Status400BadRequest, ErrorCodes.BodyMalformed,
                $"The body must be a JSON object (or a form) with prompt, model, seconds and size: {exception.Message}");
        }

        if (body is null)
        {
            return Problem(StatusCodes.Status400BadRequest, ErrorCodes.BodyMalformed, "The body must be a JSON object.");
        }

        if (image is { Length: > MaxInputReferenceBytes })
        {
            return Problem(StatusCodes.Status400BadRequest, "VALIDATION.INPUT_REFERENCE.TOO_LARGE",
                $"The input_reference image has {image.Length:N0} bytes; at most {MaxInputReferenceBytes:N0} are accepted.");
        }

        var upload = image is null ? null : Path.Combine(Path.GetTempPath(), $"sora-upload-{Guid.NewGuid():N}{Path.GetExtension(image.FileName)}");
        try
        {
            if (image is not null)
            {
                await using var file = File.Create(upload!);
                await image.CopyToAsync(file, cancellation);
            }

            var idempotencyKey = request.Headers["Idempotency-Key"].FirstOrDefault();
            var video = await service.CreateAsync(body.ToRequest() with { InputReference = upload }, idempotencyKey, cancellation: cancellation);
            var view = await service.GetAsync(video.Id, cancellation);
            return TypedResults.Json(VideoObject.From(view!), VideoObject.Json);
        }
        catch (RequestRejectedException rejected)
        {
            return Problem(StatusCodes.Status400BadRequest, rejected.Error.Code, rejected.Error.Message, rejected.Allowed);
        }
        catch (IdempotencyConflictException conflict)
        {
            return Problem(StatusCodes.Status409Conflict, ErrorCodes.IdempotencyKeyReused, conflict.Message);
        }
        finally
        {
            if (upload is not null)
            {
                File.Delete(upload); // the clip store keeps its own copy
            }
        }
    }

    private static CreateVideoBody FromForm(IFormCollection form)
    {
        string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        return new CreateVideoBody(
            Field("prompt"), Field("model"), Field("seconds"), Field("size"),
            Field("seed") is { } seed ? long.Parse(seed, System.Globalization.CultureInfo.InvariantCulture) : null,
            Field("edits") is { } edits ? JsonSerializer.Deserialize<List<EditBody>>(edits, VideoObject.Json) : null,
            Field("strict") is { } strict ? bool.Parse(strict) : null);
    }

    public static async Task<IResult> GetAsync(string id, VideoService service, CancellationToken cancellation) =>
        await service.GetAsync(id, cancellation) is { } view
            ? TypedResults.Json(VideoObject.From(view), VideoObject.Json)
            : NotFound(id);

    public static async Task<IResult> ListAsync(
        VideoService service, int? limit, string? after, CancellationToken cancellation)
    {
        var size = limit ?? 20;
        if (size is < 1 or > MaxPageSize)
        {
            return Problem(StatusCodes.Status400BadRequest, "VALIDATION.LIMIT.OUT_OF_RANGE", $"limit must be between 1 and {MaxPageSize}.");
        }

        var page = await service.ListAsync(size + 1, after, cancellation);
        var data = page.Take(size).Select(VideoObject.From).ToList();
        return TypedResults.Json(new VideoList(data, page.Count > size), VideoObject.Json);
    }

    public static async Task<IResult> ContentAsync(
        string id, string? variant, VideoService service, IClipStore clips, CancellationToken cancellation)
    {
        var kind = variant ?? "video";
        if (!Variants.Contains(kind))
        {
            return Problem(StatusCodes.Status400BadRequest, "VALIDATION.VARIANT.UNSUPPORTED",
                $"Unknown variant '{kind}'. Allowed: {string.Join(", ", Variants)}.", Variants);
        }

        if (await service.GetAsync(id, cancellation) is not { } view)
        {
            return NotFound(id);
        }

        if (view.Video.Assets is not { } assets)
        {
            return Problem(StatusCodes.Status409Conflict, "VIDEO.NOT_READY", $"Video {id} is {view.Status}; its content is not available.");
        }

        var (name, contentType) = kind switch
        {
            "thumbnail" => (assets.Poster, "image/jpeg"),
            "spritesheet" => (assets.Spritesheet, "image/jpeg"),
            "preview" => (assets.Preview, "video/mp4"),
            "manifest" => (assets.Manifest, "application/json"),
            _ => (assets.Master, "video/mp4"),
        };
        if (await clips.GetDownloadLinkAsync(name, DownloadLinkLifetime, cancellation) is { } link)
        {
            return TypedResults.Redirect(link.AbsoluteUri);
        }

        return await clips.OpenReadAsync(name, cancellation) is { } stream
            ? TypedResults.Stream(stream, contentType, enableRangeProcessing: true)
            : Problem(StatusCodes.Status404NotFound, "VIDEO.CONTENT_MISSING", $"The {kind} of video {id} is missing from the clip store.");
    }

    private static IResult NotFound(string id) =>
        Problem(StatusCodes.Status404NotFound, "VIDEO.NOT_FOUND", $"No video has id '{id}'.");

    /// <summary>RFC 9457 problem details with the stable <c>code</c> (and the allowed values, when there are some).</summary>
    public static IResult Problem(int status, string code, string detail, IReadOnlyList<string>? allowed = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (allowed is not null)
        {
            extensions["allowed"] = allowed;
        }

        return TypedResults.Problem(detail, statusCode: status, title: code, extensions: extensions);
    }
}
