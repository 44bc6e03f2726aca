using SoraFunctions.Core.Cameos;

namespace SoraFunctions.Core.Tests;

public sealed class LikenessRulesTests
{
    [Theory]
    [InlineData(2.9, true, true, CameoCodes.TooShort)]
    [InlineData(3.0, true, true, null)]
    [InlineData(10.0, true, true, null)]
    [InlineData(10.1, true, true, CameoCodes.TooLong)]
    [InlineData(5, false, true, CameoCodes.NoFace)]
    [InlineData(5, true, false, CameoCodes.ChallengeMismatch)]
    public void A_recording_lasts_3_to_10_seconds_with_picture_and_sound(double seconds, bool picture, bool sound, string? code) =>
        Assert.Equal(code, LikenessRules.CheckRecording(new RecordingInfo(seconds, picture, sound), CameoKind.Person)?.Code);

    [Theory]
    [InlineData(40, 24, 0, 0.8, 3.0, null)] // 60 % of frames show the face
    [InlineData(40, 23, 0, 0.8, 3.0, CameoCodes.NoFace)]
    [InlineData(40, 20, 10, 0.8, 3.0, null)] // a quarter with a second face
    [InlineData(40, 19, 11, 0.8, 3.0, CameoCodes.ManyFaces)]
    [InlineData(40, 40, 0, 0.8, 0.0, CameoCodes.NotLive)] // moved, but not one pixel of the face changed
    [InlineData(40, 40, 0, 0.1, 3.0, CameoCodes.NotLive)] // no turn
    [InlineData(40, 40, 0, -0.8, 3.0, CameoCodes.ChallengeMismatch)] // the other way
    [InlineData(0, 0, 0, 0, 0, CameoCodes.NoFace)]
    public void A_face_in_most_frames_alone_turns_the_asked_way(int frames, int one, int many, double travel, double change, string? code) =>
        Assert.Equal(code, LikenessRules.CheckFace(new FaceTrack(frames, one, many, travel, change, null, null), HeadTurn.Left)?.Code);

    [Theory]
    [InlineData("472916", null)]
    [InlineData("472910", null)] // one digit misheard
    [InlineData("472810", CameoCodes.ChallengeMismatch)]
    [InlineData("47291", CameoCodes.ChallengeMismatch)]
    public void The_digits_heard_are_the_challenges_but_for_one(string heard, string? code) =>
        Assert.Equal(code, LikenessRules.CheckSpeech(new SpokenDigits(heard, new VoiceProfile(120, 150)), "472916")?.Code);

    [Fact]
    public void Nothing_heard_is_a_mismatch() =>
        Assert.Equal(CameoCodes.ChallengeMismatch, LikenessRules.CheckSpeech(null, "472916")?.Code);

    [Fact]
    public void Descriptors_are_compared_by_chi_square_and_one_close_enough_is_the_same_person()
    {
        var face = new FaceDescriptor([0.5f, 0.5f, 0f]);
        var close = new FaceDescriptor([0.4f, 0.6f, 0f]);

        Assert.Equal(0, face.DistanceTo(face));
        Assert.Equal(face.DistanceTo(close), close.DistanceTo(face), 6);
        Assert.Equal(0.01 / 0.9 + 0.01 / 1.1, face.DistanceTo(close), 6);
        Assert.Equal(double.PositiveInfinity, face.DistanceTo(new FaceDescriptor([1f])));
        Assert.Equal(CameoCodes.DuplicatePerson, LikenessRules.CheckUnique(face, [close])?.Code);
        Assert.Null(LikenessRules.CheckUnique(face, []));
    }
}
