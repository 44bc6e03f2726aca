using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Cameos;

namespace SoraFunctions.Api;

/// <summary>
/// <c>/v1/videos/characters</c>: cameos and characters, in the shape of the OpenAI Videos API's characters (create from
/// an uploaded video with a name; get by id). A video sent with a liveness challenge's id is a person's cameo; one sent
/// without is a character that is no person (a pet, a mascot, an object), refused if a face is in it. Plus what OpenAI's
/// lacks: the challenge, the list of one's own, their terms (permission, approved members, preferences, review) and
/// deletion. Only a cameo's owner sees it.
/// </summary>
public static class CameosApi
{
    /// <summary>The largest recording accepted: 10 s of camera video at a generous bitrate.</summary>
    public const long MaxRecordingBytes = 50 * 1024 * 1024;

    private static readonly FormOptions FormLimits = new()
    {
        MultipartBodyLengthLimit = MaxRecordingBytes + 64 * 1024,
        ValueLengthLimit = 4 * 1024,
        ValueCountLimit = 8,
        KeyLengthLimit = 64,
        MultipartHeadersCountLimit = 8,
    };

    public static IEndpointRouteBuilder MapCameosApi(this IEndpointRouteBuilder routes)
    {
        var cameos = routes.MemberGroup("/v1/videos/characters");
        cameos.MapPost("/challenges", ChallengeAsync).Produces<ChallengeObject>(StatusCodes.Status201Created);
        cameos.MapPost("/", RecordAsync).AcceptsForm<RecordingForm>().Produces<CameoObject>(StatusCodes.Status202Accepted);
        cameos.MapGet("/", ListAsync).Produces<CameoList>();
        cameos.MapGet("/castable", CastableAsync).Produces<ListObject<CastableObject>>();
        cameos.MapGet("/{id}", GetAsync).Produces<CameoObject>();
        cameos.MapPatch("/{id}", UpdateAsync).AcceptsJson<TermsBody>().Produces<CameoObject>();
        cameos.MapDelete("/{id}", DeleteAsync).Produces<DeletedObject>();
        cameos.MapPut("/{id}/approved/{username}", (string id, string username, Caller caller, CameoService service, CancellationToken cancellation) =>
            ApproveAsync(id, username, true, caller, service, cancellation)).Produces<CameoObject>();
        cameos.MapDelete("/{id}/approved/{username}", (string id, string username, Caller caller, CameoService service, CancellationToken cancellation) =>
            ApproveAsync(id, username, false, caller, service, cancellation)).Produces<CameoObject>();
        return routes;
    }

    public static async Task<IResult> ChallengeAsync(Caller caller, CameoService service, CancellationToken cancellation) =>
        TypedResults.Json(ChallengeObject.From(await service.ChallengeAsync(caller.Member, cancellation)), VideoObject.Json, statusCode: StatusCodes.Status201Created);

    /// <summary>
    /// Takes the recording (multipart/form-data: <c>video</c>, the file; <c>name</c>; <c>challenge_id</c> for a person's
    /// cameo, or for a character an optional <c>handle</c>) and starts its verification; answers 202 with the cameo,
    /// <c>verifying</c>, to be polled. A character's request is made once per <c>Idempotency-Key</c>.
    /// </summary>
    public static async Task<IResult> RecordAsync(HttpRequest request, Caller caller, CameoService service, CancellationToken cancellation)
    {
        if (!request.HasFormContentType)
        {
            throw Malformed("Send the recording as multipart/form-data with the fields video (a file), name and challenge_id.");
        }

        if (request.ContentLength > FormLimits.MultipartBodyLengthLimit)
        {
            throw TooLarge();
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = FormLimits.MultipartBodyLengthLimit;
        }

        var upload = Uploads.PathFor("recording");
        try
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(FormLimits, cancellation);
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException && exception is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                throw Malformed($"The form could not be read: {exception.Message}");
            }

