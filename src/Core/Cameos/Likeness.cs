using System.Text.Json.Serialization;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Cameos;

/// <summary>The way a challenge asks the member to turn their head: to their own left or right.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HeadTurn>))]
public enum HeadTurn
{
    Left,
    Right,
}

public static class CameoCodes
{
    public const string NoFace = "CAMEO.NO_FACE";
    public const string ManyFaces = "CAMEO.MANY_FACES";
    public const string NotLive = "CAMEO.NOT_LIVE";
    public const string ChallengeMismatch = "CAMEO.CHALLENGE_MISMATCH";
    public const string ChallengeExpired = "CAMEO.CHALLENGE_EXPIRED";
    public const string DuplicatePerson = "CAMEO.DUPLICATE_PERSON";
    public const string TooShort = "CAMEO.TOO_SHORT";
    public const string TooLong = "CAMEO.TOO_LONG";
    public const string RecordingInvalid = "CAMEO.RECORDING_INVALID";
    public const string NotFound = "CAMEO.NOT_FOUND";
    public const string NameInvalid = "CAMEO.NAME_INVALID";
    public const string ChallengeUnknown = "CAMEO.CHALLENGE_UNKNOWN";
    public const string HandleInvalid = "CAMEO.HANDLE_INVALID";
    public const string HandleTaken = "CAMEO.HANDLE_TAKEN";
    /// <summary>A character's video shows a face: a person's likeness is made only from a recording that answers a challenge.</summary>
    public const string CharacterHasFace = "CAMEO.CHARACTER_HAS_FACE";
    public const string TooManyCharacters = "CAMEO.TOO_MANY_CHARACTERS";
    public const string ChallengeUsed = "CAMEO.CHALLENGE_USED";
    public const string Exists = "CAMEO.EXISTS";
    public const string PermissionInvalid = "CAMEO.PERMISSION_INVALID";
    public const string PermissionForMinor = "CAMEO.PERMISSION_MINOR";
    public const string TooManyApproved = "CAMEO.TOO_MANY_APPROVED";
    public const string PreferencesInvalid = "CAMEO.PREFERENCES_INVALID";
    public const string PreferenceConflict = "CAMEO.PREFERENCE_CONFLICT";
    public const string TooMany = "CAMEO.TOO_MANY";
    public const string ConsentRevoked = "CAMEO.CONSENT_REVOKED";
    public const string ReviewDeclined = "CAMEO.REVIEW_DECLINED";
    public const string ReviewExpired = "CAMEO.REVIEW_EXPIRED";
    public const string ReviewNotPending = "CAMEO.REVIEW_NOT_PENDING";
    public const string TakenDown = "CAMEO.TAKEN_DOWN";
    public const string Deleted = "CAMEO.DELETED";
}

/// <summary>What a recording is: its length and whether it has a picture and sound.</summary>
public sealed record RecordingInfo(double Seconds, bool HasPicture, bool HasSound);

/// <summary>
/// The faces the analyzer found in a recording's sampled frames, and where the face went: <see cref="Travel"/> is the
/// face's horizontal movement from the first frames to the last, in face widths, positive towards the picture's right;
/// <see cref="Change"/> is how much the face's pixels changed between sampled frames (0 for a still picture). The
/// reference image (the clearest frontal face) and its descriptor are kept when a face was found.
/// </summary>
public sealed record FaceTrack(
    int Frames, int FramesWithOneFace, int FramesWithManyFaces, double Travel, double Change, string? ReferenceImage, FaceDescriptor? Descriptor);

/// <summary>How a voice sounds, measured from a recording: its median pitch and its speaking rate.</summary>
public sealed record VoiceProfile(double PitchHz, double WordsPerMinute);

/// <summary>The digits heard in a recording (as a string of 0–9), and the voice that spoke them.</summary>
public sealed record SpokenDigits(string Digits, VoiceProfile Voice);

/// <summary>
/// The face and voice analysis behind cameo verification. Paths are local files; a recording that is not a video in a
/// supported container throws <see cref="InvalidDataException"/>.
/// </summary>
public interface ILikenessAnalyzer
{
    Task<RecordingInfo> ProbeAsync(string recording, CancellationToken cancellation);

    /// <summary>Finds the faces in the recording's frames; the reference image is written into <paramref name="folder"/>.</summary>
    Task<FaceTrack> TrackFaceAsync(string recording, string folder, CancellationToken cancellation);

    /// <summary>Listens for exactly <paramref name="count"/> spoken digits (null when no speech was recognized).</summary>
    Task<SpokenDigits?> ListenAsync(string recording, int count, CancellationToken cancellation);

    /// <summary>A character's picture cut out of the recording's clearest frame (a PNG with transparency), written into <paramref name="folder"/>.</summary>
    Task<string> PictureAsync(string recording, string folder, CancellationToken cancellation);
}

/// <summary>
/// A face's appearance as local binary pattern histograms over a grid of cells of the aligned face (OpenCV's LBPH
/// features), compared by the chi-square distance. Lower is more alike.
/// </summary>
public sealed record FaceDescriptor(float[] Histogram)
{
    public double DistanceTo(FaceDescriptor other)
    {
        if (other.Histogram.Length != Histogram.Length)
        {
            return double.PositiveInfinity;
        }

        var sum = 0.0;
        for (var i = 0; i < Histogram.Length; i++)
        {
            var total = Histogram[i] + other.Histogram[i];
            if (total > 0)
            {
                var difference = Histogram[i] - other.Histogram[i];
                sum += difference * difference / total;
            }
        }

        return sum;
    }
}

