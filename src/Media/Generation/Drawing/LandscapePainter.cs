using SkiaSharp;

namespace SoraFunctions.Media.Generation.Drawing;

/// <summary>
/// An outdoor place in layers, far to near (the renderer moves each with the camera, the far ones less): the sky lit for
/// the time of day, what stands along the horizon (hills, mountains, a skyline, the sea, a village, a castle, acacias,
/// stadium stands), the ground and its features (a shore, a river, a pool, a pitch, ramps, a fence). Under water the
/// whole frame is the sea.
/// </summary>
public sealed class LandscapePainter : IDisposable
{
    private readonly Painting p;
    private readonly SKPoint[] stars;
    private readonly float[] heights;
    private readonly SKPoint[] trees;
    private readonly SKPath farRidge;
    private readonly SKPath nearRidge;

    public LandscapePainter(Painting painting, Random random)
    {
        p = painting;
        stars = [.. Enumerable.Range(0, 160).Select(_ => new SKPoint(Next(random, -0.5f, 1.5f) * p.Width, Next(random, 0, 0.95f) * p.Horizon))];
        heights = [.. Enumerable.Range(0, 28).Select(_ => Next(random, 0.12f, 0.42f))];
        trees = [.. Enumerable.Range(0, 22).Select(_ => new SKPoint(Next(random, -0.5f, 1.5f) * p.Width, Next(random, 0.75f, 1.35f)))];
        farRidge = Ridge(random, 0.32f, 9);
        nearRidge = Ridge(random, 0.18f, 14);
    }

    /// <summary>Where the sun (or the moon) stands: across the frame (0–1), its height in pixels, and its size.</summary>
    public (float X, float Y, float Radius) Sun => p.Plan.TimeOfDay switch
    {
        TimeOfDay.Dawn => (0.25f, p.Horizon - p.Height * 0.1f, 0.07f),
        TimeOfDay.Day => (0.72f, p.Height * 0.14f, 0.06f),
        TimeOfDay.Sunset => (0.6f, p.Horizon - p.Height * 0.05f, 0.09f),
        _ => (0.76f, p.Height * 0.13f, 0.05f),
    };

    public void DrawSky(float seconds)
    {
        var (w, h, horizon, palette) = (p.Width, p.Height, p.Horizon, p.Palette);
        if (p.Scenery.Underwater)
        {
            p.FillGradient(new SKRect(-w, -h, w * 2, h * 2), new SKColor(40, 140, 170), new SKColor(6, 30, 60));
            return;
        }

        p.FillGradient(new SKRect(-w, -h, w * 2, horizon + 2), palette.SkyTop, palette.SkyHorizon);
        var dark = p.Plan.TimeOfDay == TimeOfDay.Night || p.Scenery.Features.Contains(Feature.Stars);
        if (dark)
        {
            for (var i = 0; i < stars.Length; i++)
            {
                var twinkle = 0.55f + 0.45f * MathF.Sin(seconds * 2.3f + i * 1.7f);
                p.Fill.Color = SKColors.White.WithAlpha((byte)(220 * twinkle));
                p.Canvas.DrawCircle(stars[i], i % 9 == 0 ? 2.2f : 1.2f, p.Fill);
            }
        }

        if (p.Scenery.Skyline is Skyline.Space)
        {
            // A planet lit from its upper left: discs stepping from its dark limb to its bright side.
            for (var step = 0; step < 12; step++)
            {
                p.Fill.Color = Painting.Lerp(new SKColor(20, 30, 70), new SKColor(120, 160, 220), step / 11f);
                var r = w * 0.3f * (1 - step / 14f);
                p.Canvas.DrawCircle(w * 0.38f - (w * 0.3f - r) * 0.6f, horizon * 0.62f - (w * 0.3f - r) * 0.6f, r, p.Fill);
            }

            return;
        }

        // The sun or the moon, unless the prompt names one: that one is drawn as it asked.
        if (p.Scenery.Skyline is not Skyline.Moon && !p.Plan.Actors.Any(actor => actor.Drawable is "sun" or "full-moon" or "crescent-moon" or "sun-behind-cloud"))
        {
            var (sx, sy, radius) = Sun;
            var center = new SKPoint(sx * w, sy);
            var r = radius * p.Unit * 1.4f;
            p.Glow(center, r * 3.2f, palette.Sun.WithAlpha(150));
            p.Fill.Color = palette.Sun;
            p.Canvas.DrawCircle(center, r, p.Fill);
        }

        if (p.Plan.Weather != Weather.Clear || p.Plan.TimeOfDay != TimeOfDay.Night)
        {
            DrawClouds(seconds);
        }
    }