            var video = form.Files.GetFile("video") ?? throw Malformed("The recording must be sent as the file part 'video'.");
            var challenge = form["challenge_id"].ToString();
            await Uploads.ReceiveAsync(upload, "Receiving the recording", file => video.CopyToAsync(file, cancellation));
            var cameo = challenge.Length > 0
                ? await service.RecordAsync(caller.Member, challenge, form["name"].FirstOrDefault(), upload, cancellation)
                : await service.CreateCharacterAsync(
                    caller.Member, form["name"].FirstOrDefault(), form["handle"].FirstOrDefault(), upload, VideosApi.IdempotencyKey(request), cancellation);
            return TypedResults.Json(
                CameoObject.From((await service.GetAsync(caller.Member, cameo.Id, cancellation))!), VideoObject.Json, statusCode: StatusCodes.Status202Accepted);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        finally
        {
            File.Delete(upload); // the clip store keeps its own copy
        }
    }

    public static async Task<IResult> ListAsync(Caller caller, CameoService service, CancellationToken cancellation) =>
        TypedResults.Json(new CameoList([.. (await service.ListAsync(caller.Member, cancellation)).Select(CameoObject.From)]), VideoObject.Json);

    /// <summary>The cameos and characters the caller may cast, for a prompt's <c>@</c> suggestions: the name after the <c>@</c>, the cameo's name and kind.</summary>
    public static async Task<IResult> CastableAsync(Caller caller, CameoCasting casting, CancellationToken cancellation) =>
        TypedResults.Json(new ListObject<CastableObject>([.. (await casting.CastableAsync(caller.Member, cancellation))
            .Select(cast => new CastableObject(cast.Cast.Username, cast.Cameo.Name, cast.Cameo.Kind.ToString().ToLowerInvariant()))]), VideoObject.Json);

    public static async Task<IResult> GetAsync(string id, Caller caller, CameoService service, CancellationToken cancellation) =>
        TypedResults.Json(CameoObject.From(await service.GetAsync(caller.Member, id, cancellation) ?? throw CameoService.NotFound(id)), VideoObject.Json);

    /// <summary>Changes the terms: <c>{"permission", "approved": [usernames], "preferences", "review_required"}</c>, each optional.</summary>
    public static async Task<IResult> UpdateAsync(string id, HttpRequest request, Caller caller, CameoService service, CancellationToken cancellation)
    {
        var body = await AccountsApi.ReadAsync<TermsBody>(request, cancellation);
        var permission = body.Permission is null ? (CameoPermission?)null
            : Enum.GetValues<CameoPermission>().Where(p => NameOf(p) == body.Permission).Cast<CameoPermission?>().FirstOrDefault()
                ?? throw new RequestRejectedException(
                new VideoError(CameoCodes.PermissionInvalid, $"Unknown permission '{body.Permission}'. Allowed: {string.Join(", ", Permissions)}."), Permissions);
        var terms = new CameoTerms(permission, body.Approved, body.Preferences, body.ReviewRequired);
        return TypedResults.Json(CameoObject.From(await service.UpdateAsync(caller.Member, id, terms, cancellation)), VideoObject.Json);
    }

    public static async Task<IResult> ApproveAsync(string id, string username, bool approve, Caller caller, CameoService service, CancellationToken cancellation) =>
        TypedResults.Json(CameoObject.From(await service.ApproveAsync(caller.Member, id, username, approve, cancellation)), VideoObject.Json);

    /// <summary>Deletes the cameo: its likeness is erased now, and every video that casts it is taken down.</summary>
    public static async Task<IResult> DeleteAsync(string id, Caller caller, CameoService service, CancellationToken cancellation) =>
        await service.DeleteAsync(caller.Member, id, cancellation)
            ? TypedResults.Json(new DeletedObject(id, "character.deleted"), VideoObject.Json)
            : throw CameoService.NotFound(id);

    public static IReadOnlyList<string> Permissions { get; } = [.. Enum.GetValues<CameoPermission>().Select(NameOf)];

    /// <summary>The permission's name in the API, as it is stored: <c>only_me</c>, <c>approved</c>, <c>mutuals</c>, <c>everyone</c>.</summary>
    public static string NameOf(CameoPermission permission) => System.Text.Json.JsonSerializer.Serialize(permission).Trim('"');

    private static RequestRejectedException Malformed(string message) => new(new VideoError(ErrorCodes.BodyMalformed, message));

    private static RequestRejectedException TooLarge() =>
        new(new VideoError(ErrorCodes.BodyTooLarge, $"A recording has at most {MaxRecordingBytes:N0} bytes."));
}

