using System.Globalization;
using SoraFunctions.Core.Safety;

namespace SoraFunctions.Core.Videos;

/// <summary>
/// A request as a client sends it; seconds is a string, as in the OpenAI Videos API. <see cref="Strict"/> turns a vague
/// prompt's warning into a rejection; <see cref="InputReference"/> is an image file (image-to-video) the host received.
/// </summary>
public sealed record VideoRequest(
    string? Prompt, string? Model = null, string? Seconds = null, string? Size = null, long? Seed = null, EditList? Edits = null,
    bool Strict = false, string? InputReference = null);

/// <summary>What an extension continues: the video (null: the video uploaded with the request), and how long it was.</summary>
public sealed record ExtensionOf(string? VideoId, int Seconds);

/// <summary>An uploaded video as its probe found it: whole seconds, and whether it stands (portrait or square) or lies.</summary>
public sealed record UploadedVideo(int Seconds, bool Portrait);

/// <summary>
/// A validated request: everything the pipeline needs to make the clip; <see cref="Edits"/> is null for none.
/// <see cref="RequesterAge"/> comes from the requester's account (null: unknown, screened as an adult).
/// <see cref="InputReference"/> names the input image in the clip store (null: text only). A remix's
/// <see cref="Earlier"/> are the prompts of the videos it builds on, the original's first: its scene is theirs, changed
/// by its own prompt. An edit names the video it edits (<see cref="EditOf"/>); an extension the one it continues
/// (<see cref="Extends"/>), its own <see cref="Seconds"/> being what it adds. <see cref="Uploaded"/>: the clip it starts
/// from was uploaded, not generated here (<see cref="Upload"/>), so no scene of it can be generated again.
/// </summary>
public sealed record VideoSpec(
    string Prompt, string Model, int Seconds, int Width, int Height, long Seed, EditList? Edits = null, bool Strict = false,
    int? RequesterAge = null, string? InputReference = null, IReadOnlyList<string>? Earlier = null, string? EditOf = null,
    ExtensionOf? Extends = null, bool Uploaded = false)
{
    /// <summary>The longest video taken to be edited or extended: the longest clip generated here.</summary>
    public const int MaxUploadSeconds = 20;

    /// <summary>
    /// A video uploaded to be edited with <paramref name="edits"/> (at least one): its own length (whole seconds, at most
    /// <see cref="MaxUploadSeconds"/>) and orientation, at the 720p size of that orientation; the prompt that asked for
    /// the edits is checked as any prompt is.
    /// </summary>
    public static VideoSpec Upload(string? prompt, UploadedVideo upload, EditList? edits, int? requesterAge)
    {
        var spec = From(new VideoRequest(prompt), () => 0, requesterAge) with { Seconds = upload.Seconds, Uploaded = true };
        return (upload.Portrait ? spec : spec with { Width = spec.Height, Height = spec.Width }).EditedWith(null, edits?.Validate(upload.Seconds));
    }

    /// <summary>
    /// A continuation of an uploaded video (<paramref name="upload"/>) for <paramref name="seconds"/>, rendered from its
    /// last frame as image-to-video is, from what <paramref name="prompt"/> says happens next, then joined after it.
    /// </summary>
    public static VideoSpec ExtendingUpload(string? prompt, string? seconds, UploadedVideo upload, int? requesterAge)
    {
        var spec = From(new VideoRequest(prompt, Seconds: seconds ?? "4", Size: upload.Portrait ? "720x1280" : "1280x720"), () => 0, requesterAge);
        return upload.Seconds + spec.Seconds > VideoCatalog.MaxExtendedSeconds
            ? throw Rejected(ErrorCodes.ExtensionTooLong, $"The video is {upload.Seconds} s long; extended, a clip is at most {VideoCatalog.MaxExtendedSeconds} s.")
            : spec with { Extends = new ExtensionOf(null, upload.Seconds), Uploaded = true };
    }

    public string Size => $"{Width}x{Height}";

    /// <summary>How long the finished clip is: an extension's source and then its own <see cref="Seconds"/>.</summary>
    public int TotalSeconds => (Extends?.Seconds ?? 0) + Seconds;

    /// <summary>Every prompt the scene is made of, the original's first and this one last.</summary>
    public IReadOnlyList<string> Prompts => [.. Earlier ?? [], Prompt];

    /// <summary>The prompts as one text, as screening and the cameos' terms read them.</summary>
    public string SceneText => string.Join('\n', Prompts);

    /// <summary>The cameos the scene casts: every prompt's @mentions, each once.</summary>
    public IReadOnlyList<string> Mentions => PromptReview.Mentions(SceneText);

    /// <summary>
    /// An edit of the finished video <paramref name="sourceId"/> (null: of the video uploaded with it) made with this spec: the same scene, its clip as it was
    /// before publishing taken through <paramref name="edits"/> (at least one) instead of a new generation.
    /// </summary>
    public VideoSpec EditedWith(string? sourceId, EditList? edits) =>
        edits is { IsEmpty: false }
            ? this with { Edits = edits, EditOf = sourceId }
            : throw Rejected(ErrorCodes.EditsMissing,
                "Say what to change — e.g. \"black and white\", \"brighter\", \"slow the middle down\", \"cut the first 2 seconds\", \"loop it\", \"steady the camera\" — or send edits.");

    /// <summary>
    /// A continuation of the finished video <paramref name="sourceId"/> (<paramref name="sourceSeconds"/> long) made with
    /// this spec, for <paramref name="seconds"/> more: the same scene (or, with a <paramref name="prompt"/>, the scene
    /// changed as a remix changes it), model, size and seed, rendered from the source's last frame and joined after it.
    /// The whole is at most <see cref="VideoCatalog.MaxExtendedSeconds"/>.
    /// </summary>
    public VideoSpec ExtendedBy(string sourceId, int sourceSeconds, string? prompt, string? seconds, int? requesterAge)
    {
        var continuation = From(new VideoRequest(prompt ?? Prompt, Model, seconds ?? "4", Size, Seed), () => Seed, requesterAge);
        if (sourceSeconds + continuation.Seconds > VideoCatalog.MaxExtendedSeconds)
        {
            throw Rejected(ErrorCodes.ExtensionTooLong, $"Video {sourceId} is {sourceSeconds} s long; extended, a clip is at most {VideoCatalog.MaxExtendedSeconds} s.");
        }

        return continuation with { Earlier = prompt is null ? Earlier : Prompts, Extends = new ExtensionOf(sourceId, sourceSeconds) };
    }

    /// <summary>
    /// A remix of the video made with this spec, asked for by someone of <paramref name="requesterAge"/>: the same model,
    /// duration, size, seed and input image, this prompt among the earlier ones, and no edits (they were the original's
    /// finish). Throws <see cref="RequestRejectedException"/> for a prompt <see cref="From"/> refuses, a chain deeper
    /// than <see cref="VideoCatalog.MaxRemixDepth"/>, or more cameos in all than a video casts.
    /// </summary>
    public VideoSpec Remix(string? prompt, int? requesterAge)
    {
        if (Prompts.Count > VideoCatalog.MaxRemixDepth)
        {
            throw Rejected(ErrorCodes.RemixTooDeep, $"This video is a remix {Prompts.Count - 1} deep; a remix chain goes at most {VideoCatalog.MaxRemixDepth} deep.");
        }

        var remix = From(new VideoRequest(prompt, Model, Seconds.ToString(CultureInfo.InvariantCulture), Size, Seed), () => Seed, requesterAge)
            with { InputReference = InputReference, Earlier = Prompts };
        return remix.Mentions.Count > VideoCatalog.MaxCameos
            ? throw Rejected(Cameos.CameoCodes.TooMany, $"A video casts at most {VideoCatalog.MaxCameos} cameos; the remix would cast {remix.Mentions.Count}.")
            : remix;
    }

    /// <summary>Checks a request against the catalog; the first problem found is thrown as a rejection.</summary>
    public static VideoSpec From(VideoRequest request, Func<long> newSeed, int? requesterAge = null)
    {
        var prompt = request.Prompt?.Trim() ?? "";
        if (prompt.Length == 0)
        {
            throw Rejected(ErrorCodes.PromptEmpty, "The prompt is empty; describe the clip you want.");
        }

        if (Safety.WrittenText.HiddenCharacter(prompt) is { } hidden)
        {
            throw Rejected(ErrorCodes.PromptControlCharacters,
                $"The prompt contains the invisible character U+{(int)hidden:X4}; only visible text, spaces, tabs and line breaks are accepted.");
        }

        if (!prompt.Any(char.IsLetterOrDigit))
        {
            throw Rejected(ErrorCodes.PromptEmpty, "The prompt has no words; describe the clip you want.");
        }

        if (prompt.Length > VideoCatalog.MaxPromptLength)
        {
            throw Rejected(ErrorCodes.PromptTooLong,
                $"The prompt has {prompt.Length:N0} characters; at most {VideoCatalog.MaxPromptLength:N0} are allowed.");
        }

        if (PromptReview.Mentions(prompt).Count > VideoCatalog.MaxCameos)
        {
            throw Rejected(Cameos.CameoCodes.TooMany, $"A video casts at most {VideoCatalog.MaxCameos} cameos; the prompt mentions {PromptReview.Mentions(prompt).Count}.");
        }

        if (request.Strict && PromptReview.Of(prompt) is { Vague: true } review)
        {
            throw Rejected(PromptReview.VagueCode, review.Warning);
        }

        var model = request.Model ?? VideoCatalog.Sora2;
        if (VideoCatalog.ModelOf(model) is null)
        {
            throw Rejected(ErrorCodes.ModelUnknown, $"Unknown model '{model}'.", [.. VideoCatalog.Models, .. VideoCatalog.Snapshots.Keys]);
        }

        // Exactly one of the listed spellings: "04" or " 4" is not a duration the API offers.
        var secondsText = request.Seconds ?? VideoCatalog.DefaultSeconds.ToString(CultureInfo.InvariantCulture);
        var allowedSeconds = VideoCatalog.Seconds.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToList();
        if (!allowedSeconds.Contains(secondsText))
        {
            throw Rejected(ErrorCodes.SecondsUnsupported, $"Unsupported duration '{secondsText}' seconds.", allowedSeconds);
        }

        var seconds = int.Parse(secondsText, CultureInfo.InvariantCulture);

        var size = request.Size ?? VideoCatalog.DefaultSize;
        if (!VideoCatalog.Sizes.Contains(size))
        {
            throw Rejected(ErrorCodes.SizeUnsupported, $"Unsupported size '{size}'.", VideoCatalog.Sizes);
        }

        if (!VideoCatalog.SizesFor(model).Contains(size))
        {
            throw Rejected(ErrorCodes.SizeNotForModel, $"Model '{model}' does not render size '{size}'.",
                VideoCatalog.SizesFor(model));
        }

        if (request.Seed is < 0 or > VideoCatalog.MaxSeed)
        {
            throw Rejected(ErrorCodes.SeedOutOfRange, $"The seed {request.Seed} must be a whole number from 0 to {VideoCatalog.MaxSeed}.");
        }

        var edits = request.Edits is { IsEmpty: false } requested ? requested.Validate(seconds) : null;
        var dimensions = size.Split('x');
        return new VideoSpec(
            prompt,
            model,
            seconds,
            int.Parse(dimensions[0], CultureInfo.InvariantCulture),
            int.Parse(dimensions[1], CultureInfo.InvariantCulture),
            request.Seed ?? newSeed(),
            edits,
            request.Strict,
            requesterAge);
    }

    private static RequestRejectedException Rejected(string code, string message, IReadOnlyList<string>? allowed = null) =>
        new(new VideoError(code, allowed is null ? message : $"{message} Allowed: {string.Join(", ", allowed)}."), allowed);
}
