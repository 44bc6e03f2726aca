using SkiaSharp;
using SoraFunctions.Media.Generation;
using SoraFunctions.Media.Generation.Drawing;

namespace SoraFunctions.Media.Tests;

/// <summary>
/// Rendered checks on real frames: the named subject is on screen and takes its share of it through the clip (by the
/// renderer's own layout, and on the picture: the frame differs where it is drawn), a flip turns a full circle, a room
/// has no sky, a dim room is dark and a spotlight is a bright disc.
/// </summary>
public sealed class SceneRenderingTests
{
    private const int Width = 180;
    private const int Height = 320;

    public static TheoryData<string> Examples =>
    [
        "A jazz band performing in a dimly lit club, spotlight on the saxophone player",
        "A steaming cup of coffee on a wooden table, morning sunlight through a window",
        "A gymnast flipping on a balance beam",
        "A skateboarder does a backflip",
        "A man jumps off a diving board doing a cannonball",
        "A man playing trumpet in the middle of a zebra herd",
        "Two friends arm wrestling at a kitchen table",
        "A golden retriever runs along a beach at sunset, the camera pans right",
        "A rainy neon city street at night, a woman with an umbrella walks past",
        "A fox trots through a snowy forest at dawn",
        "Three kids fly a kite on a windy hill",
        "An owl sits on a branch at night under a full moon",
    ];

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_named_subject_is_on_screen_and_drawn_where_the_layout_says_in_nine_frames_of_ten(string prompt)
    {
        var plan = ScenePlanner.Plan(prompt, 4, 7);
        using var renderer = new SceneRenderer(plan, Width, Height);
        var frames = Enumerable.Range(0, renderer.FrameCount).Where(frame => frame % 4 == 0).ToList();
        var screen = new SKRect(0, 0, Width, Height);

        var shown = frames.Count(frame => renderer.BoxAt(0, frame) is { } box && Visible(box, screen) is var seen
            && seen.Width * seen.Height >= 0.01f * Width * Height && seen.Width * seen.Height >= 0.5f * box.Width * box.Height);
        Assert.True(shown >= 0.9 * frames.Count, $"the subject is in shot in {shown} of {frames.Count} frames");

        // On the picture: where the layout puts it, the frame with it differs from the frame without it.
        var drawn = frames.Where((_, i) => i % 6 == 1).Count(frame =>
        {
            var box = Visible(renderer.BoxAt(0, frame)!.Value, screen);
            renderer.Render(frame);
            var with = renderer.Pixels.ToArray();
            renderer.Render(frame, leaveOut: 0);
            var without = renderer.Pixels.ToArray();
            var (changed, total) = (0, 0);
            for (var y = (int)box.Top; y < (int)box.Bottom; y++)
            {
                for (var x = (int)box.Left; x < (int)box.Right; x++)
                {
                    var i = (y * Width + x) * 4;
                    total++;
                    changed += Math.Abs(with[i] - without[i]) + Math.Abs(with[i + 1] - without[i + 1]) + Math.Abs(with[i + 2] - without[i + 2]) > 30 ? 1 : 0;
                }
            }

            return changed >= 0.1 * total;
        });
        Assert.True(drawn >= 3, $"the subject shows in its box in {drawn} of 4 sampled frames");
    }

    [Fact]
    public void A_flip_turns_a_full_circle_through_the_air_and_lands()
    {
        var turns = Enumerable.Range(0, 101).Select(i => ActorMotion.Flip(100, 1, ActorMotion.FlipPeriod * i / 100f)).ToList();

        Assert.InRange(turns.Min(pose => pose.Turn), -360, -350);
        Assert.True(turns.Zip(turns.Skip(1)).All(pair => pair.Second.Turn <= pair.First.Turn || pair.Second.Turn == 0), "the turn goes one way");
        Assert.True(turns.Min(pose => pose.Dy) < -50, "it leaves the ground");
        Assert.Equal(0, turns[^1].Dy);

        // On the picture: halfway round, the gymnast is her first pose upside down.
        var plan = ScenePlanner.Plan("A gymnast flipping on a balance beam, static shot", 4, 7);
        using var renderer = new SceneRenderer(plan, Width, Height);
        var start = Mask(renderer, FrameAt(0.2f * ActorMotion.FlipPeriod));
        var half = Mask(renderer, FrameAt((0.2f + 0.55f / 2) * ActorMotion.FlipPeriod));
        Assert.True(Overlap(half, Rotated(start)) > Overlap(half, start) + 0.1, "halfway through the flip the figure is upside down");
    }