    private void DrawClouds(float seconds)
    {
        var gray = p.Plan.Weather is Weather.Rain or Weather.Storm or Weather.Snow;
        p.Fill.Color = (gray ? new SKColor(120, 125, 135) : Painting.Lerp(SKColors.White, p.Palette.SkyHorizon, 0.25f)).WithAlpha(gray ? (byte)230 : (byte)190);
        var count = gray ? 7 : 4;
        for (var i = 0; i < count; i++)
        {
            var x = ((i * 0.37f + seconds * 0.012f) % 1.6f - 0.3f) * p.Width * 1.4f;
            var y = p.Height * (0.06f + 0.06f * (i % 3));
            var size = p.Width * (0.12f + 0.03f * (i % 4));
            p.Canvas.DrawOval(x, y, size, size * 0.32f, p.Fill);
            p.Canvas.DrawOval(x + size * 0.5f, y - size * 0.12f, size * 0.6f, size * 0.3f, p.Fill);
            p.Canvas.DrawOval(x - size * 0.55f, y + size * 0.05f, size * 0.55f, size * 0.22f, p.Fill);
        }
    }

    /// <summary>What stands along the horizon, farthest first.</summary>
    public void DrawFar(DrawableCatalogue drawables)
    {
        var (w, h, horizon, palette) = (p.Width, p.Height, p.Horizon, p.Palette);
        var haze = Painting.Lerp(palette.SkyHorizon, palette.Shade, 0.45f);
        switch (p.Scenery.Skyline)
        {
            case Skyline.Mountains:
                p.FillPath(farRidge, Painting.Lerp(haze, palette.SkyHorizon, 0.3f));
                p.FillPath(nearRidge, Painting.Lerp(haze, palette.Shade, 0.35f));
                if (p.Scenery.Ground == Ground.Snow || p.Plan.Weather == Weather.Snow)
                {
                    p.Fill.Color = new SKColor(245, 248, 255, 200);
                    p.Canvas.Save();
                    p.Canvas.ClipRect(new SKRect(-w, 0, w * 2, horizon - h * 0.2f));
                    p.Canvas.DrawPath(farRidge, p.Fill);
                    p.Canvas.Restore();
                }

                break;
            case Skyline.Hills or Skyline.Trees:
                p.FillPath(nearRidge, Painting.Lerp(haze, palette.Ground, 0.45f));
                break;
            case Skyline.City:
                DrawBlocks(horizon, 1f, Painting.Lerp(haze, palette.Shade, 0.3f), lit: p.Plan.TimeOfDay is TimeOfDay.Night or TimeOfDay.Sunset);
                break;
            case Skyline.Dunes:
                p.FillPath(Dunes(0.1f, 1.3f), Painting.Lerp(palette.Ground, palette.SkyHorizon, 0.35f));
                break;
            case Skyline.Village:
                p.FillPath(nearRidge, Painting.Lerp(haze, palette.Ground, 0.45f));
                for (var i = 0; i < 7; i++)
                {
                    DrawIcon(drawables, i % 3 == 0 ? "house-with-garden" : "house", (i - 1.5f) * w * 0.22f, horizon + h * 0.01f, h * 0.1f);
                }

                break;
            case Skyline.Castle:
                p.FillPath(nearRidge, Painting.Lerp(haze, palette.Ground, 0.45f));
                DrawIcon(drawables, "castle", w * 0.62f, horizon + h * 0.02f, h * 0.3f);
                break;
            case Skyline.Stands:
                DrawStands(horizon, palette);
                break;
            case Skyline.Moon:
                p.FillPath(Dunes(0.03f, 0.8f), new SKColor(92, 92, 100));
                break;
        }

        if (p.Scenery.Skyline is Skyline.Sea or Skyline.Lake || p.Scenery.Features.Contains(Feature.Shore))
        {
            DrawWater(horizon, p.Scenery.Ground == Ground.Water ? h * 1.5f : p.Water!.Value.Bottom);
        }

        if (p.Scenery.Skyline == Skyline.Lake)
        {
            p.FillPath(nearRidge, Painting.Lerp(haze, palette.Ground, 0.35f).WithAlpha(120));
        }
    }

