using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Orchestrations.Cameos;

/// <summary>A recording in a video container the analyzer reads: a person's with a picture and sound, 3–10 s long; a character's with a picture, 1–10 s.</summary>
public sealed class CheckRecordingActivity(ILikenessAnalyzer analyzer, ICameoStore cameos, IClipStore clips, DataFolder data) : Activity<string, VideoError?>
{
    public override async Task<VideoError?> RunAsync(TaskActivityContext context, string cameoId)
    {
        var cameo = await CameoFiles.CameoAsync(cameos, cameoId, context.CancellationToken);
        var recording = await CameoFiles.RecordingAsync(clips, data, cameoId, context.CancellationToken);
        try
        {
            return LikenessRules.CheckRecording(await analyzer.ProbeAsync(recording, context.CancellationToken), cameo.Kind);
        }
        catch (InvalidDataException unreadable)
        {
            return new VideoError(CameoCodes.RecordingInvalid, unreadable.Message);
        }
    }
}

/// <summary>
/// One live face, turning the way the challenge asked; its clearest frontal view is kept in the clip store as the
/// cameo's reference face.
/// </summary>
public sealed class CheckFaceActivity(ILikenessAnalyzer analyzer, ICameoStore cameos, IClipStore clips, DataFolder data) : Activity<string, FaceCheck>
{
    public override async Task<FaceCheck> RunAsync(TaskActivityContext context, string cameoId)
    {
        var cameo = await CameoFiles.CameoAsync(cameos, cameoId, context.CancellationToken);
        var recording = await CameoFiles.RecordingAsync(clips, data, cameoId, context.CancellationToken);
        var track = await analyzer.TrackFaceAsync(recording, Path.Combine(data.WorkFolder(cameoId), "face"), context.CancellationToken);
        if (LikenessRules.CheckFace(track, cameo.Turn ?? throw new InvalidOperationException($"Cameo {cameoId} answers no challenge.")) is { } refused)
        {
            return new FaceCheck(refused, null, null);
        }

        if (track is not { ReferenceImage: { } image, Descriptor: { } face })
        {
            return new FaceCheck(new VideoError(CameoCodes.NoFace, "No face was clear enough to keep."), null, null);
        }

        var reference = $"{Cameo.FolderOf(cameoId)}/face.jpg";
        await clips.PutFileAsync(reference, image, context.CancellationToken);
        return new FaceCheck(null, reference, face);
    }
}

/// <summary>
/// A character shows no face (else it is refused: a likeness is made only through the challenge); its picture, cut out
/// of the clearest frame, is kept in the clip store.
/// </summary>
public sealed class PictureCharacterActivity(ILikenessAnalyzer analyzer, IClipStore clips, DataFolder data) : Activity<string, FaceCheck>
{
    public override async Task<FaceCheck> RunAsync(TaskActivityContext context, string cameoId)
    {
        var recording = await CameoFiles.RecordingAsync(clips, data, cameoId, context.CancellationToken);
        var scratch = Path.Combine(data.WorkFolder(cameoId), "picture");
        if (LikenessRules.CheckNoFace(await analyzer.TrackFaceAsync(recording, scratch, context.CancellationToken)) is { } refused)
        {
            return new FaceCheck(refused, null, null);
        }

        var reference = $"{Cameo.FolderOf(cameoId)}/picture.png";
        await clips.PutFileAsync(reference, await analyzer.PictureAsync(recording, scratch, context.CancellationToken), context.CancellationToken);
        return new FaceCheck(null, reference, null);
    }
}

/// <summary>The challenge's digits, read aloud; the voice that read them is measured for the cameo's voice profile.</summary>
public sealed class CheckSpeechActivity(ILikenessAnalyzer analyzer, ICameoStore cameos, IClipStore clips, DataFolder data) : Activity<string, SpeechCheck>
{
    public override async Task<SpeechCheck> RunAsync(TaskActivityContext context, string cameoId)
    {
        var cameo = await CameoFiles.CameoAsync(cameos, cameoId, context.CancellationToken);
        var recording = await CameoFiles.RecordingAsync(clips, data, cameoId, context.CancellationToken);
        var digits = cameo.Digits ?? throw new InvalidOperationException($"Cameo {cameoId} answers no challenge.");
        var heard = await analyzer.ListenAsync(recording, digits.Length, context.CancellationToken);
        return new SpeechCheck(LikenessRules.CheckSpeech(heard, digits), heard?.Voice);
    }
}

