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

/// <summary>
/// A validated request: everything the pipeline needs to make the clip; <see cref="Edits"/> is null for none.
/// <see cref="RequesterAge"/> comes from the requester's account (null: unknown, screened as an adult).
/// <see cref="InputReference"/> names the input image in the clip store (null: text only).
/// </summary>
public sealed record VideoSpec(
    string Prompt, string Model, int Seconds, int Width, int Height, long Seed, EditList? Edits = null, bool Strict = false,
    int? RequesterAge = null, string? InputReference = null)
{
    public string Size => $"{Width}x{Height}";

    /// <summary>Checks a request against the catalog; the first problem found is thrown as a rejection.</summary>
    public static VideoSpec From(VideoRequest request, Func<long> newSeed, int? requesterAge = null)
    {
        var prompt = request.Prompt?.Trim() ?? "";
        if (prompt.Length == 0)
        {
            throw Rejected(ErrorCodes.PromptEmpty, "The prompt is empty; describe the clip you want.");
        }

        if (prompt.Length > VideoCatalog.MaxPromptLength)
        {
            throw Rejected(ErrorCodes.PromptTooLong,
                $"The prompt has {prompt.Length:N0} characters; at most {VideoCatalog.MaxPromptLength:N0} are allowed.");
        }

        if (request.Strict && PromptReview.Of(prompt) is { Vague: true } review)
        {
            throw Rejected(PromptReview.VagueCode, review.Warning);
        }

        var model = request.Model ?? VideoCatalog.Sora2;
        if (!VideoCatalog.Models.Contains(model))
        {
            throw Rejected(ErrorCodes.ModelUnknown, $"Unknown model '{model}'.", VideoCatalog.Models);
        }

        var secondsText = request.Seconds ?? VideoCatalog.DefaultSeconds.ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(secondsText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !VideoCatalog.Seconds.Contains(seconds))
        {
            throw Rejected(ErrorCodes.SecondsUnsupported, $"Unsupported duration '{secondsText}' seconds.",
                VideoCatalog.Seconds.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToList());
        }

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
