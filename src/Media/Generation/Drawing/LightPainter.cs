using SkiaSharp;

namespace SoraFunctions.Media.Generation.Drawing;

/// <summary>
/// The lights a scene is lit by, laid over what is drawn: a dim room darkened; a spotlight's cone from above onto
/// whom it names, a bright disc at their feet, the rest of the room in the dark; sunlight through a window as a shaft
/// across the floor; candles and firelight as warm flickering pools; neon signs glowing in pink and cyan; floodlights'
/// white beams; strobes sweeping in colours; lamps' warm glow. A place's own light (a club is dim) counts when the
/// prompt names none.
/// </summary>
public sealed class LightPainter
{
    private readonly Painting p;
    private readonly IReadOnlyList<Light> lights;

    public LightPainter(Painting painting)
    {
        p = painting;
        var named = painting.Plan.Lights;
        lights = painting.Scenery.Ambient is { } ambient && named.All(light => light.Kind != ambient) ? [new Light(ambient), .. named] : named;
    }

    /// <summary>Whether the room is kept dark (dimly lit, or around a spotlight).</summary>
    public bool Dark => lights.Any(light => light.Kind is LightKind.Dim or LightKind.Spotlight or LightKind.Candle);

    /// <summary>
    /// Lights the frame; <paramref name="boxOf"/> says where each actor is drawn now (pixels, on the actors' layer),
    /// for a spotlight to find whom it falls on.
    /// </summary>
    public void Draw(float seconds, Func<int, SKRect?> boxOf)
    {
        var (w, h) = (p.Width, p.Height);
        var frame = new SKRect(-w, -h, w * 2, h * 2);
        var spot = lights.FirstOrDefault(light => light.Kind == LightKind.Spotlight);
        var target = spot is null ? (SKRect?)null : (spot.On is { } on ? boxOf(on) : null) ?? Middle();
        if (Dark)
        {
            // The dark falls everywhere but where a spotlight is: there it opens onto the lit disc.
            if (target is { } lit)
            {
                // The dark in steps: each a veil over all but a wider circle round the lit one, so it deepens away from it.
                const int steps = 10;
                var each = 1 - MathF.Pow(1 - 185 / 255f, 1f / steps);
                p.Fill.Color = SKColors.Black.WithAlpha((byte)(each * 255));
                for (var step = 0; step < steps; step++)
                {
                    var reach = lit.Height * (0.5f + 0.45f * step / (steps - 1));
                    using var builder = new SKPathBuilder();
                    builder.FillType = SKPathFillType.EvenOdd;
                    builder.AddRect(frame);
                    builder.AddCircle(lit.MidX, lit.MidY, reach);
                    using var veil = builder.Detach();
                    p.Canvas.DrawPath(veil, p.Fill);
                }
            }
            else
            {
                p.FillRect(frame.Left, frame.Top, frame.Width, frame.Height, SKColors.Black.WithAlpha(150));
            }
        }

        foreach (var light in lights)
        {
            switch (light.Kind)
            {
                case LightKind.Spotlight when target is { } lit:
                    DrawSpotlight(lit);
                    break;
                case LightKind.Window:
                    DrawWindowLight(seconds);
                    break;
                case LightKind.Candle or LightKind.Fire:
                    DrawFlicker(seconds, light.Kind == LightKind.Fire, light.On is { } by ? boxOf(by) : null);
                    break;
                case LightKind.Neon:
                    DrawNeon(seconds);
                    break;
                case LightKind.Floodlight:
                    foreach (var side in new[] { 0.02f, 0.98f })
                    {
                        Beam(new SKPoint(w * side, -h * 0.02f), new SKPoint(w * (1 - side), h * 0.75f), w * 0.35f, new SKColor(255, 255, 240, 70));
                    }

                    break;
                case LightKind.Strobe:
                    DrawStrobe(seconds);
                    break;
                case LightKind.Lamp:
                    p.Glow(new SKPoint(w * 0.14f, p.Horizon - h * 0.06f), h * 0.3f, new SKColor(255, 200, 120, 120));
                    break;
            }
        }
    }