    [Fact]
    public void A_kite_that_flies_by_itself_is_in_the_sky_and_one_lying_on_the_sand_is_on_the_ground()
    {
        SKRect BoxOf(string prompt)
        {
            using var renderer = new SceneRenderer(ScenePlanner.Plan(prompt, 4, 7), Width, Height);
            return renderer.BoxAt(0, 0)!.Value;
        }

        Assert.True(BoxOf("A red kite flies over a beach at noon").Bottom < Height * 0.5f, "the flying kite is in the upper half");
        Assert.True(BoxOf("A red kite lies on a beach at noon").Top > Height * 0.5f, "the kite on the sand is in the lower half");

        // A remix that names it again keeps it flying.
        var remix = ScenePlanner.Plan(["A red kite flies over a beach at noon", "the same kite at night"], 4, 7);
        Assert.Equal((Motion.Fly, TimeOfDay.Night), (Assert.Single(remix.Actors).Motion, remix.TimeOfDay));
    }

    [Fact]
    public void A_room_shows_no_sky_and_a_park_does()
    {
        Assert.True(SkyShare("A man reads a book in a library") < 0.02);
        Assert.True(SkyShare("A man reads a book in a park at noon") > 0.3);
    }

    [Fact]
    public void A_dim_room_is_measurably_dark()
    {
        Assert.True(Brightness("A woman reads in a dimly lit room") < 0.6 * Brightness("A woman reads in a room"));
    }

    [Fact]
    public void A_spotlight_is_a_bright_disc_in_the_dark()
    {
        var plan = ScenePlanner.Plan("A singer stands on a stage, spotlight on the singer, static shot", 4, 7);
        using var renderer = new SceneRenderer(plan, Width, Height);
        renderer.Render(12);
        var box = renderer.BoxAt(0, 12)!.Value;
        var pixels = renderer.Pixels.ToArray();
        double Luma(int x, int y) => (pixels[(y * Width + x) * 4] + pixels[(y * Width + x) * 4 + 1] + pixels[(y * Width + x) * 4 + 2]) / 3.0;
        var y = (int)Math.Min(box.Bottom, Height - 2);
        var disc = Enumerable.Range((int)(box.MidX - box.Width * 0.3f), (int)(box.Width * 0.6f)).Average(x => Luma(Math.Clamp(x, 0, Width - 1), y));
        var away = new[] { 2, 3, 4, Width - 5, Width - 4, Width - 3 }.Where(x => Math.Abs(x - box.MidX) > box.Width).Average(x => Luma(x, y));

        Assert.True(disc > 150 && disc > 2.5 * away, $"the disc's brightness {disc:0}, beside it {away:0}");
    }