/// <summary>
/// The rules a recording must meet, applied to what the analyzer measured. Each returns the first failure, or null.
/// </summary>
public static class LikenessRules
{
    public const double MinimumSeconds = 3;
    public const double MaximumSeconds = 10;

    /// <summary>Of the sampled frames, the share that must show a face, and the share that may show several.</summary>
    public const double FaceShare = 0.6;
    public const double ManyFacesShare = 0.25;

    /// <summary>How far the face must travel the asked way, in face widths, and how much its pixels must change.</summary>
    public const double MinimumTravel = 0.25;
    public const double MinimumChange = 1.0;

    /// <summary>Of the digits asked for, how many may be misheard (speech recognition is not perfect; a recording made for another challenge gets most wrong).</summary>
    public const int MisheardDigits = 1;

    /// <summary>
    /// Descriptors closer than this are taken for one person. Measured (bench/Cameo, five photographed faces recorded
    /// three ways each): one face's recordings at most 10.5 apart, different faces' at least 45.9. Those recordings
    /// share one photograph; a person recorded again in other light, pose or expression varies far more, and local
    /// binary patterns are known to be fragile there, so this check stops a re-recording of the same face, not a
    /// determined impostor.
    /// </summary>
    public const double SamePersonDistance = 25;

    /// <summary>A character's video may be short and silent: it only has to show the character.</summary>
    public const double MinimumCharacterSeconds = 1;

    /// <summary>The share of a character's sampled frames in which a face may be seen (a face-like pattern now and then is no person).</summary>
    public const double CharacterFaceShare = 0.2;

    public static VideoError? CheckRecording(RecordingInfo recording, CameoKind kind)
    {
        var minimum = kind == CameoKind.Character ? MinimumCharacterSeconds : MinimumSeconds;
        return !recording.HasPicture ? new VideoError(kind == CameoKind.Character ? CameoCodes.RecordingInvalid : CameoCodes.NoFace, "The recording has no picture.")
            : !recording.HasSound && kind == CameoKind.Person ? new VideoError(CameoCodes.ChallengeMismatch, "The recording has no sound: read the digits aloud.")
            : recording.Seconds < minimum ? new VideoError(CameoCodes.TooShort, $"The recording lasts {recording.Seconds:0.#} s; record at least {minimum:0} s.")
            : recording.Seconds > MaximumSeconds ? new VideoError(CameoCodes.TooLong, $"The recording lasts {recording.Seconds:0.#} s; record at most {MaximumSeconds:0} s.")
            : null;
    }

    /// <summary>
    /// A character is no person: a face in more than <see cref="CharacterFaceShare"/> of the frames refuses it, pointing
    /// at the cameo challenge, the only way a likeness is made.
    /// </summary>
    public static VideoError? CheckNoFace(FaceTrack track) =>
        track.FramesWithOneFace + track.FramesWithManyFaces > CharacterFaceShare * Math.Max(1, track.Frames)
            ? new VideoError(CameoCodes.CharacterHasFace,
                $"A face was seen in {track.FramesWithOneFace + track.FramesWithManyFaces} of {track.Frames} frames. A character is no person (a pet, a mascot, "
                + "an object); a person's likeness is a cameo, made from a recording that answers a liveness challenge: ask POST "
                + "/v1/videos/characters/challenges for one, record what it asks, and send its challenge_id with the video.")
            : null;

    /// <summary>
    /// A face in most frames, one at a time, and a live head turning the asked way. The member turning to their own
    /// left moves their face towards the right of an unmirrored camera's picture.
    /// </summary>
    public static VideoError? CheckFace(FaceTrack track, HeadTurn asked)
    {
        var withFace = track.FramesWithOneFace + track.FramesWithManyFaces;
        if (track.Frames == 0 || withFace < FaceShare * track.Frames)
        {
            return new VideoError(CameoCodes.NoFace, $"A face was seen in {withFace} of {track.Frames} frames; keep your face in the picture.");
        }

        if (track.FramesWithManyFaces > ManyFacesShare * track.Frames)
        {
            return new VideoError(CameoCodes.ManyFaces, $"Several faces were seen in {track.FramesWithManyFaces} of {track.Frames} frames; record yourself alone.");
        }

        var travel = asked == HeadTurn.Left ? track.Travel : -track.Travel;
        if (track.Change < MinimumChange || Math.Abs(track.Travel) < MinimumTravel)
        {
            return new VideoError(CameoCodes.NotLive, "The face did not move: turn your head as the challenge asks, live.");
        }

        return travel < MinimumTravel
            ? new VideoError(CameoCodes.ChallengeMismatch, $"The head turned the other way; the challenge asked you to turn to your {asked.ToString().ToLowerInvariant()}.")
            : null;
    }

    public static VideoError? CheckSpeech(SpokenDigits? heard, string asked)
    {
        if (heard is null)
        {
            return new VideoError(CameoCodes.ChallengeMismatch, "No digits were heard: read the challenge's digits aloud.");
        }

        var misheard = heard.Digits.Length != asked.Length ? asked.Length : asked.Zip(heard.Digits).Count(pair => pair.First != pair.Second);
        return misheard > MisheardDigits
            ? new VideoError(CameoCodes.ChallengeMismatch, "The digits heard are not the challenge's: read the digits shown for this recording.")
            : null;
    }

    /// <summary>The recording's face must not be one another member's cameo already shows: one person, one cameo.</summary>
    public static VideoError? CheckUnique(FaceDescriptor face, IEnumerable<FaceDescriptor> others) =>
        others.Any(other => face.DistanceTo(other) < SamePersonDistance)
            ? new VideoError(CameoCodes.DuplicatePerson, "This face already has a cameo; one person has one cameo.")
            : null;
}
