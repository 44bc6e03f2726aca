using SkiaSharp;

namespace SoraFunctions.Media.Generation.Drawing;

/// <summary>
/// A room in layers: the back wall (the horizon is where it meets the floor) with what hangs on or stands against it —
/// a window onto the hour outside, shelves of books, a bar, tiles, glass panes, curtains, a hoop — and the floor in
/// perspective, its boards, tiles, carpet or marble, with what lies along the front (a stage's lip and footlights, a
/// subway platform's edge). No sky shows indoors.
/// </summary>
public sealed class InteriorPainter
{
    private readonly Painting p;
    private readonly DrawableCatalogue drawables;
    private readonly SKColor[] spines;

    public InteriorPainter(Painting painting, DrawableCatalogue drawables, Random random)
    {
        p = painting;
        this.drawables = drawables;
        spines = [.. Enumerable.Range(0, 60).Select(_ => SKColor.FromHsv(random.Next(360), 45 + random.Next(30), 45 + random.Next(35)))];
    }

    /// <summary>The back wall and what is on it.</summary>
    public void DrawWall(float seconds)
    {
        var (w, h, horizon) = (p.Width, p.Height, p.Horizon);
        var wall = p.Palette.Wall;
        p.FillGradient(new SKRect(-w, -h, w * 2, horizon + 1), Painting.Lerp(wall, SKColors.Black, 0.25f), wall);
        foreach (var feature in p.Scenery.Features)
        {
            switch (feature)
            {
                case Feature.Window:
                    DrawWindow(w * 0.62f, horizon * 0.22f, w * 0.3f, horizon * 0.5f, seconds);
                    break;
                case Feature.Shelves:
                    DrawShelves(-w * 0.2f, horizon * 0.1f, w * 1.4f, horizon * 0.9f);
                    break;
                case Feature.Bar:
                    DrawShelves(w * 0.55f, horizon * 0.35f, w * 0.7f, horizon * 0.4f, bottles: true);
                    break;
                case Feature.Tiles:
                    p.Stroke.Color = Painting.Lerp(wall, SKColors.Black, 0.12f);
                    p.Stroke.StrokeWidth = 1.5f;
                    for (var y = horizon; y > 0; y -= h * 0.035f)
                    {
                        p.Canvas.DrawLine(-w, y, w * 2, y, p.Stroke);
                    }

                    p.FillRect(-w, horizon * 0.35f, w * 3, h * 0.05f, new SKColor(40, 90, 160));
                    break;
                case Feature.Panels:
                    p.Fill.Color = Painting.Lerp(wall, SKColors.Black, 0.2f);
                    for (var x = -w * 0.1f; x < w * 1.1f; x += w * 0.12f)
                    {
                        for (var y = horizon * 0.12f; y < horizon * 0.85f; y += w * 0.12f)
                        {
                            p.Canvas.DrawRoundRect(x, y, w * 0.1f, w * 0.1f, 4, 4, p.Fill);
                        }
                    }

                    break;
                case Feature.Glass:
                    p.FillRect(-w, 0, w * 3, horizon, new SKColor(170, 215, 230, 120));
                    p.Stroke.Color = new SKColor(245, 250, 250, 220);
                    p.Stroke.StrokeWidth = Math.Max(3, w * 0.006f);
                    for (float x = -w; x < w * 2; x += w * 0.14f)
                    {
                        p.Canvas.DrawLine(x, 0, x, horizon, p.Stroke);
                    }

                    for (var y = horizon * 0.25f; y < horizon; y += horizon * 0.25f)
                    {
                        p.Canvas.DrawLine(-w, y, w * 2, y, p.Stroke);
                    }

                    break;
                case Feature.Columns:
                    foreach (var x in new[] { 0.08f, 0.36f, 0.64f, 0.92f })
                    {
                        p.FillGradient(new SKRect(w * x - w * 0.04f, 0, w * x + w * 0.04f, horizon), new SKColor(236, 230, 218), new SKColor(196, 188, 172));
                        p.FillRect(w * x - w * 0.055f, horizon - h * 0.02f, w * 0.11f, h * 0.02f, new SKColor(220, 214, 200));
                    }

                    break;
                case Feature.Hoop:
                    DrawIcon("prop:hoop", w * 0.78f, horizon * 0.95f, horizon * 0.8f);
                    break;
                case Feature.Plants:
                    for (var i = 0; i < 6; i++)
                    {
                        DrawIcon("potted-plant", w * (0.05f + i * 0.18f), horizon + h * 0.03f, h * 0.14f);
                    }

                    break;
                case Feature.Counter:
                    DrawIcon("prop:counter", w * 0.3f, horizon + h * 0.02f, h * 0.16f);
                    DrawIcon("prop:counter", w * 0.3f + h * 0.16f * 260 / 120, horizon + h * 0.02f, h * 0.16f);
                    break;
                case Feature.Lamp:
                    // A wall light: a shade on a bracket, lit.
                    var lamp = new SKPoint(w * 0.12f, horizon * 0.45f);
                    p.FillRect(lamp.X - w * 0.004f, lamp.Y, w * 0.008f, horizon * 0.08f, Painting.Lerp(p.Palette.Wall, SKColors.Black, 0.5f));
                    using (var shade = Painting.Polygon(new(lamp.X - w * 0.03f, lamp.Y), new(lamp.X + w * 0.03f, lamp.Y), new(lamp.X + w * 0.045f, lamp.Y + horizon * 0.07f), new(lamp.X - w * 0.045f, lamp.Y + horizon * 0.07f)))
                    {
                        p.FillPath(shade, new SKColor(242, 210, 122));
                    }

                    p.Glow(new SKPoint(lamp.X, lamp.Y + horizon * 0.05f), h * 0.12f, new SKColor(255, 220, 150, 110));
                    break;
                case Feature.Curtains:
                    DrawCurtains(seconds);
                    break;
                case Feature.Chandelier:
                    DrawIcon("prop:chandelier", w * 0.5f, horizon * 0.42f, horizon * 0.38f);
                    break;
            }
        }

        // The skirting where the wall meets the floor.
        p.FillRect(-w, horizon - h * 0.012f, w * 3, h * 0.012f, Painting.Lerp(wall, SKColors.Black, 0.35f));
    }