    /// <summary>Trees, acacias, near buildings: between the horizon and the ground.</summary>
    public void DrawMiddle(float seconds, DrawableCatalogue drawables)
    {
        var (w, h, horizon, palette) = (p.Width, p.Height, p.Horizon, p.Palette);
        switch (p.Scenery.Skyline)
        {
            case Skyline.Trees or Skyline.Hills when p.Scenery.Name is "forest" or "river" or "field" or "farm" or "castle":
                foreach (var tree in p.Scenery.Name is "forest" or "river" ? trees : trees.Take(6))
                {
                    DrawTree(tree.X, horizon + h * 0.02f * tree.Y, h * 0.16f * tree.Y);
                }

                break;
            case Skyline.Mountains:
                foreach (var tree in trees.Take(8))
                {
                    DrawTree(tree.X, horizon + h * 0.02f * tree.Y, h * 0.12f * tree.Y);
                }

                break;
            case Skyline.City:
                DrawBlocks(horizon + h * 0.03f, 1.6f, Painting.Lerp(palette.Shade, palette.Ground, 0.2f), lit: p.Plan.TimeOfDay != TimeOfDay.Day);
                break;
            case Skyline.Dunes:
                p.Fill.Color = Painting.Lerp(new SKColor(60, 110, 60), palette.Shade, 0.3f);
                foreach (var tree in trees.Take(5))
                {
                    var size = h * 0.08f * tree.Y;
                    p.Canvas.DrawRoundRect(tree.X, horizon - size + h * 0.02f, size * 0.18f, size, size * 0.09f, size * 0.09f, p.Fill);
                    p.Canvas.DrawRoundRect(tree.X - size * 0.25f, horizon - size * 0.6f + h * 0.02f, size * 0.25f, size * 0.12f, 4, 4, p.Fill);
                }

                break;
            case Skyline.Acacias:
                foreach (var tree in trees.Take(6))
                {
                    DrawAcacia(tree.X, horizon + h * 0.015f * tree.Y, h * 0.13f * tree.Y);
                }

                break;
        }

        _ = seconds;
    }