    /// <summary>A cone from above onto the lit box, and a bright disc where it falls.</summary>
    private void DrawSpotlight(SKRect lit)
    {
        var source = new SKPoint(lit.MidX - lit.Height * 0.2f, -p.Height * 0.05f);
        Beam(source, new SKPoint(lit.MidX, lit.Bottom), lit.Width * 0.5f + lit.Height * 0.3f, new SKColor(255, 244, 214, 90));
        p.Glow(new SKPoint(lit.MidX, lit.MidY), lit.Height * 0.6f, new SKColor(255, 240, 200, 90));
        p.Fill.Color = new SKColor(255, 246, 220, 150);
        p.Canvas.DrawOval(lit.MidX, lit.Bottom, lit.Width * 0.45f + lit.Height * 0.3f, lit.Height * 0.08f, p.Fill);
    }

    /// <summary>Sunlight through the window: a warm shaft slanting down to the floor, motes drifting in it.</summary>
    private void DrawWindowLight(float seconds)
    {
        var (w, h, horizon) = (p.Width, p.Height, p.Horizon);
        if (!p.Scenery.Interior)
        {
            // Outdoors: rays fanning down from the sun's side of the sky.
            for (var ray = 0; ray < 5; ray++)
            {
                Beam(new SKPoint(w * (0.75f + ray * 0.05f), -h * 0.05f), new SKPoint(w * (0.05f + ray * 0.2f), h), w * 0.08f, new SKColor(255, 236, 180, 45));
            }

            return;
        }

        var window = new SKRect(w * 0.62f, horizon * 0.22f, w * 0.92f, horizon * 0.72f);
        // The shaft brightest at the window: two layers, the inner one stopping halfway down.
        using (var shaft = Painting.Polygon(
            new(window.Left, window.Top), new(window.Right, window.Top), new(window.Right - w * 0.45f, h), new(window.Left - w * 0.75f, h)))
        {
            p.FillPath(shaft, new SKColor(255, 236, 190, 40));
        }

        using (var near = Painting.Polygon(
            new(window.Left, window.Top), new(window.Right, window.Top), new(window.Right - w * 0.22f, (window.Top + h) / 2), new(window.Left - w * 0.37f, (window.Top + h) / 2)))
        {
            p.FillPath(near, new SKColor(255, 236, 190, 50));
        }

        p.Fill.Color = new SKColor(255, 250, 230, 150);
        for (var mote = 0; mote < 24; mote++)
        {
            var u = mote * 37 % 100 / 100f;
            var v = (mote * 61 % 100 / 100f + seconds * 0.03f) % 1;
            var x = window.Left + (window.Width * u) - (w * 0.6f) * v;
            p.Canvas.DrawCircle(x, window.Top + (h - window.Top) * v, 1.6f, p.Fill);
        }
    }

    /// <summary>Warm pools of candle or fire light that flicker; by whom the light is named, else low in the room.</summary>
    private void DrawFlicker(float seconds, bool fire, SKRect? by)
    {
        var (w, h) = (p.Width, p.Height);
        var spots = by is { } box ? [new SKPoint(box.MidX, box.MidY)] : new[] { new SKPoint(w * 0.3f, h * 0.72f), new SKPoint(w * 0.72f, h * 0.68f) };
        for (var i = 0; i < spots.Length; i++)
        {
            var flicker = 0.8f + 0.2f * MathF.Sin(seconds * 11 + i * 2.1f) * MathF.Sin(seconds * 7.3f + i);
            var colour = fire ? new SKColor(255, 140, 40) : new SKColor(255, 190, 100);
            p.Glow(spots[i], h * (fire ? 0.45f : 0.3f) * flicker, colour.WithAlpha((byte)(130 * flicker)));
            if (!fire && by is null)
            {
                // The candle itself: a flame on a stub.
                p.FillRect(spots[i].X - w * 0.008f, spots[i].Y, w * 0.016f, h * 0.04f, new SKColor(250, 240, 220));
                p.Fill.Color = new SKColor(255, 220, 120);
                p.Canvas.DrawOval(spots[i].X, spots[i].Y - h * 0.012f, w * 0.006f, h * 0.012f * flicker, p.Fill);
            }
        }
    }