    /// <summary>
    /// Every prompt of both labelled sets lays out and draws in each shape a clip can have (a landscape frame's ground
    /// and water are shallow, a portrait's narrow), at the start, middle and end of the clip.
    /// </summary>
    [Theory]
    [InlineData(96, 170)]
    [InlineData(170, 96)]
    [InlineData(128, 128)]
    public void Every_labelled_prompt_draws_in_every_shape(int width, int height)
    {
        var prompts = new[] { "scenes.tsv", "scenes-holdout.tsv" }
            .SelectMany(set => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", set)))
            .Where(line => !line.StartsWith('#') && line.Contains('\t'))
            .Select(line => line.Split('\t')[0]);
        foreach (var prompt in prompts)
        {
            using var renderer = new SceneRenderer(ScenePlanner.Plan(prompt, 4, 11), width, height);
            foreach (var frame in new[] { 0, renderer.FrameCount / 2, renderer.FrameCount - 1 })
            {
                renderer.Render(frame);
            }

            Assert.True(renderer.Pixels.ToArray().Distinct().Count() > 16, $"a picture, not a blank, for \"{prompt}\" at {width}x{height}");
        }
    }

    private static int FrameAt(float seconds) => (int)MathF.Round(seconds * SceneRenderer.FramesPerSecond);

    private static SKRect Visible(SKRect box, SKRect screen) => SKRect.Intersect(box, screen);

    /// <summary>Where actor 0 is drawn in a frame, on a 24 × 24 grid over its box: the cells the frame differs in without it.</summary>
    private static bool[,] Mask(SceneRenderer renderer, int frame)
    {
        var box = Visible(renderer.BoxAt(0, frame)!.Value, new SKRect(0, 0, Width, Height));
        renderer.Render(frame);
        var with = renderer.Pixels.ToArray();
        renderer.Render(frame, leaveOut: 0);
        var without = renderer.Pixels.ToArray();
        var mask = new bool[24, 24];
        for (var gy = 0; gy < 24; gy++)
        {
            for (var gx = 0; gx < 24; gx++)
            {
                var (x, y) = ((int)(box.Left + (gx + 0.5f) * box.Width / 24), (int)(box.Top + (gy + 0.5f) * box.Height / 24));
                var i = (Math.Clamp(y, 0, Height - 1) * Width + Math.Clamp(x, 0, Width - 1)) * 4;
                mask[gx, gy] = Math.Abs(with[i] - without[i]) + Math.Abs(with[i + 1] - without[i + 1]) + Math.Abs(with[i + 2] - without[i + 2]) > 30;
            }
        }

        return mask;
    }

    private static bool[,] Rotated(bool[,] mask)
    {
        var turned = new bool[24, 24];
        for (var x = 0; x < 24; x++)
        {
            for (var y = 0; y < 24; y++)
            {
                turned[23 - x, 23 - y] = mask[x, y];
            }
        }

        return turned;
    }

    /// <summary>Intersection over union of two masks.</summary>
    private static double Overlap(bool[,] a, bool[,] b)
    {
        var (both, either) = (0, 0);
        foreach (var (x, y) in Enumerable.Range(0, 24).SelectMany(x => Enumerable.Range(0, 24).Select(y => (x, y))))
        {
            both += a[x, y] && b[x, y] ? 1 : 0;
            either += a[x, y] || b[x, y] ? 1 : 0;
        }

        return either == 0 ? 0 : both / (double)either;
    }

    private static byte[] Frame(string prompt)
    {
        using var renderer = new SceneRenderer(ScenePlanner.Plan(prompt, 4, 7), Width, Height);
        renderer.Render(12);
        return renderer.Pixels.ToArray();
    }

    private static double Brightness(string prompt)
    {
        var pixels = Frame(prompt);
        return Enumerable.Range(0, pixels.Length / 4).Average(i => (pixels[i * 4] + pixels[i * 4 + 1] + pixels[i * 4 + 2]) / 3.0);
    }

    /// <summary>
    /// The share of the frame's upper half whose colour is the day sky's: near the gradient the painter draws it with,
    /// from its top colour to the horizon's (pixels are BGRA).
    /// </summary>
    private static double SkyShare(string prompt)
    {
        var pixels = Frame(prompt);
        var sky = Palette.For(TimeOfDay.Day, Weather.Clear, Sceneries.For("field"));
        var (top, bottom) = (sky.SkyTop, sky.SkyHorizon);
        var along = new[] { bottom.Red - top.Red, bottom.Green - top.Green, bottom.Blue - top.Blue };
        var length = along.Sum(v => v * v);
        bool Sky(int i)
        {
            var (r, g, b) = (pixels[i * 4 + 2] - top.Red, pixels[i * 4 + 1] - top.Green, pixels[i * 4] - top.Blue);
            var t = Math.Clamp((r * along[0] + g * along[1] + b * along[2]) / (double)length, 0, 1);
            var (dr, dg, db) = (r - t * along[0], g - t * along[1], b - t * along[2]);
            return dr * dr + dg * dg + db * db < 30 * 30;
        }

        return Enumerable.Range(0, Width * Height / 2).Count(Sky) / (Width * Height / 2.0);
    }
}