    public void DrawGround(float seconds)
    {
        var (w, h, horizon, palette) = (p.Width, p.Height, p.Horizon, p.Palette);
        if (p.Scenery.Ground == Ground.Water)
        {
            return; // the sea is the ground, drawn with the horizon
        }

        if (p.Scenery.Underwater)
        {
            p.FillGradient(new SKRect(-w, h * 0.8f, w * 2, h * 2), palette.Ground, Painting.Lerp(palette.Ground, SKColors.Black, 0.5f));
            DrawRays(seconds);
            return;
        }

        var top = p.Scenery.Features.Contains(Feature.Shore) ? p.Water!.Value.Bottom : horizon;
        var near = Painting.Lerp(palette.Ground, SKColors.Black, 0.3f);
        p.FillBands(new SKRect(-w, top, w * 2, h), (0, Painting.Lerp(palette.Ground, palette.SkyHorizon, 0.25f)), (0.4f, palette.Ground), (1, near));
        p.FillRect(-w, h, w * 3, h * 0.5f + top, near);

        switch (p.Scenery.Ground)
        {
            case Ground.Road:
                p.Stroke.Color = new SKColor(230, 210, 120, 200);
                p.Stroke.StrokeWidth = h * 0.006f;
                var y = horizon + h * 0.3f;
                for (float x = -w; x < w * 2; x += w * 0.2f)
                {
                    p.Canvas.DrawLine(x, y, x + w * 0.1f, y, p.Stroke);
                }

                break;
            case Ground.Grass or Ground.Crops:
                p.Stroke.Color = Painting.Lerp(palette.Ground, p.Scenery.Ground == Ground.Crops ? new SKColor(240, 210, 110) : new SKColor(200, 230, 140), 0.3f).WithAlpha(160);
                p.Stroke.StrokeWidth = 2;
                for (var i = 0; i < 140; i++)
                {
                    var x = (i * 97 % 300) / 100f * w - w;
                    var gy = horizon + (i * 53 % 100) / 100f * (h - horizon);
                    var sway = MathF.Sin(seconds * 2 + i) * 3;
                    p.Canvas.DrawLine(x, gy, x + sway, gy - h * (p.Scenery.Ground == Ground.Crops ? 0.03f : 0.015f), p.Stroke);
                }

                break;
            case Ground.Dirt when p.Scenery.Skyline == Skyline.Acacias:
                p.Stroke.Color = new SKColor(230, 200, 120, 170);
                p.Stroke.StrokeWidth = 2;
                for (var i = 0; i < 160; i++)
                {
                    var x = (i * 97 % 300) / 100f * w - w;
                    var gy = horizon + (i * 53 % 100) / 100f * (h - horizon);
                    p.Canvas.DrawLine(x, gy, x + MathF.Sin(seconds * 1.5f + i) * 4, gy - h * 0.03f, p.Stroke);
                }

                break;
            case Ground.Tiles or Ground.Concrete:
                p.Stroke.Color = Painting.Lerp(palette.Ground, SKColors.Black, 0.15f);
                p.Stroke.StrokeWidth = 1.5f;
                for (var i = 1; i < 8; i++)
                {
                    var gy = horizon + (h - horizon) * i * i / 64f;
                    p.Canvas.DrawLine(-w, gy, w * 2, gy, p.Stroke);
                }

                break;
            case Ground.Lunar:
                p.Fill.Color = Painting.Lerp(palette.Ground, SKColors.Black, 0.25f);
                for (var i = 0; i < 14; i++)
                {
                    var cx = (i * 131 % 300) / 100f * w - w;
                    var cy = horizon + (i * 71 % 100) / 100f * (h - horizon);
                    var r = h * 0.01f + (cy - horizon) * 0.06f;
                    p.Canvas.DrawOval(cx, cy, r * 2.2f, r * 0.6f, p.Fill);
                }

                break;
        }

        foreach (var feature in p.Scenery.Features)
        {
            DrawFeature(feature, seconds);
        }
    }

