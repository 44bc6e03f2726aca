using SkiaSharp;

namespace SoraFunctions.Media.Generation.Drawing;

/// <summary>
/// What every painter of a frame shares: the canvas, its size and horizon (the floor line indoors), the plan, its
/// palette and scenery, two paints, and where a thing at a depth stands and how large it is drawn.
/// </summary>
public sealed class Painting : IDisposable
{
    public Painting(ScenePlan plan, SKCanvas canvas, int width, int height)
    {
        Plan = plan;
        Canvas = canvas;
        Width = width;
        Height = height;
        Scenery = Sceneries.For(plan.Scenery);
        // From a drone the land rises to fill the frame: the horizon sits high.
        Horizon = height * (Scenery.Interior ? 0.5f : plan.Camera == CameraMove.Aerial ? 0.3f : height > width ? 0.56f : 0.6f);
        Palette = Palette.For(plan.TimeOfDay, plan.Weather, Scenery);
    }

    public ScenePlan Plan { get; }

    public SKCanvas Canvas { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Where the sky meets the land outdoors, the wall the floor indoors (pixels from the top).</summary>
    public float Horizon { get; }

    public Scenery Scenery { get; }

    public Palette Palette { get; }

    /// <summary>What lies over everything drawn as the light falls: the shade, as strong as the dark (none by day).</summary>
    public SKColor Tint => Palette.Shade.WithAlpha((byte)Math.Clamp(255 * (1 - Palette.Light) * 0.75f, 0, 255));

    /// <summary>
    /// The band of open water across the ground, top to bottom in pixels, where swimmers swim, boats float and divers
    /// land: the whole ground at sea, the water along a shore, a river, a pool (its deck in front); none elsewhere.
    /// </summary>
    public (float Top, float Bottom)? Water => Scenery switch
    {
        { Ground: Ground.Water } => (Horizon, Height),
        { Underwater: true } => (0, Height),
        _ when Scenery.Features.Contains(Feature.Pool) => (Horizon + Height * 0.08f, Height * 0.78f),
        _ when Scenery.Features.Contains(Feature.Shore) => (Horizon, Horizon + Height * (Scenery.Skyline == Skyline.Lake ? 0.12f : 0.14f)),
        _ when Scenery.Features.Contains(Feature.River) => (Horizon + Height * 0.08f, Horizon + Height * 0.2f),
        _ => null,
    };

    /// <summary>The frame's shorter side: sizes are fractions of it, so portrait and landscape clips read alike.</summary>
    public float Unit => Math.Min(Width, Height);

    public SKPaint Fill { get; } = new() { IsAntialias = true, Style = SKPaintStyle.Fill };

    public SKPaint Stroke { get; } = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };

    /// <summary>The line a thing at <paramref name="depth"/> stands on: the frame's foot at 0, the horizon at 1.</summary>
    public float GroundY(float depth)
    {
        var front = Height * 0.95f;
        return front - (front - Horizon) * Math.Clamp(depth, 0, 1);
    }

    /// <summary>How much smaller a thing is drawn at <paramref name="depth"/> than at the front.</summary>
    public static float DepthScale(float depth) => 1 - 0.62f * Math.Clamp(depth, 0, 1);

    public void FillRect(float x, float y, float w, float h, SKColor color)
    {
        Fill.Color = color;
        Canvas.DrawRect(x, y, w, h, Fill);
    }

    public void FillPath(SKPath path, SKColor color)
    {
        Fill.Color = color;
        Canvas.DrawPath(path, Fill);
    }

    /// <summary>A closed polygon through the points.</summary>
    public static SKPath Polygon(params SKPoint[] points)
    {
        using var builder = new SKPathBuilder();
        builder.AddPoly(points, close: true);
        return builder.Detach();
    }

    /// <summary>A vertical gradient over the rectangle, top colour to bottom colour (see <see cref="FillBands"/>).</summary>
    public void FillGradient(SKRect rect, SKColor top, SKColor bottom) => FillBands(rect, (0, top), (1, bottom));

    /// <summary>
    /// A vertical gradient through colour stops (at 0–1 down the rectangle), drawn as thin bands of solid colour: on the
    /// CPU a gradient shader costs twenty solid fills of the frame, and bands a few pixels high read the same.
    /// </summary>
    public void FillBands(SKRect rect, params (float At, SKColor Color)[] stops)
    {
        var seen = SKRect.Intersect(rect, Canvas.LocalClipBounds);
        if (seen.IsEmpty)
        {
            return;
        }

        var bands = Math.Clamp((int)(seen.Height / 5), 4, 128);
        var step = seen.Height / bands;
        for (var band = 0; band < bands; band++)
        {
            var top = seen.Top + band * step;
            var at = (top + step / 2 - rect.Top) / Math.Max(1, rect.Height);
            Fill.Color = ColourAt(stops, at);
            Canvas.DrawRect(seen.Left, top, seen.Width, step + 1, Fill);
        }
    }