/// <summary>The recording's frames screened like any input image, under its owner's age rules.</summary>
public sealed class ScreenRecordingActivity(
    ContentScreener screener, IMediaEngine media, ICameoStore cameos, IMemberStore members, IClipStore clips, DataFolder data, TimeProvider time)
    : Activity<string, VideoError?>
{
    public override async Task<VideoError?> RunAsync(TaskActivityContext context, string cameoId)
    {
        var cameo = await CameoFiles.CameoAsync(cameos, cameoId, context.CancellationToken);
        var age = (await members.GetAsync(cameo.OwnerId, context.CancellationToken))?.AgeOn(time.GetUtcNow());
        var recording = await CameoFiles.RecordingAsync(clips, data, cameoId, context.CancellationToken);
        var frames = await media.SampleFramesAsync(recording, Path.Combine(data.WorkFolder(cameoId), "frames"), context.CancellationToken);
        var result = ScreeningResult.Allowed;
        foreach (var frame in frames)
        {
            result = result.Merge(await screener.ScreenImageAsync(frame, ContentScreener.InputImage, age, context.CancellationToken));
        }

        return result.ToError();
    }
}

/// <summary>One person, one cameo: the face must not be another member's active cameo's.</summary>
public sealed class CheckUniqueActivity(ICameoStore cameos) : Activity<CheckUniqueInput, VideoError?>
{
    public override async Task<VideoError?> RunAsync(TaskActivityContext context, CheckUniqueInput input)
    {
        var cameo = await CameoFiles.CameoAsync(cameos, input.CameoId, context.CancellationToken);
        var others = (await cameos.ListFacesAsync(context.CancellationToken)).Where(other => other.OwnerId != cameo.OwnerId);
        return LikenessRules.CheckUnique(input.Face, others.Select(other => other.Face));
    }
}

/// <summary>
/// Makes the cameo active with its reference face, voice and descriptor (a character with its picture alone), and
/// announces it (<c>Cameo.Verified</c>); a cameo deleted meanwhile, or a person's second cameo of its owner activated
/// first, is not. Safe to repeat.
/// </summary>
public sealed class ActivateCameoActivity(ICameoStore cameos, DataFolder data, TimeProvider time) : Activity<ActivateCameoInput, VideoError?>
{
    public override async Task<VideoError?> RunAsync(TaskActivityContext context, ActivateCameoInput input)
    {
        var cameo = await CameoFiles.CameoAsync(cameos, input.CameoId, context.CancellationToken);
        if (cameo.Status != CameoStatus.Verifying)
        {
            return cameo.IsActive ? null : new VideoError(CameoCodes.Deleted, "The cameo was deleted while it was verified.");
        }

        if (cameo.Kind == CameoKind.Person
            && (await cameos.ListByOwnerAsync(cameo.OwnerId, context.CancellationToken)).Any(other => other.IsActive && other.Kind == CameoKind.Person && other.Id != cameo.Id))
        {
            return new VideoError(CameoCodes.Exists, "You have a cameo already; delete it before recording another.");
        }

        var now = time.GetUtcNow();
        cameo.MarkVerified(input.Reference, input.Voice, input.Face, now);
        await cameos.SaveAsync(cameo, [CameoEvents.Verified(cameo, now)], context.CancellationToken);
        CameoFiles.RemoveScratch(data, input.CameoId);
        return null;
    }
}

/// <summary>Fails a cameo still being verified with the refusal's code, and deletes its recording and face: nothing of a refused likeness is kept.</summary>
public sealed class FailCameoActivity(ICameoStore cameos, IClipStore clips, DataFolder data) : Activity<FailCameoInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, FailCameoInput input)
    {
        var cameo = await CameoFiles.CameoAsync(cameos, input.CameoId, context.CancellationToken);
        if (cameo.Status == CameoStatus.Verifying)
        {
            cameo.MarkFailed(input.Error);
            await cameos.SaveAsync(cameo, [], context.CancellationToken);
        }

        if (!cameo.IsActive)
        {
            await clips.DeleteFolderAsync(Cameo.FolderOf(input.CameoId), context.CancellationToken);
        }

        CameoFiles.RemoveScratch(data, input.CameoId);
        return true;
    }
}

internal static class CameoFiles
{
    public static async Task<Cameo> CameoAsync(ICameoStore cameos, string cameoId, CancellationToken cancellation) =>
        await cameos.GetAsync(cameoId, cancellation) ?? throw new InvalidOperationException($"Cameo {cameoId} has no record.");

    /// <summary>The recording on this machine, fetched from the clip store when it is not here (steps may run on different machines).</summary>
    public static async Task<string> RecordingAsync(IClipStore clips, DataFolder data, string cameoId, CancellationToken cancellation)
    {
        var path = Path.Combine(data.WorkFolder(cameoId), "recording");
        return File.Exists(path) ? path : await clips.CopyToFileAsync(Cameo.RecordingOf(cameoId), path, cancellation);
    }

    public static void RemoveScratch(DataFolder data, string cameoId)
    {
        if (Directory.Exists(data.WorkFolder(cameoId)))
        {
            Directory.Delete(data.WorkFolder(cameoId), recursive: true);
        }
    }
}