/// <summary>
/// A recording sent to become a cameo (the file, its name, the challenge it answers) or, without a challenge, a
/// character (the file, its name, and the handle that casts it; by default one its name suggests).
/// </summary>
public sealed record RecordingForm(IFormFile Video, string? Name, [property: JsonPropertyName("challenge_id")] string? ChallengeId, string? Handle);

public sealed record TermsBody(string? Permission, IReadOnlyList<string>? Approved, string? Preferences, bool? ReviewRequired);

/// <summary>What a recording must show: the digits read aloud and the head turned, before <c>expires_at</c>.</summary>
public sealed record ChallengeObject(string Id, string Digits, string Turn, long ExpiresAt, string Instructions)
{
    [JsonPropertyOrder(-1)]
    public string Object => "character.challenge";

    public static ChallengeObject From(CameoChallenge challenge)
    {
        var turn = challenge.Turn == HeadTurn.Left ? "left" : "right";
        return new ChallengeObject(
            challenge.Id, challenge.Digits, turn, challenge.ExpiresAt.ToUnixTimeSeconds(),
            $"Record 3 to 10 seconds of yourself, alone, facing the camera: read the digits {string.Join(' ', challenge.Digits.ToCharArray())} aloud and turn your head to your {turn}.");
    }
}

/// <summary>
/// A cameo in the shape of the OpenAI Videos API's character (<c>id</c>, <c>name</c>, <c>created_at</c>), its kind
/// (<c>person</c> or <c>character</c>), the <c>handle</c> that casts a character, its verification and terms.
/// </summary>
public sealed record CameoObject(
    string Id, string Name, long CreatedAt, string Kind, string? Handle, string Status, int Progress, string? Step, VideoErrorObject? Error, long? VerifiedAt,
    string Permission, IReadOnlyList<string> Approved, string Preferences, bool ReviewRequired, VoiceObject? Voice)
{
    [JsonPropertyOrder(-1)]
    public string Object => "character";

    public static CameoObject From(CameoView view)
    {
        var cameo = view.Cameo;
        return new CameoObject(
            cameo.Id, cameo.Name, cameo.CreatedAt.ToUnixTimeSeconds(), cameo.Kind.ToString().ToLowerInvariant(), cameo.Handle,
            cameo.Status.ToString().ToLowerInvariant(), view.Progress, view.Step,
            cameo.Error is { } error ? new VideoErrorObject(error.Code, error.Message) : null, cameo.VerifiedAt?.ToUnixTimeSeconds(),
            CameosApi.NameOf(cameo.Permission), view.ApprovedUsernames, cameo.Preferences, cameo.ReviewRequired,
            cameo.Voice is { } voice ? new VoiceObject(Math.Round(voice.PitchHz, 1), Math.Round(voice.WordsPerMinute)) : null);
    }
}

public sealed record VoiceObject(double PitchHz, double WordsPerMinute);

/// <summary>A cameo the caller may cast: <c>@username</c> in a prompt casts it (a character's handle is its username here).</summary>
public sealed record CastableObject(string Username, string Name, string Kind)
{
    [JsonPropertyOrder(-1)]
    public string Object => "character.castable";
}

public sealed record CameoList(IReadOnlyList<CameoObject> Data)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}
