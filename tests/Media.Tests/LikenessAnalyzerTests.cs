using SkiaSharp;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Media.Likeness;
using SoraFunctions.Tests.Shared.Cameos;

namespace SoraFunctions.Media.Tests;

/// <summary>Recordings made once for every test of the class (each takes seconds to encode).</summary>
public sealed class CameoRecordingSet : IAsyncLifetime
{
    public const string Digits = "472916";

    private readonly string folder = Directory.CreateTempSubdirectory("sora-cameo-").FullName;

    public string TurningLeft => Path.Combine(folder, "left.mp4");

    public string TurningRight => Path.Combine(folder, "right.mp4");

    public string Still => Path.Combine(folder, "still.mp4");

    public string OtherPerson => Path.Combine(folder, "julia.webm");

    public string FourFaces => Path.Combine(folder, "four.mp4");

    public string NoFace => Path.Combine(folder, "fruit.mp4");

    public string Short => Path.Combine(folder, "short.mp4");

    public string Work(string name) => Path.Combine(folder, name);

    public async Task InitializeAsync()
    {
        await Task.WhenAll(
            CameoRecordings.MakeAsync(TurningLeft, CameoRecordings.Messi, Digits, HeadTurn.Left),
            CameoRecordings.MakeAsync(TurningRight, CameoRecordings.Messi, "305581", HeadTurn.Right, travel: 0.5),
            CameoRecordings.MakeAsync(Still, CameoRecordings.Messi, Digits, HeadTurn.Left, travel: 0),
            CameoRecordings.MakeAsync(OtherPerson, CameoRecordings.Julia, Digits, HeadTurn.Left),
            CameoRecordings.MakeAsync(FourFaces, CameoRecordings.FourFaces, Digits, HeadTurn.Left),
            CameoRecordings.MakeAsync(NoFace, CameoRecordings.Fruit, Digits, HeadTurn.Left),
            CameoRecordings.MakeAsync(Short, CameoRecordings.Messi, "47", HeadTurn.Left, seconds: 2));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The likeness analyzer on recordings of real photographs moved like a turning head, with digits spoken by espeak-ng,
/// through the rules verification applies.
/// </summary>
public sealed class LikenessAnalyzerTests(CameoRecordingSet recordings) : IClassFixture<CameoRecordingSet>
{
    private readonly LikenessAnalyzer analyzer = new(new LikenessOptions());

    [Fact]
    public async Task A_face_turning_the_asked_way_while_the_digits_are_read_passes_and_leaves_a_reference_and_a_voice()
    {
        var recording = await analyzer.ProbeAsync(recordings.TurningLeft, default);
        var face = await analyzer.TrackFaceAsync(recordings.TurningLeft, recordings.Work("left"), default);
        var heard = await analyzer.ListenAsync(recordings.TurningLeft, CameoRecordingSet.Digits.Length, default);

        Assert.Null(LikenessRules.CheckRecording(recording, CameoKind.Person));
        Assert.Null(LikenessRules.CheckFace(face, HeadTurn.Left));
        Assert.Equal(CameoCodes.ChallengeMismatch, LikenessRules.CheckFace(face, HeadTurn.Right)?.Code);
        Assert.True(face.FramesWithOneFace >= 0.9 * face.Frames, $"{face.FramesWithOneFace} of {face.Frames} frames show the face");
        Assert.Null(LikenessRules.CheckSpeech(heard, CameoRecordingSet.Digits));
        Assert.InRange(heard!.Voice.PitchHz, 80, 200); // espeak-ng's male voice
        Assert.InRange(heard.Voice.WordsPerMinute, 85, 120); // 150 words a minute with a fifth of a second between digits: about 100
        var reference = await new FfmpegMediaEngine().ReadImageAsync(face.ReferenceImage!, Core.Videos.VideoCatalog.MaxInputPixels, default);
        Assert.False(reference.Bytes.IsEmpty);
    }

    [Fact]
    public async Task A_turn_to_the_right_is_told_from_one_to_the_left()
    {
        var face = await analyzer.TrackFaceAsync(recordings.TurningRight, recordings.Work("right"), default);

        Assert.Null(LikenessRules.CheckFace(face, HeadTurn.Right));
        Assert.Equal(CameoCodes.ChallengeMismatch, LikenessRules.CheckFace(face, HeadTurn.Left)?.Code);
    }

    [Fact]
    public async Task A_still_picture_is_not_live()
    {
        var face = await analyzer.TrackFaceAsync(recordings.Still, recordings.Work("still"), default);

        Assert.Equal(CameoCodes.NotLive, LikenessRules.CheckFace(face, HeadTurn.Left)?.Code);
    }

    [Fact]
    public async Task No_face_and_several_faces_are_refused()
    {
        var none = await analyzer.TrackFaceAsync(recordings.NoFace, recordings.Work("fruit"), default);
        var several = await analyzer.TrackFaceAsync(recordings.FourFaces, recordings.Work("four"), default);

        Assert.Equal(CameoCodes.NoFace, LikenessRules.CheckFace(none, HeadTurn.Left)?.Code);
        Assert.Null(none.ReferenceImage);
        Assert.Equal(CameoCodes.ManyFaces, LikenessRules.CheckFace(several, HeadTurn.Left)?.Code);
    }

    [Fact]
    public async Task A_pet_s_video_makes_a_character_cut_out_of_its_background_and_a_face_refuses_one()
    {
        var dog = recordings.Work("dog.mp4");
        await CameoRecordings.FilmAsync(dog, CameoRecordings.Dog);

        var pet = await analyzer.TrackFaceAsync(dog, recordings.Work("dog"), default);
        var person = await analyzer.TrackFaceAsync(recordings.OtherPerson, recordings.Work("person"), default);
        using var picture = SKBitmap.Decode(await analyzer.PictureAsync(dog, recordings.Work("dog"), default));

        Assert.Null(LikenessRules.CheckNoFace(pet));
        Assert.Equal(CameoCodes.CharacterHasFace, LikenessRules.CheckNoFace(person)?.Code);
        Assert.Null(LikenessRules.CheckRecording(await analyzer.ProbeAsync(dog, default), CameoKind.Character));
        // Cropped to the dog, with the car seat around it cut away: transparent corners, an opaque middle.
        Assert.InRange(Math.Max(picture.Width, picture.Height), 200, 512);
        Assert.Equal(0, picture.GetPixel(1, 1).Alpha);
        Assert.Equal(255, picture.GetPixel(picture.Width / 2, picture.Height / 2).Alpha);
    }

    [Fact]
    public async Task Digits_read_for_another_challenge_do_not_match()
    {
        var heard = await analyzer.ListenAsync(recordings.TurningRight, 6, default);

        Assert.Null(LikenessRules.CheckSpeech(heard, "305581"));
        Assert.Equal(CameoCodes.ChallengeMismatch, LikenessRules.CheckSpeech(heard, CameoRecordingSet.Digits)?.Code);
    }

    [Fact]
    public async Task One_face_recorded_twice_is_one_person_and_another_face_is_not()
    {
        var first = await analyzer.TrackFaceAsync(recordings.TurningLeft, recordings.Work("same-1"), default);
        var again = await analyzer.TrackFaceAsync(recordings.TurningRight, recordings.Work("same-2"), default);
        var other = await analyzer.TrackFaceAsync(recordings.OtherPerson, recordings.Work("other"), default); // WebM, as browsers record

        Assert.Equal(CameoCodes.DuplicatePerson, LikenessRules.CheckUnique(again.Descriptor!, [first.Descriptor!])?.Code);
        Assert.Null(LikenessRules.CheckUnique(other.Descriptor!, [first.Descriptor!, again.Descriptor!]));
        Assert.Null(LikenessRules.CheckFace(other, HeadTurn.Left));
    }

    [Fact]
    public async Task A_short_recording_and_a_file_that_is_not_a_video_are_refused_before_any_analysis()
    {
        var playlist = recordings.Work("playlist.mp4");
        await File.WriteAllTextAsync(playlist, "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n");

        Assert.Equal(CameoCodes.TooShort, LikenessRules.CheckRecording(await analyzer.ProbeAsync(recordings.Short, default), CameoKind.Person)?.Code);
        await Assert.ThrowsAsync<InvalidDataException>(() => analyzer.ProbeAsync(playlist, default));
        await Assert.ThrowsAsync<InvalidDataException>(() => analyzer.TrackFaceAsync(CameoRecordings.Messi.Path, recordings.Work("photo"), default));
    }
}
