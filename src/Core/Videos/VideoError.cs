namespace SoraFunctions.Core.Videos;

/// <summary>Why a video was refused or failed: a stable, hierarchical code and a message for people.</summary>
public sealed record VideoError(string Code, string Message);

/// <summary>Stable error codes. Clients branch on these; the messages may change.</summary>
public static class ErrorCodes
{
    public const string BodyMalformed = "VALIDATION.BODY.MALFORMED";
    public const string BodyTooLarge = "VALIDATION.BODY.TOO_LARGE";
    public const string PromptEmpty = "VALIDATION.PROMPT.EMPTY";
    public const string PromptTooLong = "VALIDATION.PROMPT.TOO_LONG";
    public const string PromptControlCharacters = "VALIDATION.PROMPT.CONTROL_CHARACTERS";
    public const string SeedOutOfRange = "VALIDATION.SEED.OUT_OF_RANGE";
    public const string OrderUnsupported = "VALIDATION.ORDER.UNSUPPORTED";
    public const string ModelUnknown = "VALIDATION.MODEL.UNKNOWN";
    public const string SecondsUnsupported = "VALIDATION.SECONDS.UNSUPPORTED";
    public const string SizeUnsupported = "VALIDATION.SIZE.UNSUPPORTED";
    public const string SizeNotForModel = "VALIDATION.SIZE.NOT_FOR_MODEL";
    public const string InputReferenceUnreadable = "VALIDATION.INPUT_REFERENCE.UNREADABLE";
    public const string InputReferenceTooLarge = "VALIDATION.INPUT_REFERENCE.TOO_LARGE";
    public const string GenerationWorkerCrashed = "GENERATION.WORKER_CRASHED";
    public const string GenerationInterrupted = "GENERATION.INTERRUPTED";
    public const string GenerationTimedOut = "GENERATION.TIMED_OUT";
    public const string GenerationFailed = "GENERATION.FAILED";
    /// <summary>The video server refused the request (a 4xx): asking again gets the same answer.</summary>
    public const string GenerationRefused = "GENERATION.REFUSED";
    /// <summary>The video server did not answer, after a few tries.</summary>
    public const string GenerationUnavailable = "GENERATION.UNAVAILABLE";
    /// <summary>The video server cannot cast the prompt's cameos.</summary>
    public const string GenerationCameosUnsupported = "GENERATION.CAMEOS_UNSUPPORTED";
    public const string PipelineFailed = "PIPELINE.FAILED";
    /// <summary>Publish could not embed the clip's Content Credentials (the signer stayed unavailable): nothing went out unlabelled.</summary>
    public const string PublishUnlabelled = "PUBLISH.UNLABELLED";
    /// <summary>The Content Credentials reader is unavailable for now: ask again in a moment.</summary>
    public const string CredentialsUnavailable = "CREDENTIALS.UNAVAILABLE";
    public const string IdempotencyKeyReused = "IDEMPOTENCY.KEY_REUSED";
    public const string StorageUnavailable = "STORAGE.UNAVAILABLE";
    public const string VideoRemoved = "VIDEO.REMOVED";
    public const string VideoNotFound = "VIDEO.NOT_FOUND";
    public const string VideoNotReady = "VIDEO.NOT_READY";
    public const string VideoCancelled = "VIDEO.CANCELLED";
    public const string VideoNotCancellable = "VIDEO.NOT_CANCELLABLE";
    public const string EditsMissing = "VALIDATION.EDITS.MISSING";
    public const string UploadUnreadable = "VALIDATION.VIDEO.UNREADABLE";
    public const string UploadTooLong = "VALIDATION.VIDEO.TOO_LONG";
    public const string UploadTooLarge = "VALIDATION.VIDEO.TOO_LARGE";
    /// <summary>An edit of an uploaded video asked for what only generation changes (a new subject, the time of day, the weather).</summary>
    public const string UploadNeedsGeneration = "EDIT.UPLOAD.NEEDS_GENERATION";
    public const string ExtensionTooLong = "VALIDATION.SECONDS.TOO_LONG";
    public const string CaptionInvalid = "VALIDATION.CAPTION.INVALID";
    public const string RemixTooDeep = "REMIX.TOO_DEEP";
    public const string RemixCameoNotPermitted = "REMIX.CAMEO_NOT_PERMITTED";
}

/// <summary>A request the service refuses, with the values it would have accepted.</summary>
public sealed class RequestRejectedException(VideoError error, IReadOnlyList<string>? allowed = null)
    : Exception(error.Message)
{
    public VideoError Error { get; } = error;

    public IReadOnlyList<string>? Allowed { get; } = allowed;
}

/// <summary>An idempotency key already used for a different request: retrying must repeat the request exactly.</summary>
public sealed class IdempotencyConflictException(string videoId)
    : Exception($"This Idempotency-Key was already used for a different request (video {videoId}).")
{
    public string VideoId { get; } = videoId;
}