    private void DrawFeature(Feature feature, float seconds)
    {
        var (w, h, horizon, palette) = (p.Width, p.Height, p.Horizon, p.Palette);
        switch (feature)
        {
            case Feature.River:
            {
                var (top, bottom) = p.Water!.Value;
                using var band = Polygon(new(-w, top), new(w * 2, top), new(w * 2, bottom - h * 0.02f), new(-w, bottom + h * 0.01f));
                p.FillPath(band, Painting.Lerp(palette.Water, palette.SkyHorizon, 0.3f));
                DrawRipples(top, bottom, seconds);
                break;
            }

            case Feature.Pool:
            {
                var (top, bottom) = p.Water!.Value;
                using var pool = Polygon(new(w * 0.02f, top), new(w * 0.98f, top), new(w * 1.2f, bottom), new(-w * 0.2f, bottom));
                p.FillPath(pool, new SKColor(40, 170, 210));
                DrawRipples(top, bottom, seconds);
                p.Stroke.Color = new SKColor(255, 255, 255, 140);
                p.Stroke.StrokeWidth = 3;
                for (var lane = 1; lane < 5; lane++)
                {
                    var x = w * (0.02f + 0.96f * lane / 5f);
                    p.Canvas.DrawLine(x, top, -w * 0.2f + (w * 1.4f) * lane / 5f, bottom, p.Stroke);
                }

                break;
            }

            case Feature.Pitch:
                p.Stroke.Color = new SKColor(255, 255, 255, 170);
                p.Stroke.StrokeWidth = 4;
                p.Canvas.DrawLine(-w, horizon + h * 0.2f, w * 2, horizon + h * 0.2f, p.Stroke);
                p.Canvas.DrawOval(w / 2f, horizon + h * 0.2f, w * 0.22f, h * 0.05f, p.Stroke);
                break;
            case Feature.Ramps:
                p.Fill.Color = Painting.Lerp(palette.Ground, SKColors.White, 0.15f);
                foreach (var x in new[] { 0.08f, 0.78f })
                {
                    using var ramp = Polygon(new(w * x, horizon + h * 0.12f), new(w * (x + 0.16f), horizon + h * 0.02f), new(w * (x + 0.16f), horizon + h * 0.12f));
                    p.Canvas.DrawPath(ramp, p.Fill);
                }

                break;
            case Feature.Fence:
                p.Stroke.Color = Painting.Lerp(new SKColor(150, 110, 70), palette.Shade, 1 - palette.Light);
                p.Stroke.StrokeWidth = h * 0.006f;
                var fy = horizon + h * 0.05f;
                p.Canvas.DrawLine(-w, fy, w * 2, fy, p.Stroke);
                p.Canvas.DrawLine(-w, fy + h * 0.02f, w * 2, fy + h * 0.02f, p.Stroke);
                for (float x = -w; x < w * 2; x += w * 0.07f)
                {
                    p.Canvas.DrawLine(x, fy - h * 0.015f, x, fy + h * 0.035f, p.Stroke);
                }

                break;
            case Feature.Rows:
                p.Stroke.Color = Painting.Lerp(palette.Ground, new SKColor(120, 90, 40), 0.4f);
                p.Stroke.StrokeWidth = 3;
                for (var i = -6; i <= 6; i++)
                {
                    p.Canvas.DrawLine(w / 2f + i * w * 0.02f, horizon, w / 2f + i * w * 0.35f, h, p.Stroke);
                }

                break;
            case Feature.Seaweed:
                p.Fill.Color = new SKColor(40, 130, 80, 220);
                for (var i = 0; i < 9; i++)
                {
                    var x = (i * 0.13f - 0.05f) * w;
                    var sway = MathF.Sin(seconds * 1.3f + i) * w * 0.015f;
                    using var weed = Polygon(new(x, h), new(x + w * 0.015f + sway, h * 0.7f), new(x + sway * 2, h * 0.55f), new(x + w * 0.03f, h));
                    p.Canvas.DrawPath(weed, p.Fill);
                }

                break;
            case Feature.Lamp:
                if (p.Plan.TimeOfDay is TimeOfDay.Night or TimeOfDay.Sunset)
                {
                    foreach (var x in new[] { 0.15f, 0.85f })
                    {
                        p.Glow(new SKPoint(w * x, horizon - h * 0.05f), h * 0.08f, new SKColor(255, 220, 150, 180));
                    }
                }

                break;
        }
    }

    private void DrawWater(float top, float bottom)
    {
        var (w, h, palette) = (p.Width, p.Height, p.Palette);
        p.FillGradient(new SKRect(-w, top, w * 2, Math.Min(bottom, h)), Painting.Lerp(palette.Water, palette.SkyHorizon, 0.45f), palette.Water);
        if (bottom > h)
        {
            p.FillRect(-w, h, w * 3, bottom - h, palette.Water);
        }

        DrawRipples(top, Math.Min(bottom, h), 0);
    }

