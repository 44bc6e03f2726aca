using SkiaSharp;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Generation;
using SoraFunctions.Media.Likeness;
using SoraFunctions.Tests.Shared.Cameos;

namespace SoraFunctions.Media.Tests;

/// <summary>
/// The generator shows a cameo as the person: their reference face on the character, their voice for its lines; and a
/// character as itself, in its own picture.
/// </summary>
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

    [Fact]
    public void A_character_is_an_actor_of_its_own_that_no_person_wears_and_its_picture_is_drawn()
    {
        var withGirl = ScenePlanner.Plan("A girl plays with @rex in a park", 4, 1, ["rex"]);
        var alone = ScenePlanner.Plan("@rex stands in a field at noon, static shot", 4, 3, ["rex"]);
        var picture = Path.Combine(Folder, "rex.png");
        using (var bitmap = new SKBitmap(200, 300))
        {
            bitmap.Erase(new SKColor(200, 30, 160));
            using var file = File.Create(picture);
            bitmap.Encode(file, SKEncodedImageFormat.Png, 100);
        }

        using var plain = new SceneRenderer(alone, 320, 568);
        using var cast = new SceneRenderer(alone, 320, 568, characterFiles: new Dictionary<string, string> { ["rex"] = picture });
        plain.Render(12);
        cast.Render(12);
        var magenta = 0;
        for (var i = 0; i < cast.Pixels.Length; i += 4)
        {
            magenta += Math.Abs(cast.Pixels[i] - 160) + Math.Abs(cast.Pixels[i + 1] - 30) + Math.Abs(cast.Pixels[i + 2] - 200) < 90 ? 1 : 0;
        }

        Assert.Null(Assert.Single(withGirl.Actors, actor => actor.Kind == ActorKind.Person && actor.Cameo is null).Cameo); // the girl is herself
        Assert.Single(withGirl.Actors, actor => actor.Cameo == "rex");
        Assert.Equal(("rex", Actor.Walker), (alone.Actors[0].Cameo, alone.Actors[0].Drawable));
        // In the walker's place (about 150×225 px at this size, shaded by the light) the picture shows; nothing like it without.
        Assert.InRange(magenta, 2000, 40000);
        Assert.NotEqual(plain.Pixels.ToArray(), cast.Pixels.ToArray());
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