    /// <summary>The floor in perspective, and what runs along its front.</summary>
    public void DrawFloor(float seconds)
    {
        var (w, h, horizon) = (p.Width, p.Height, p.Horizon);
        var floor = p.Palette.Ground;
        p.FillGradient(new SKRect(-w, horizon, w * 2, h * 1.5f), Painting.Lerp(floor, SKColors.Black, 0.25f), floor);
        var vanishing = new SKPoint(w / 2, horizon - h * 0.6f);
        p.Stroke.StrokeWidth = 1.5f;
        switch (p.Scenery.Ground)
        {
            case Ground.Wood:
                p.Stroke.Color = Painting.Lerp(floor, SKColors.Black, 0.3f);
                for (var i = -12; i <= 12; i++)
                {
                    var x = w / 2 + i * w * 0.12f;
                    p.Canvas.DrawLine(vanishing.X + (x - vanishing.X) * (horizon - vanishing.Y) / (h * 1.5f - vanishing.Y), horizon, x, h * 1.5f, p.Stroke);
                }

                break;
            case Ground.Tiles or Ground.Marble or Ground.Concrete:
                p.Stroke.Color = Painting.Lerp(floor, SKColors.Black, 0.18f);
                for (var i = -10; i <= 10; i++)
                {
                    var x = w / 2 + i * w * 0.16f;
                    p.Canvas.DrawLine(vanishing.X + (x - vanishing.X) * (horizon - vanishing.Y) / (h * 1.5f - vanishing.Y), horizon, x, h * 1.5f, p.Stroke);
                }

                for (var i = 1; i < 9; i++)
                {
                    var y = horizon + (h - horizon) * i * i / 64f;
                    p.Canvas.DrawLine(-w, y, w * 2, y, p.Stroke);
                }

                if (p.Scenery.Ground == Ground.Marble)
                {
                    p.Glow(new SKPoint(w / 2, horizon + (h - horizon) * 0.3f), w * 0.45f, SKColors.White.WithAlpha(60));
                }

                break;
            case Ground.Carpet:
                p.Fill.Color = Painting.Lerp(floor, new SKColor(220, 180, 90), 0.25f);
                for (var i = 0; i < 90; i++)
                {
                    var x = i * 97 % 300 / 100f * w - w;
                    var y = horizon + i * 53 % 100 / 100f * (h - horizon);
                    p.Canvas.DrawCircle(x, y, 1.5f + (y - horizon) / h * 4, p.Fill);
                }

                break;
        }

        foreach (var feature in p.Scenery.Features)
        {
            switch (feature)
            {
                case Feature.Stage:
                    // The lip of the stage across the front, footlights along it.
                    p.FillRect(-w, h * 0.9f, w * 3, h * 0.1f, new SKColor(30, 18, 14));
                    p.FillRect(-w, h * 0.9f, w * 3, h * 0.012f, new SKColor(150, 100, 60));
                    for (var x = w * 0.05f; x < w; x += w * 0.15f)
                    {
                        p.Glow(new SKPoint(x, h * 0.905f), h * 0.05f, new SKColor(255, 220, 150, 170));
                    }

                    break;
                case Feature.Platform:
                    p.FillRect(-w, horizon + (h - horizon) * 0.18f, w * 3, h * 0.02f, new SKColor(240, 200, 40));
                    break;
                case Feature.Tracks:
                    p.FillRect(-w, horizon, w * 3, (h - horizon) * 0.16f, new SKColor(60, 55, 50));
                    p.Stroke.Color = new SKColor(170, 170, 175);
                    p.Stroke.StrokeWidth = 3;
                    p.Canvas.DrawLine(-w, horizon + (h - horizon) * 0.05f, w * 2, horizon + (h - horizon) * 0.05f, p.Stroke);
                    p.Canvas.DrawLine(-w, horizon + (h - horizon) * 0.12f, w * 2, horizon + (h - horizon) * 0.12f, p.Stroke);
                    break;
            }
        }

        _ = seconds;
    }