    private void DrawRipples(float top, float bottom, float seconds)
    {
        var (w, palette) = (p.Width, p.Palette);
        p.Stroke.StrokeWidth = 2.5f;
        p.Stroke.Color = Painting.Lerp(palette.Water, SKColors.White, 0.45f).WithAlpha(170);
        for (var row = 0; row < 9; row++)
        {
            var y = top + (bottom - top) * (row + 0.5f) / 9f;
            using var builder = new SKPathBuilder();
            var amplitude = 2 + row * 1.5f;
            builder.MoveTo(-w, y);
            for (var x = -w + 12f; x <= w * 2; x += 12)
            {
                builder.LineTo(x, y + MathF.Sin(x * 0.02f + seconds * (1.2f + row * 0.15f) + row) * amplitude);
            }

            using var wave = builder.Detach();
            p.Canvas.DrawPath(wave, p.Stroke);
        }
    }

    /// <summary>Shafts of sunlight down through the water, swaying.</summary>
    private void DrawRays(float seconds)
    {
        var (w, h) = (p.Width, p.Height);
        for (var i = 0; i < 5; i++)
        {
            var x = (0.1f + i * 0.2f) * w + MathF.Sin(seconds * 0.4f + i) * w * 0.03f;
            using var ray = Polygon(new(x, 0), new(x + w * 0.06f, 0), new(x + w * 0.16f, h), new(x + w * 0.02f, h));
            p.Fill.Color = new SKColor(200, 240, 255, 26);
            p.Canvas.DrawPath(ray, p.Fill);
        }
    }

    private void DrawTree(float x, float baseY, float size)
    {
        var snowy = p.Scenery.Ground == Ground.Snow || p.Plan.Weather == Weather.Snow;
        var palette = p.Palette;
        p.Fill.Color = Painting.Lerp(new SKColor(80, 55, 35), palette.Shade, 0.5f);
        p.Canvas.DrawRect(x - size * 0.05f, baseY - size * 0.3f, size * 0.1f, size * 0.3f, p.Fill);
        var leaves = Painting.Lerp(p.Scenery.Name == "forest" ? new SKColor(30, 90, 40) : new SKColor(55, 120, 50), palette.Shade, 1 - palette.Light);
        for (var tier = 0; tier < 3; tier++)
        {
            var half = size * (0.42f - tier * 0.1f);
            using var cone = Polygon(
                new(x - half, baseY - size * (0.22f + tier * 0.2f)), new(x, baseY - size * (0.7f + tier * 0.2f)), new(x + half, baseY - size * (0.22f + tier * 0.2f)));
            p.FillPath(cone, snowy && tier == 2 ? new SKColor(240, 245, 250) : leaves);
        }
    }

    /// <summary>An acacia: a thin trunk forking under a wide, flat crown, as on a savanna.</summary>
    private void DrawAcacia(float x, float baseY, float size)
    {
        var shade = p.Palette.Shade;
        p.Stroke.Color = Painting.Lerp(new SKColor(70, 50, 35), shade, 0.4f);
        p.Stroke.StrokeWidth = size * 0.05f;
        p.Canvas.DrawLine(x, baseY, x, baseY - size * 0.55f, p.Stroke);
        p.Canvas.DrawLine(x, baseY - size * 0.4f, x - size * 0.25f, baseY - size * 0.65f, p.Stroke);
        p.Canvas.DrawLine(x, baseY - size * 0.4f, x + size * 0.25f, baseY - size * 0.65f, p.Stroke);
        p.Fill.Color = Painting.Lerp(new SKColor(90, 120, 50), shade, 1 - p.Palette.Light);
        p.Canvas.DrawOval(x, baseY - size * 0.72f, size * 0.55f, size * 0.1f, p.Fill);
    }