    /// <summary>Neon: signs glowing pink and cyan high on the walls, their colours washing over everything.</summary>
    private void DrawNeon(float seconds)
    {
        var (w, h) = (p.Width, p.Height);
        // Indoors high on the walls; outdoors on the buildings' faces, below the roofs.
        var (high, low) = p.Scenery.Interior ? (0.18f, 0.32f) : (0.62f, 0.78f);
        var signs = new[]
        {
            (new SKRect(w * 0.06f, p.Horizon * high, w * 0.34f, p.Horizon * (high + 0.1f)), new SKColor(255, 60, 200)),
            (new SKRect(w * 0.62f, p.Horizon * low, w * 0.94f, p.Horizon * (low + 0.09f)), new SKColor(60, 230, 255)),
        };
        foreach (var (sign, colour) in signs)
        {
            var hum = 0.85f + 0.15f * MathF.Sin(seconds * 17 + sign.Left);
            p.Glow(new SKPoint(sign.MidX, sign.MidY), sign.Width * 0.8f, colour.WithAlpha((byte)(90 * hum)));
            p.Stroke.Color = Painting.Lerp(colour, SKColors.White, 0.5f).WithAlpha((byte)(255 * hum));
            p.Stroke.StrokeWidth = Math.Max(3, p.Unit * 0.008f);
            p.Canvas.DrawRoundRect(sign, sign.Height * 0.4f, sign.Height * 0.4f, p.Stroke);
        }

        p.FillRect(-w, p.Horizon, w * 3, h, new SKColor(255, 60, 200, 22));
    }

    /// <summary>Strobes: coloured beams from above sweeping over the room, the frame flashing on the beat.</summary>
    private void DrawStrobe(float seconds)
    {
        var (w, h) = (p.Width, p.Height);
        SKColor[] colours = [new(255, 60, 160), new(60, 200, 255), new(160, 255, 80), new(255, 220, 60)];
        for (var beam = 0; beam < 4; beam++)
        {
            var sweep = MathF.Sin(seconds * 1.4f + beam * 1.7f);
            Beam(new SKPoint(w * 0.5f, -h * 0.02f), new SKPoint(w * (0.5f + sweep * 0.6f), h), w * 0.12f, colours[beam].WithAlpha(80));
        }

        if ((int)(seconds * 4) % 4 == 0)
        {
            p.FillRect(-w, -h, w * 3, h * 3, SKColors.White.WithAlpha(45));
        }
    }

    /// <summary>A beam of light widening from a point to a width where it lands, fading as it goes.</summary>
    private void Beam(SKPoint from, SKPoint to, float width, SKColor colour)
    {
        var across = new SKPoint(-(to.Y - from.Y), to.X - from.X);
        var length = MathF.Max(1, MathF.Sqrt(across.X * across.X + across.Y * across.Y));
        across = new SKPoint(across.X / length * width / 2, across.Y / length * width / 2);
        // The whole cone faint, and a narrower core over its upper half: brightest near the lamp.
        var faint = colour.WithAlpha((byte)(colour.Alpha / 2));
        using (var cone = Painting.Polygon(new(from.X - across.X * 0.1f, from.Y - across.Y * 0.1f), new(from.X + across.X * 0.1f, from.Y + across.Y * 0.1f), to + across, to - across))
        {
            p.FillPath(cone, faint);
        }

        var middle = new SKPoint((from.X + to.X) / 2, (from.Y + to.Y) / 2);
        using (var core = Painting.Polygon(new(from.X - across.X * 0.06f, from.Y - across.Y * 0.06f), new(from.X + across.X * 0.06f, from.Y + across.Y * 0.06f), middle + new SKPoint(across.X * 0.4f, across.Y * 0.4f), middle - new SKPoint(across.X * 0.4f, across.Y * 0.4f)))
        {
            p.FillPath(core, faint);
        }
    }

    private SKRect Middle() => new(p.Width * 0.4f, p.GroundY(0.35f) - p.Unit * 0.4f, p.Width * 0.6f, p.GroundY(0.35f));
}
