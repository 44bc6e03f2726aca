using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Generation;

namespace SoraFunctions.Media.Tests;

public sealed class TalkingCueTests : MediaTest
{
    [Fact]
    public void Each_line_is_given_to_a_person_or_robot_in_the_scene()
    {
        var plan = ScenePlanner.Plan("A dog and a woman walk in a park. \"Good boy!\" \"Let's go home.\"", 8, 1);

        var woman = plan.Actors.ToList().FindIndex(s => s.Kind == ActorKind.Person);
        Assert.All(plan.Dialogue, line => Assert.Equal(woman, line.Speaker));
        Assert.Null(Assert.Single(ScenePlanner.Plan("A lonely beach. \"Hello?\"", 8, 1).Dialogue).Speaker);
    }

    [Fact]
    public async Task The_speech_envelope_follows_the_sound_frame_by_frame()
    {
        var wav = Path.Combine(Folder, "line.wav");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "aevalsrc='between(t,0.5,1)*0.5*sin(2*PI*300*t)':s=22050:d=1.5", "-c:a", "pcm_s16le", wav]);

        var envelope = SpeechEnvelope.PerFrame(wav, 24);

        Assert.Equal(36, envelope.Length);
        Assert.All(envelope[..11], level => Assert.True(level < 0.05));
        Assert.All(envelope[13..23], level => Assert.True(level > 0.9));
        Assert.All(envelope[26..], level => Assert.True(level < 0.05));
    }

    [Fact]
    public void A_speaker_opens_its_mouth_and_the_line_is_subtitled_only_while_it_is_heard()
    {
        var plan = ScenePlanner.Plan("A man stands in a field at noon, static shot. \"Hello there.\"", 4, 3);
        var open = Enumerable.Repeat(1f, 24).ToArray();
        SpeechTrack[] speech = [new(plan.Dialogue[0].Speaker, "Hello there.", 1, open)];
        using var silent = new SceneRenderer(plan, 320, 568);
        using var talking = new SceneRenderer(plan, 320, 568, speech);

        silent.Render(30);
        var quiet = silent.Pixels.ToArray();
        talking.Render(30);
        var speaking = talking.Pixels.ToArray();
        talking.Render(10);
        var before = talking.Pixels.ToArray();
        silent.Render(10);

        Assert.NotEqual(quiet, speaking);
        Assert.Equal(silent.Pixels.ToArray(), before);
        var bottom = speaking[((int)(568 * 0.85) * 320 * 4)..];
        Assert.Contains(bottom.Chunk(4), pixel => pixel[0] > 240 && pixel[1] > 240 && pixel[2] > 240);
    }
}