    /// <summary>A soft round glow: the colour at the middle fading to nothing at the radius, as rings of light laid on each other.</summary>
    public void Glow(SKPoint center, float radius, SKColor color)
    {
        const int rings = 12;
        // Each ring adds as much that the middle, under all of them, gets the colour's own strength.
        var each = 1 - MathF.Pow(1 - color.Alpha / 255f, 1f / rings);
        Fill.Color = color.WithAlpha((byte)Math.Clamp(each * 255, 1, 255));
        for (var ring = rings; ring > 0; ring--)
        {
            Canvas.DrawCircle(center, radius * ring / rings, Fill);
        }
    }

    /// <summary>The colour of a gradient through the stops at <paramref name="at"/> (0–1).</summary>
    public static SKColor ColourAt((float At, SKColor Color)[] stops, float at)
    {
        if (at <= stops[0].At)
        {
            return stops[0].Color;
        }

        for (var i = 1; i < stops.Length; i++)
        {
            if (at <= stops[i].At)
            {
                return Lerp(stops[i - 1].Color, stops[i].Color, (at - stops[i - 1].At) / Math.Max(1e-6f, stops[i].At - stops[i - 1].At));
            }
        }

        return stops[^1].Color;
    }

    public static SKColor Lerp(SKColor a, SKColor b, float t) => new(
        (byte)(a.Red + (b.Red - a.Red) * t),
        (byte)(a.Green + (b.Green - a.Green) * t),
        (byte)(a.Blue + (b.Blue - a.Blue) * t),
        (byte)(a.Alpha + (b.Alpha - a.Alpha) * t));

    public void Dispose()
    {
        Fill.Dispose();
        Stroke.Dispose();
    }
}

/// <summary>Colours for a time of day and a place; <see cref="Light"/> dims what is drawn toward <see cref="Shade"/>.</summary>
public sealed record Palette(
    SKColor SkyTop, SKColor SkyHorizon, SKColor Sun, SKColor Shade, float Light, SKColor Ground, SKColor Water, SKColor Wall)
{
    public static Palette For(TimeOfDay time, Weather weather, Scenery scenery)
    {
        var (top, horizon, sun, shade, light) = time switch
        {
            TimeOfDay.Dawn => (new SKColor(58, 74, 122), new SKColor(246, 179, 138), new SKColor(255, 215, 160), new SKColor(60, 50, 80), 0.8f),
            TimeOfDay.Sunset => (new SKColor(44, 42, 90), new SKColor(255, 138, 76), new SKColor(255, 106, 42), new SKColor(50, 25, 40), 0.6f),
            TimeOfDay.Night => (new SKColor(5, 7, 15), new SKColor(27, 36, 64), new SKColor(232, 236, 245), new SKColor(8, 10, 22), 0.35f),
            _ => (new SKColor(59, 130, 196), new SKColor(168, 212, 240), new SKColor(255, 246, 208), new SKColor(40, 50, 70), 1f),
        };
        if (scenery.Skyline is Skyline.Space or Skyline.Moon)
        {
            (top, horizon, light) = (new SKColor(2, 2, 8), new SKColor(12, 10, 30), Math.Max(light, 0.8f));
        }

        if (weather is Weather.Storm or Weather.Rain && !scenery.Interior)
        {
            // Under rain clouds the day greys and dims.
            (top, horizon, light) = (Painting.Lerp(top, new SKColor(70, 76, 90), 0.6f), Painting.Lerp(horizon, new SKColor(120, 126, 138), 0.6f), light * (weather == Weather.Storm ? 0.6f : 0.8f));
        }

        if (scenery.Interior)
        {
            // Indoors the room's own lights hold the day: only a little of the hour reaches in.
            light = 0.75f + light * 0.25f;
        }

        var ground = weather == Weather.Snow && scenery.Ground is Drawing.Ground.Grass or Drawing.Ground.Dirt or Drawing.Ground.Crops or Drawing.Ground.Rock
            ? new SKColor(232, 238, 245) // snow lies on the ground it falls on
            : scenery.Ground switch
        {
            Drawing.Ground.Sand => new SKColor(216, 195, 142),
            Drawing.Ground.Snow => new SKColor(232, 238, 245),
            Drawing.Ground.Water => new SKColor(31, 95, 138),
            Drawing.Ground.Road => new SKColor(58, 58, 64),
            Drawing.Ground.Rock => new SKColor(110, 112, 96),
            Drawing.Ground.Dirt => scenery.Skyline == Skyline.Acacias ? new SKColor(196, 160, 88) : new SKColor(142, 112, 78),
            Drawing.Ground.Wood => new SKColor(150, 104, 62),
            Drawing.Ground.Tiles => new SKColor(196, 200, 204),
            Drawing.Ground.Carpet => new SKColor(120, 44, 48),
            Drawing.Ground.Concrete => new SKColor(150, 150, 146),
            Drawing.Ground.Marble => new SKColor(226, 222, 214),
            Drawing.Ground.Lunar => new SKColor(120, 120, 126),
            Drawing.Ground.Seabed => new SKColor(194, 178, 128),
            Drawing.Ground.Crops => new SKColor(200, 170, 80),
            _ => new SKColor(79, 138, 58),
        };
        return new Palette(
            top, horizon, sun, shade, light,
            Painting.Lerp(ground, shade, (1 - light) * 0.8f),
            Painting.Lerp(new SKColor(31, 95, 138), shade, (1 - light) * 0.7f),
            Painting.Lerp(scenery.Wall, shade, (1 - light) * 0.6f));
    }
}