    /// <summary>A window onto the hour outside: the sky's colours, the sun or the moon, its frame and sill.</summary>
    private void DrawWindow(float x, float y, float width, float height, float seconds)
    {
        var inside = new SKRect(x, y, x + width, y + height);
        p.FillGradient(inside, p.Palette.SkyTop, p.Palette.SkyHorizon);
        var dark = p.Plan.TimeOfDay == TimeOfDay.Night;
        p.Fill.Color = p.Palette.Sun;
        p.Canvas.DrawCircle(x + width * 0.7f, y + height * (dark ? 0.25f : 0.35f), width * 0.1f, p.Fill);
        if (p.Plan.Weather is Weather.Rain or Weather.Storm)
        {
            p.Stroke.Color = new SKColor(200, 210, 235, 140);
            p.Stroke.StrokeWidth = 1.5f;
            for (var i = 0; i < 24; i++)
            {
                var dx = i * 37 % 100 / 100f * width;
                var dy = (i * 53 % 100 / 100f * height + seconds * height * 1.5f) % height;
                p.Canvas.DrawLine(x + dx, y + dy, x + dx - 2, y + Math.Min(height, dy + height * 0.08f), p.Stroke);
            }
        }

        var frame = Painting.Lerp(p.Palette.Wall, SKColors.White, 0.6f);
        p.Stroke.Color = frame;
        p.Stroke.StrokeWidth = Math.Max(4, width * 0.04f);
        p.Canvas.DrawRect(inside, p.Stroke);
        p.Canvas.DrawLine(inside.MidX, y, inside.MidX, inside.Bottom, p.Stroke);
        p.Canvas.DrawLine(x, inside.MidY, inside.Right, inside.MidY, p.Stroke);
        p.FillRect(x - width * 0.06f, inside.Bottom, width * 1.12f, height * 0.06f, frame);
    }

    /// <summary>Shelves across the wall, full of books (or, behind a bar, bottles).</summary>
    private void DrawShelves(float x, float y, float width, float height, bool bottles = false)
    {
        var wood = Painting.Lerp(new SKColor(90, 58, 34), p.Palette.Shade, 1 - p.Palette.Light);
        p.FillRect(x, y, width, height, Painting.Lerp(wood, SKColors.Black, 0.35f));
        var rows = Math.Max(2, (int)(height / (p.Height * 0.09f)));
        var row = height / rows;
        for (var r = 0; r < rows; r++)
        {
            var top = y + r * row;
            var cursor = x + 4;
            var i = r * 7;
            while (cursor < x + width - 8)
            {
                var spine = spines[i++ % spines.Length];
                var thick = bottles ? row * 0.22f : row * (0.12f + i % 4 * 0.03f);
                var tall = bottles ? row * 0.75f : row * (0.62f + i % 3 * 0.1f);
                p.Fill.Color = bottles ? spine.WithAlpha(200) : Painting.Lerp(spine, p.Palette.Shade, 1 - p.Palette.Light);
                if (bottles)
                {
                    p.Canvas.DrawRoundRect(cursor, top + row - tall, thick, tall, thick * 0.3f, thick * 0.3f, p.Fill);
                    p.Canvas.DrawRect(cursor + thick * 0.35f, top + row - tall * 1.25f, thick * 0.3f, tall * 0.3f, p.Fill);
                    cursor += thick * 1.6f;
                }
                else
                {
                    p.Canvas.DrawRect(cursor, top + row - tall, thick, tall, p.Fill);
                    cursor += thick + 1;
                }
            }

            p.FillRect(x, top + row - 4, width, 6, wood);
        }
    }

    /// <summary>Velvet curtains gathered at each side and a valance across the top, swaying a little.</summary>
    private void DrawCurtains(float seconds)
    {
        var (w, horizon) = (p.Width, p.Horizon);
        var velvet = Painting.Lerp(new SKColor(150, 20, 34), p.Palette.Shade, (1 - p.Palette.Light) * 0.5f);
        foreach (var side in new[] { -1, 1 })
        {
            var edge = side < 0 ? 0 : w;
            var inner = edge - side * w * (0.16f + 0.01f * MathF.Sin(seconds * 0.8f));
            using var curtain = Painting.Polygon(new(edge, 0), new(inner, 0), new(inner + side * w * 0.05f, horizon * 0.6f), new(inner - side * w * 0.02f, horizon), new(edge, horizon));
            p.FillPath(curtain, velvet);
        }

        p.FillRect(0, 0, w, horizon * 0.12f, Painting.Lerp(velvet, SKColors.Black, 0.2f));
    }

    /// <summary>A drawable standing on <paramref name="baseY"/>, <paramref name="height"/> tall, its middle at <paramref name="x"/>.</summary>
    private void DrawIcon(string drawable, float x, float baseY, float height)
    {
        var image = drawables.Image(drawable, height, p.Tint);
        var width = height * image.Width / image.Height;
        p.Canvas.DrawImage(image, new SKRect(x - width / 2, baseY - height, x + width / 2, baseY), new SKSamplingOptions(SKFilterMode.Linear));
    }
}
