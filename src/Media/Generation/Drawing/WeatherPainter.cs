using SkiaSharp;

namespace SoraFunctions.Media.Generation.Drawing;

/// <summary>
/// The weather over the whole frame, in front of everything: rain streaking down (heavier in a storm, whose lightning
/// forks down and flashes the frame white), snow drifting, banks of fog, wind carrying leaves and dust. Indoors none of
/// it falls, but a storm still flashes at the windows.
/// </summary>
public sealed class WeatherPainter
{
    private readonly Painting p;
    private readonly (SKPoint Start, float Speed, float Size)[] particles;

    public WeatherPainter(Painting painting, Random random)
    {
        p = painting;
        var count = painting.Scenery.Interior || painting.Scenery.Underwater ? 0 : painting.Plan.Weather switch
        {
            Weather.Rain => 280, Weather.Storm => 380, Weather.Snow => 200, Weather.Wind => 70, _ => 0,
        };
        particles = [.. Enumerable.Range(0, count).Select(_ => (
            new SKPoint((float)random.NextDouble() * p.Width, (float)random.NextDouble() * p.Height), 0.7f + (float)random.NextDouble() * 0.6f,
            0.6f + (float)random.NextDouble() * 0.8f))];
    }

    /// <summary>How bright a lightning flash is at this moment (0–1): a strike every few seconds, flickering as it dies.</summary>
    public static float Flash(float seconds, int seed)
    {
        var period = 2.6f + seed % 3 * 0.4f;
        var since = (seconds + seed % 5 * 0.3f) % period;
        return since switch
        {
            < 0.08f => 1,
            < 0.14f => 0.3f,
            < 0.22f => 0.8f,
            < 0.5f => (0.5f - since) / 0.28f * 0.4f,
            _ => 0,
        };
    }

    public void Draw(float seconds)
    {
        var (w, h) = (p.Width, p.Height);
        switch (p.Plan.Weather)
        {
            case Weather.Rain or Weather.Storm:
            {
                var storm = p.Plan.Weather == Weather.Storm;
                if (!p.Scenery.Interior)
                {
                    p.FillRect(0, 0, w, h, new SKColor(40, 45, 60, (byte)(storm ? 100 : 70)));
                }

                p.Stroke.Color = new SKColor(200, 210, 235, 120);
                p.Stroke.StrokeWidth = Math.Max(1.2f, p.Unit * 0.0022f);
                foreach (var (start, speed, size) in particles)
                {
                    var y = (start.Y + seconds * h * 1.6f * speed) % h;
                    var x = (start.X + seconds * w * (storm ? 0.3f : 0.15f)) % w;
                    p.Canvas.DrawLine(x, y, x - 4 * size * (storm ? 2 : 1), y + p.Unit * 0.036f * size, p.Stroke);
                }

                if (storm)
                {
                    var flash = Flash(seconds, (int)(p.Plan.Seed % 97));
                    if (flash > 0 && !p.Scenery.Interior)
                    {
                        var x = w * (0.25f + 0.5f * ((int)(seconds / 2.6f) * 37 % 10) / 10f);
                        Bolt(p, new SKPoint(x, 0), new SKPoint(x + w * 0.08f, p.Horizon), (int)(seconds / 2.6f), flash);
                    }

                    p.FillRect(0, 0, w, h, SKColors.White.WithAlpha((byte)(flash * (p.Scenery.Interior ? 50 : 110))));
                }

                break;
            }

            case Weather.Snow:
                p.Fill.Color = new SKColor(255, 255, 255, 210);
                foreach (var (start, speed, size) in particles)
                {
                    var y = (start.Y + seconds * h * 0.12f * speed) % h;
                    var x = start.X + MathF.Sin(seconds * 1.5f + start.Y) * 12;
                    p.Canvas.DrawCircle(x, y, p.Unit * 0.0035f * size, p.Fill);
                }

                break;
            case Weather.Wind:
                p.Fill.Color = Painting.Lerp(p.Palette.Ground, new SKColor(200, 160, 80), 0.5f).WithAlpha(200);
                foreach (var (start, speed, size) in particles)
                {
                    var x = (start.X + seconds * w * 0.9f * speed) % (w * 1.2f) - w * 0.1f;
                    var y = start.Y + MathF.Sin(seconds * 4 + start.X) * 20;
                    p.Canvas.DrawOval(x, y, p.Unit * 0.008f * size, p.Unit * 0.004f * size, p.Fill);
                }

                p.Stroke.Color = new SKColor(255, 255, 255, 60);
                p.Stroke.StrokeWidth = 2;
                for (var gust = 0; gust < 5; gust++)
                {
                    var x = (gust * 0.27f + seconds * 0.5f) % 1.4f * w - w * 0.2f;
                    var y = h * (0.2f + gust * 0.13f);
                    p.Canvas.DrawLine(x, y, x + w * 0.18f, y, p.Stroke);
                }

                break;
            case Weather.Fog:
                var mist = Painting.Lerp(SKColors.White, p.Palette.SkyHorizon, 0.3f);
                for (var band = 0; band < 4; band++)
                {
                    // A bank of fog, thickest along its middle, drifting.
                    var y = p.Horizon - h * 0.15f + band * h * 0.12f;
                    var drift = MathF.Sin(seconds * 0.3f + band) * 30;
                    p.FillBands(new SKRect(-10 + drift, y - h * 0.12f, w + 10 + drift, y + h * 0.12f), (0, mist.WithAlpha(0)), (0.5f, mist.WithAlpha(130)), (1, mist.WithAlpha(0)));
                }

                break;
        }
    }

    /// <summary>A forked bolt of lightning from <paramref name="from"/> to <paramref name="to"/>, as bright as <paramref name="flash"/>.</summary>
    public static void Bolt(Painting p, SKPoint from, SKPoint to, int seed, float flash)
    {
        if (flash <= 0)
        {
            return;
        }

        var random = new Random(seed * 7919 + 11);
        using var builder = new SKPathBuilder();
        builder.MoveTo(from);
        var fork = new SKPoint();
        for (var step = 1; step <= 9; step++)
        {
            var u = step / 9f;
            var point = new SKPoint(from.X + (to.X - from.X) * u + ((float)random.NextDouble() - 0.5f) * p.Unit * 0.08f, from.Y + (to.Y - from.Y) * u);
            builder.LineTo(point);
            if (step == 4)
            {
                fork = point;
            }
        }

        builder.MoveTo(fork);
        builder.LineTo(fork.X + p.Unit * 0.07f, fork.Y + (to.Y - from.Y) * 0.18f);
        builder.LineTo(fork.X + p.Unit * 0.05f, fork.Y + (to.Y - from.Y) * 0.3f);
        using var bolt = builder.Detach();
        p.Stroke.Color = new SKColor(190, 200, 255, (byte)(120 * flash));
        p.Stroke.StrokeWidth = p.Unit * 0.018f;
        p.Canvas.DrawPath(bolt, p.Stroke);
        p.Stroke.Color = SKColors.White.WithAlpha((byte)(255 * flash));
        p.Stroke.StrokeWidth = p.Unit * 0.006f;
        p.Canvas.DrawPath(bolt, p.Stroke);
    }
}