    private void DrawBlocks(float baseY, float scale, SKColor color, bool lit)
    {
        var (w, h) = (p.Width, p.Height);
        var block = w * 0.075f * scale;
        for (var i = 0; i < heights.Length; i++)
        {
            var x = -w * 0.5f + i * block * (scale > 1 ? 1.2f : 0.75f);
            var height = heights[(i * 7 + (int)(scale * 10)) % heights.Length] * h * scale * 0.8f;
            p.FillRect(x, baseY - height, block * 0.9f, height, color);
            if (!lit)
            {
                continue;
            }

            p.Fill.Color = p.Plan.Lights.Any(light => light.Kind == LightKind.Neon) && i % 3 == 0 ? new SKColor(255, 80, 200, 220) : new SKColor(255, 214, 120, 200);
            for (var wy = baseY - height + 8; wy < baseY - 10; wy += 14 * scale)
            {
                for (var wx = x + 5; wx < x + block * 0.9f - 8; wx += 12 * scale)
                {
                    if ((int)(wx * 13 + wy * 7 + i) % 5 < 2)
                    {
                        p.Canvas.DrawRect(wx, wy, 5 * scale, 6 * scale, p.Fill);
                    }
                }
            }
        }
    }

    /// <summary>Stadium stands: tiers rising from the far side of the pitch, dotted with the crowd.</summary>
    private void DrawStands(float horizon, Palette palette)
    {
        var (w, h) = (p.Width, p.Height);
        p.FillRect(-w, horizon - h * 0.18f, w * 3, h * 0.18f, Painting.Lerp(new SKColor(70, 74, 90), palette.Shade, 0.3f));
        var colors = new[] { new SKColor(220, 60, 60), new SKColor(240, 240, 240), new SKColor(60, 110, 220), new SKColor(240, 200, 60) };
        for (var i = 0; i < 900; i++)
        {
            p.Fill.Color = Painting.Lerp(colors[i % 4], palette.Shade, 0.35f);
            p.Canvas.DrawCircle(((i * 37) % 300) / 100f * w - w, horizon - h * 0.17f + ((i * 53) % 100) / 100f * h * 0.16f, h * 0.004f, p.Fill);
        }
    }

    /// <summary>An icon of the set standing on <paramref name="baseY"/>, <paramref name="size"/> tall.</summary>
    private void DrawIcon(DrawableCatalogue drawables, string icon, float x, float baseY, float size)
    {
        p.Canvas.DrawImage(drawables.Image(icon, size, p.Tint), new SKRect(x - size / 2, baseY - size, x + size / 2, baseY), new SKSamplingOptions(SKFilterMode.Linear));
    }

    /// <summary>A jagged ridge across the world, rising <paramref name="rise"/> of the frame height above the horizon.</summary>
    private SKPath Ridge(Random random, float rise, int peaks)
    {
        var (w, h, horizon) = (p.Width, p.Height, p.Horizon);
        using var builder = new SKPathBuilder();
        builder.MoveTo(-w, horizon + 2);
        for (var i = 0; i <= peaks; i++)
        {
            var x = -w + i * (w * 3f / peaks);
            builder.LineTo(x, horizon - h * rise * Next(random, 0.35f, 1f));
            builder.LineTo(x + w * 1.5f / peaks, horizon - h * rise * Next(random, 0.1f, 0.5f));
        }

        builder.LineTo(w * 2, horizon + 2);
        builder.Close();
        return builder.Detach();
    }

    private SKPath Dunes(float rise, float frequency)
    {
        var (w, h, horizon) = (p.Width, p.Height, p.Horizon);
        using var builder = new SKPathBuilder();
        builder.MoveTo(-w, horizon + 2);
        for (var x = -w; x <= w * 2; x += 10)
        {
            builder.LineTo(x, horizon - h * rise * (0.5f + 0.5f * MathF.Sin(x / w * MathF.Tau * frequency)));
        }

        builder.LineTo(w * 2, horizon + 2);
        builder.Close();
        return builder.Detach();
    }

    private static SKPath Polygon(params SKPoint[] points) => Painting.Polygon(points);

    private static float Next(Random random, float min, float max) => min + (float)random.NextDouble() * (max - min);

    public void Dispose()
    {
        farRidge.Dispose();
        nearRidge.Dispose();
    }
}
