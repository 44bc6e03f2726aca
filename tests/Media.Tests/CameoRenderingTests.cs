using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Generation;
using SoraFunctions.Media.Likeness;
using SoraFunctions.Tests.Shared.Cameos;

namespace SoraFunctions.Media.Tests;

/// <summary>The generator shows a cameo as the person: their reference face on the character, their voice for its lines.</summary>
public sealed class CameoRenderingTests : MediaTest
{
    [Fact]
    public void A_mentioned_cameo_is_cast_as_a_person_first_in_line_and_speaks_the_first_line()
    {
        var walkIn = ScenePlanner.Plan("@ann on a beach at sunset. \"Hello!\"", 4, 1);
        var takesPart = ScenePlanner.Plan("A dog and a woman walk in a park with @ann", 4, 1);

        Assert.Equal((ActorKind.Person, "ann", Actor.Walker), (walkIn.Actors[0].Kind, walkIn.Actors[0].Cameo, walkIn.Actors[0].Drawable));
        Assert.Equal(0, walkIn.Dialogue[0].Speaker);
        var woman = Assert.Single(takesPart.Actors, s => s.Kind == ActorKind.Person); // the woman is ann
        Assert.Equal("ann", woman.Cameo);
    }

    [Fact]
    public void The_cameo_s_reference_face_is_drawn_on_its_character()
    {
        var plan = ScenePlanner.Plan("@ann stands in a field at noon, static shot", 4, 3);
        var face = Path.Combine(Folder, "face.jpg");
        File.Copy(CameoRecordings.Julia.Path, face);
        using var plain = new SceneRenderer(plan, 320, 568);
        using var cast = new SceneRenderer(plan, 320, 568, faceFiles: new Dictionary<string, string> { ["ann"] = face });

        plain.Render(12);
        var without = plain.Pixels.ToArray();
        cast.Render(12);
        var changed = 0;
        for (var i = 0; i < without.Length; i += 4)
        {
            changed += Math.Abs(without[i] - cast.Pixels[i]) + Math.Abs(without[i + 1] - cast.Pixels[i + 1]) + Math.Abs(without[i + 2] - cast.Pixels[i + 2]) > 60 ? 1 : 0;
        }

        // The head is about 32×40 px at this size: most of it shows the photograph instead of a plain disc.
        Assert.InRange(changed, 400, 5000);
    }

    [Theory]
    [InlineData(105, 130)]
    [InlineData(140, 170)]
    [InlineData(215, 150)]
    public async Task A_cameo_s_lines_are_spoken_near_their_measured_pitch(double pitchHz, double wordsPerMinute)
    {
        var wav = Path.Combine(Folder, "line.wav");
        await Ffmpeg.RunToolAsync("espeak-ng", [.. ProceduralGenerator.VoiceArguments(new VoiceProfile(pitchHz, wordsPerMinute)), "-w", wav, "one two three four five six"]);
        var pcm = await Ffmpeg.RunForOutputAsync(["-i", wav, "-ac", "1", "-ar", "16000", "-f", "s16le", "-"]);

        var measured = VoicePitch.MedianHz(pcm, 16_000);

        Assert.InRange(measured, pitchHz * 0.85, pitchHz * 1.15);
    }
}
