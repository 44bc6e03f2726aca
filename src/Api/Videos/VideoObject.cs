using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Api;

/// <summary>
/// A video in the OpenAI Videos API's shape (snake_case JSON), plus the seed, warnings (a vague prompt, quality), step
/// timings, how many generation jobs were started for it (more than one when a job crashed or failed), the cameos cast
/// in it, whose review it waits for, its caption and posting time once posted (null: a draft), and for a remix the
/// video it remixes (<c>remixed_from_video_id</c>, as OpenAI's remixes carry it) with its credit, its author's username,
/// for an edit the video it edits (<c>edited_from_video_id</c>), and for an extension the one it continues
/// (<c>extended_from_video_id</c>; its <c>seconds</c> are the whole joined clip's, as OpenAI's extensions count them), and
/// the toolkit's edits applied to it (<c>edits</c>, as a request names them: what an edit's prompt was read as), and
/// while it is being made, its place in its generator's line (<c>queue_position</c>, 1 for the next; null once it
/// generates) and when it should be ready (<c>estimated_completed_at</c>, from the measured times of the clips before it).
/// </summary>
public sealed record VideoObject(
    string Id,
    string Model,
    string Status,
    int Progress,
    long CreatedAt,
    long? CompletedAt,
    string Seconds,
    string Size,
    string Prompt,
    long Seed,
    VideoErrorObject? Error,
    IReadOnlyList<VideoErrorObject> Warnings,
    IReadOnlyList<StepTiming> Steps,
    int GenerationAttempts,
    IReadOnlyList<CastObject> Cameos,
    IReadOnlyList<string> AwaitingReview,
    string Caption,
    long? PostedAt,
    string? RemixedFromVideoId,
    RemixObject? Remix,
    string? Author,
    string? EditedFromVideoId,
    string? ExtendedFromVideoId,
    long? ReviewUntil,
    IReadOnlyList<EditBody> Edits,
    int? QueuePosition,
    long? EstimatedCompletedAt)
{
    [JsonPropertyOrder(-1)]
    public string Object => "video";

    /// <summary>When the downloadable assets expire, as OpenAI's video object says: never here (no retention policy; a clip is kept until deleted).</summary>
    public long? ExpiresAt => null;

    /// <summary>The JSON shape of the API: snake_case names, nulls written.</summary>
    public static JsonSerializerOptions Json { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }

    public static VideoObject From(VideoView view)
    {
        var video = view.Video;
        return new VideoObject(
            video.Id,
            video.Spec.Model,
            view.Status switch
            {
                VideoStatus.InProgress => "in_progress",
                VideoStatus.Completed => "completed",
                VideoStatus.Failed => "failed",
                _ => "queued",
            },
            view.Progress,
            video.CreatedAt.ToUnixTimeSeconds(),
            video.CompletedAt?.ToUnixTimeSeconds(),
            (video.PublishedSeconds is { } measured ? Math.Round(measured, 1) : video.Spec.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            video.Spec.Size,
            video.Spec.Prompt,
            video.Spec.Seed,
            video.Error is { } error ? new VideoErrorObject(error.Code, error.Message) : null,
            [
                // A remix, an edit or an extension says what changes in a scene already whole: it is not judged for vagueness.
                .. video.RemixOf is null && video.Spec is { EditOf: null, Extends: null, Uploaded: false } && PromptReview.Of(video.Spec.Prompt) is { Vague: true } review
                    ? [new VideoErrorObject(PromptReview.VagueCode, review.Warning)] : Array.Empty<VideoErrorObject>(),
                .. video.Warnings.Select(warning => new VideoErrorObject(warning.Code, warning.Message)),
            ],
            view.Steps,
            view.GenerationAttempts,
            [.. video.Cameos.Select(cast => new CastObject(cast.CameoId, cast.Username))],
            [.. video.Cameos.Where(cast => video.AwaitingReview.Contains(cast.OwnerId)).Select(cast => cast.Username).Distinct()],
            video.Caption,
            video.IsPosted ? video.PostedAt!.Value.ToUnixTimeSeconds() : null,
            video.RemixOf?.ParentId,
            video.RemixOf is { } remix
                ? new RemixObject(video.RemixedVideoRemoved ? null : remix.AuthorUsername, remix.RootId, remix.Depth, video.RemixCredit!)
                : null,
            video.OwnerUsername,
            video.Spec.EditOf,
            video.Spec.Extends?.VideoId,
            video.AwaitingReview.Count > 0 ? video.ReviewUntil?.ToUnixTimeSeconds() : null,
            EditBody.From(video.Spec.Edits),
            view.Place?.Position,
            view.Place?.EstimatedCompletedAt.ToUnixTimeSeconds());
    }
}

/// <summary>
/// A remix's credit: the author of the video it remixes (null once that video was taken down), the original at the root
/// of the chain, how many remixes down it is, and the label people read ("Remix of @author").
/// </summary>
public sealed record RemixObject(string? Author, string RootVideoId, int Depth, string Label);

/// <summary>A cameo cast in a video: the character's id and its owner's username (a co-owner of the video).</summary>
public sealed record CastObject(string Id, string Username);

public sealed record ReviewBody(string? Decision);

public sealed record PostBody(string? Caption);

/// <summary>
/// <c>POST /v1/videos/edits</c> and <c>/extensions</c> as JSON: the video (<c>video_id</c>, or OpenAI's <c>video: {"id"}</c>),
/// the prompt (what to change, or what happens next), an extension's <c>seconds</c>, an edit's explicit <c>edits</c>.
/// </summary>
public sealed record VideoSourceBody(string? VideoId, VideoReference? Video, string? Prompt, string? Seconds, IReadOnlyList<EditBody?>? Edits);

/// <summary>A video named by id, as OpenAI's edit and extension requests name one.</summary>
public sealed record VideoReference(string? Id);

/// <summary>
/// <c>POST /v1/videos</c> as a form, as the OpenAI SDKs send every create: the JSON body's fields as text (<c>edits</c>
/// a JSON string), and the input image as a file or by URL.
/// </summary>
public sealed record CreateVideoForm(
    string Prompt, string? Model, string? Seconds, string? Size, long? Seed, string? Edits, bool? Strict,
    [property: JsonPropertyName("input_reference")] IFormFile? InputReference,
    [property: JsonPropertyName("input_reference[image_url]")] string? InputReferenceImageUrl,
    [property: JsonPropertyName("input_reference[file_id]")] string? InputReferenceFileId);

/// <summary><c>POST /v1/videos/edits</c> as a form, as the OpenAI SDKs send it: the video as a file, or by id.</summary>
public sealed record EditVideoForm(
    string? Prompt, IFormFile? Video, [property: JsonPropertyName("video[id]")] string? VideoReferenceId, string? VideoId, string? Edits);

/// <summary><c>POST /v1/videos/extensions</c> as a form, as the OpenAI SDKs send it: the video as a file, or by id.</summary>
public sealed record ExtendVideoForm(
    string? Prompt, string? Seconds, IFormFile? Video, [property: JsonPropertyName("video[id]")] string? VideoReferenceId, string? VideoId);

/// <summary>A body holding a prompt: a remix's, or one to review.</summary>
public sealed record PromptBody(string? Prompt);

/// <summary>
/// A prompt's review; <see cref="Depicted"/> and <see cref="NotDepicted"/> (what the generator will draw, and what it
/// understood but will leave out, in the prompt's words) are null where the generator cannot tell.
/// </summary>
public sealed record PromptReviewObject(
    double Specificity, bool Vague, IReadOnlyList<string> Covered, IReadOnlyList<string> Suggestions, IReadOnlyList<string> Mentioned,
    IReadOnlyList<string>? Depicted, IReadOnlyList<string>? NotDepicted, ScreeningObject Screening)
{
    [JsonPropertyOrder(-1)]
    public string Object => "prompt.review";
}

/// <summary>What screening says of a prompt: <c>allow</c>, <c>warn</c> (let through, a moderator may look) or <c>block</c> (refused), and why.</summary>
public sealed record ScreeningObject(string Verdict, string? Code, string? Message)
{
    public static ScreeningObject From(ScreeningResult result) => result switch
    {
        { Blocked: true } => new("block", result.Block!.Code, result.ToError()!.Message),
        { Verdict: Core.Safety.Verdict.Warn } => new("warn", result.Warnings[0].Code, result.Warnings[0].Message),
        _ => new("allow", null, null),
    };
}

public sealed record VideoErrorObject(string Code, string Message);

public sealed record VideoList(IReadOnlyList<VideoObject> Data, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";

    public string? FirstId => Data.Count > 0 ? Data[0].Id : null;

    public string? LastId => Data.Count > 0 ? Data[^1].Id : null;
}

/// <summary>
/// The create request's JSON body; seconds is a string, as in the OpenAI Videos API; strict rejects a vague prompt;
/// input_reference names an image by URL (a file part is the other way to send one).
/// </summary>
public sealed record CreateVideoBody(
    string? Prompt, string? Model, string? Seconds, string? Size, long? Seed, IReadOnlyList<EditBody?>? Edits, bool? Strict,
    ImageReference? InputReference = null)
{
    public VideoRequest ToRequest() => new(Prompt, Model, Seconds, Size, Seed, EditBody.ToEditList(Edits), Strict ?? false);
}

/// <summary>
/// One entry of <c>edits</c>: <c>{"type": "trim", "start": 1, "end": 5}</c>, <c>{"type": "loop"}</c>,
/// <c>{"type": "stabilize"}</c>, <c>{"type": "grade", "preset": "warm", "brightness": 0.1}</c>,
/// <c>{"type": "speed", "start": 2, "end": 4, "factor": 0.5}</c>. LUT files are for the command line only.
/// </summary>
public sealed record EditBody(
    string? Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Start = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? End = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Factor = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Preset = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Brightness = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Contrast = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Saturation = null)
{
    /// <summary>The edits of a list as a request names them, in the order they are applied.</summary>
    public static IReadOnlyList<EditBody> From(EditList? edits) => edits is null ? [] :
    [
        .. edits.Stabilize ? [new EditBody("stabilize")] : Array.Empty<EditBody>(),
        .. edits.Trim is { } trim ? [new EditBody("trim", trim.Start, trim.End)] : Array.Empty<EditBody>(),
        .. edits.SpeedRamps.Select(ramp => new EditBody("speed", ramp.Start, ramp.End, ramp.Factor)),
        .. edits.Loop ? [new EditBody("loop")] : Array.Empty<EditBody>(),
        .. edits.Grade is { } grade ? [new EditBody("grade", Preset: grade.Preset, Brightness: grade.Brightness, Contrast: grade.Contrast, Saturation: grade.Saturation)]
            : Array.Empty<EditBody>(),
    ];

    public static IReadOnlyList<string> Types { get; } = ["trim", "loop", "stabilize", "grade", "speed"];

    /// <summary>One of each kind plus every speed ramp; a longer list is refused before it is read.</summary>
    public const int MaxEdits = 4 + EditList.MaxSpeedRamps;

    public static EditList? ToEditList(IReadOnlyList<EditBody?>? edits)
    {
        if (edits is null or { Count: 0 })
        {
            return null;
        }

        if (edits.Count > MaxEdits)
        {
            throw Rejected("EDIT.TOO_MANY", $"{edits.Count} edits were sent; at most {MaxEdits} are accepted.");
        }

        var list = EditList.None;
        var ramps = new List<SpeedRamp>();
        foreach (var edit in edits)
        {
            switch (edit?.Type)
            {
                case "trim":
                    list = list with { Trim = new TrimEdit(Required(edit.Start, "start"), Required(edit.End, "end")) };
                    break;
                case "loop":
                    list = list with { Loop = true };
                    break;
                case "stabilize":
                    list = list with { Stabilize = true };
                    break;
                case "grade":
                    list = list with { Grade = new GradeEdit(edit.Preset, null, edit.Brightness, edit.Contrast, edit.Saturation) };
                    break;
                case "speed":
                    ramps.Add(new SpeedRamp(Required(edit.Start, "start"), Required(edit.End, "end"), Required(edit.Factor, "factor")));
                    break;
                default:
                    throw new RequestRejectedException(
                        new VideoError("EDIT.TYPE.UNKNOWN", $"Unknown edit type '{edit?.Type}'. Allowed: {string.Join(", ", Types)}."), Types);
            }
        }

        return ramps.Count == 0 ? list : list with { Speed = ramps };

        static double Required(double? value, string name) => value ?? throw Rejected("EDIT.FIELD.MISSING", $"A '{name}' is required for this edit.");
    }

    private static RequestRejectedException Rejected(string code, string message) => new(new VideoError(code, message));
}

/// <summary>What deleting answers, in the OpenAI API's shape: <c>{"id", "object": "video.deleted", "deleted": true}</c>.</summary>
public sealed record DeletedObject(string Id, string Object)
{
    public bool Deleted => true;
}

/// <summary>
/// A published clip's Content Credentials as a reader found them: <c>state</c> <c>trusted</c> (signed, whole, by a
/// known root), <c>valid</c> (signed and whole, the signer unknown), <c>invalid</c> (changed after signing, see
/// <c>failures</c>; <c>general.error</c> when the file does not read at all) or <c>none</c> (published before clips
/// carried them); <c>development_root</c> when the root is
/// this installation's own, which other apps do not know; <c>signed_at</c> when a time-stamping authority dated the
/// signature.
/// </summary>
public sealed record CredentialsObject(
    string VideoId, string State, bool DevelopmentRoot, string? Title, string? Signer, long? SignedAt, long? PublishedAt,
    IReadOnlyList<CredentialsAction> Actions, IReadOnlyList<CredentialsIngredient> Ingredients, IReadOnlyList<string> Failures)
{
    [JsonPropertyOrder(-1)]
    public string Object => "video.credentials";

    /// <summary>The credentials of a clip whose file the reader could not parse: nothing it carries can be relied on.</summary>
    public static CredentialsObject Unreadable(Video video, bool developmentRoot) =>
        new(video.Id, "invalid", developmentRoot, null, null, null, video.CompletedAt?.ToUnixTimeSeconds(), [], [], ["general.error"]);

    public static CredentialsObject From(Video video, CredentialsReport? report, bool developmentRoot) => new(
        video.Id,
        report?.State.ToLowerInvariant() ?? "none",
        developmentRoot,
        report?.Title,
        report?.Signer,
        report?.SignedAt?.ToUnixTimeSeconds(),
        video.CompletedAt?.ToUnixTimeSeconds(),
        [.. report?.Actions.Select(action => new CredentialsAction(action.Name, action.Description, action.Agent, action.DigitalSourceType)) ?? []],
        [.. report?.Ingredients.Select(ingredient => new CredentialsIngredient(
            ingredient.Title, ingredient.Relationship, ingredient.HasManifest, ingredient.HasManifest && !ingredient.CredentialsHold)) ?? []],
        report?.Failures ?? []);
}

/// <summary>An action of a clip's credentials: its C2PA name, what it did, the software that did it, and the IPTC digital source type of what it made.</summary>
public sealed record CredentialsAction(string Action, string? Description, string? SoftwareAgent, string? DigitalSourceType);

/// <summary>
/// What a clip was made from: its title, how (<c>inputTo</c> for a remix, <c>parentOf</c> for an edit, extension or
/// upload), whether it carried credentials of its own, and whether those did not hold when the clip was signed (a file
/// changed after it was signed).
/// </summary>
public sealed record CredentialsIngredient(string Title, string Relationship, bool HasCredentials, bool CredentialsBroken);
