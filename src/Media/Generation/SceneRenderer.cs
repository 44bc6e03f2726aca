using SkiaSharp;

namespace SoraFunctions.Media.Generation;

/// <summary>
/// Draws the frames of a <see cref="ScenePlan"/>: a sky lit for the time of day, far, middle and near layers for the
/// setting, moving subjects, weather, and the look's grade. The camera move is applied per layer with parallax (far
/// layers move less), so pans, dollies and orbits read as depth. Given a backdrop picture (image-to-video), the picture
/// is the scene: the first frame shows it whole and the camera pushes into it. Deterministic: frame n of a plan is
/// always the same.
/// </summary>
public sealed class SceneRenderer : IDisposable
{
    public const int FramesPerSecond = 24;

    private readonly ScenePlan plan;
    private readonly int width;
    private readonly int height;
    private readonly float horizon;
    private readonly Palette palette;
    private readonly SKBitmap bitmap;
    private readonly SKCanvas canvas;
    private readonly SKPaint fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
    private readonly SKPoint[] stars;
    private readonly float[] skyline;
    private readonly SKPoint[] trees;
    private readonly SKPath farRidge;
    private readonly SKPath nearRidge;
    private readonly (SKPoint Start, float Speed, float Size)[] particles;
    private readonly SKColorFilter? grade;
    private readonly IReadOnlyList<SpeechTrack> speech;
    private readonly SKFont subtitleFont;
    private readonly SKImage? backdrop;
    private readonly Dictionary<string, SKImage> faces = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The subtitles' typeface (fonts-dejavu-core, a prerequisite of the generator).</summary>
    public const string SubtitleFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary><paramref name="faceFiles"/>: each cameo's reference face, by the username its subject is cast as.</summary>
    public SceneRenderer(
        ScenePlan plan, int width, int height, IReadOnlyList<SpeechTrack>? speech = null, string? backdropFile = null,
        IReadOnlyDictionary<string, string>? faceFiles = null)
    {
        this.plan = plan;
        backdrop = backdropFile is null
            ? null
            : SKImage.FromEncodedData(backdropFile) ?? throw new MediaException($"{backdropFile} is not an image the renderer can read.");
        foreach (var (username, file) in faceFiles ?? new Dictionary<string, string>())
        {
            faces[username] = SKImage.FromEncodedData(file) ?? throw new MediaException($"{file} is not an image the renderer can read.");
        }

        this.speech = speech ?? [];
        subtitleFont = new SKFont(SKTypeface.FromFile(SubtitleFontFile) ?? SKTypeface.Default, Math.Min(width, height) * 0.045f);
        this.width = width;
        this.height = height;
        horizon = height * (height > width ? 0.56f : 0.6f);
        palette = Palette.For(plan.TimeOfDay, plan.Setting);
        bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        canvas = new SKCanvas(bitmap);

        var random = new Random(unchecked((int)plan.Seed * 31 + 7));
        stars = [.. Enumerable.Range(0, 160).Select(_ => new SKPoint(Next(random, -0.5f, 1.5f) * width, Next(random, 0, 0.95f) * horizon))];
        skyline = [.. Enumerable.Range(0, 28).Select(_ => Next(random, 0.12f, 0.42f))];
        trees = [.. Enumerable.Range(0, 22).Select(_ => new SKPoint(Next(random, -0.5f, 1.5f) * width, Next(random, 0.75f, 1.35f)))];
        farRidge = Ridge(random, 0.32f, 9);
        nearRidge = Ridge(random, 0.18f, 14);
        var count = plan.Weather switch { Weather.Rain => 280, Weather.Snow => 200, Weather.Wind => 70, _ => 0 };
        particles = [.. Enumerable.Range(0, count).Select(_ => (
            new SKPoint(Next(random, 0, 1) * width, Next(random, 0, 1) * height), Next(random, 0.7f, 1.3f), Next(random, 0.6f, 1.4f)))];
        grade = Grade(plan.Look);
    }

    public int FrameCount => plan.Seconds * FramesPerSecond;

    /// <summary>The last rendered frame, BGRA, row by row.</summary>
    public ReadOnlySpan<byte> Pixels => bitmap.GetPixelSpan();

    public void Render(int frame)
    {
        var seconds = frame / (float)FramesPerSecond;
        var progress = frame / (float)Math.Max(1, FrameCount - 1);
        canvas.Clear(SKColors.Black);
        if (grade is not null)
        {
            using var layer = new SKPaint { ColorFilter = grade };
            canvas.SaveLayer(layer);
        }

        if (backdrop is not null)
        {
            DrawBackdrop(backdrop, progress);
        }
        else
        {
            InLayer(progress, 0.04f, () => DrawSky(seconds));
            InLayer(progress, 0.2f, DrawFarLayer);
            InLayer(progress, 0.55f, () => DrawMiddleLayer(seconds));
            InLayer(progress, 0.85f, () => DrawGround(seconds));
        }

        InLayer(progress, 1f, () => DrawSubjects(frame, seconds));
        DrawWeather(seconds);
        if (grade is not null)
        {
            canvas.Restore();
        }

        DrawVignette(frame);
        DrawSubtitle(frame);
        canvas.Flush();
    }

    /// <summary>
    /// The backdrop under the camera: whole at the first frame, then a slow push in (drifting the way a pan goes) that
    /// never shows past the picture's edges; a static camera holds it.
    /// </summary>
    private void DrawBackdrop(SKImage picture, float progress)
    {
        var eased = progress * progress * (3 - 2 * progress);
        var (push, drift) = plan.Camera switch
        {
            CameraMove.Static => (0f, 0f),
            CameraMove.PanRight => (0.12f, 1f),
            CameraMove.PanLeft => (0.12f, -1f),
            _ => (0.15f, 0f),
        };
        var scale = 1 + push * eased;
        var slack = (scale - 1) * width / 2;
        canvas.Save();
        canvas.Translate(width / 2f - drift * slack, height / 2f);
        canvas.Scale(scale);
        canvas.Translate(-width / 2f, -height / 2f);
        canvas.DrawImage(picture, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear));
        canvas.Restore();
    }

    /// <summary>Applies the camera at this point of the move to a layer at the given depth (0 far, 1 subject plane).</summary>
    private void InLayer(float progress, float depth, Action draw)
    {
        var eased = progress * progress * (3 - 2 * progress);
        var (shift, scale, turn) = plan.Camera switch
        {
            CameraMove.PanRight => (-(eased - 0.5f) * 0.55f * width * depth, 1f, 0f),
            CameraMove.PanLeft => ((eased - 0.5f) * 0.55f * width * depth, 1f, 0f),
            CameraMove.DollyIn => (0f, 1f + 0.5f * eased * depth, 0f),
            CameraMove.DollyOut => (0f, 1f + 0.5f * (1 - eased) * depth, 0f),
            CameraMove.ZoomIn => (0f, 1f + 0.55f * eased, 0f),
            CameraMove.Orbit => (MathF.Sin((eased - 0.5f) * MathF.PI) * 0.32f * width * (depth - 0.5f),
                1.05f, MathF.Sin((eased - 0.5f) * MathF.PI) * 2.5f * depth),
            _ => (0f, 1f, 0f),
        };

        if (plan.Camera != CameraMove.Static)
        {
            // A hand-held camera never quite rests: a slow, smooth wander on top of the move.
            var t = progress * plan.Seconds;
            shift += (MathF.Sin(t * 1.3f + plan.Seed % 7) + 0.5f * MathF.Sin(t * 2.9f)) * width * 0.004f * depth;
            turn += MathF.Sin(t * 1.1f + plan.Seed % 5) * 0.3f * depth;
        }

        canvas.Save();
        canvas.Translate(width / 2f + shift, horizon);
        canvas.Scale(scale);
        canvas.RotateDegrees(turn);
        canvas.Translate(-width / 2f, -horizon);
        draw();
        canvas.Restore();
    }

    private void DrawSky(float seconds)
    {
        using var sky = SKShader.CreateLinearGradient(
            new SKPoint(0, -height * 0.3f), new SKPoint(0, horizon), [palette.SkyTop, palette.SkyHorizon], SKShaderTileMode.Clamp);
        UseShader(sky);
        canvas.DrawRect(-width, -height, width * 3, horizon + height + 2, fill);
        fill.Shader = null;

        if (plan.TimeOfDay == TimeOfDay.Night || plan.Setting == Setting.Space)
        {
            for (var i = 0; i < stars.Length; i++)
            {
                var twinkle = 0.55f + 0.45f * MathF.Sin(seconds * 2.3f + i * 1.7f);
                fill.Color = SKColors.White.WithAlpha((byte)(220 * twinkle));
                canvas.DrawCircle(stars[i], i % 9 == 0 ? 2.2f : 1.2f, fill);
            }
        }

        var (sx, sy, radius) = SunPlacement();
        var center = new SKPoint(sx * width, sy);
        var r = radius * Math.Min(width, height) * 1.4f;
        using (var glow = SKShader.CreateRadialGradient(
            center, r * 3.2f, [palette.Sun.WithAlpha(150), palette.Sun.WithAlpha(0)], SKShaderTileMode.Clamp))
        {
            UseShader(glow);
            canvas.DrawCircle(center, r * 3.2f, fill);
            fill.Shader = null;
        }

        fill.Color = palette.Sun;
        canvas.DrawCircle(center, r, fill);

        if (plan.Setting == Setting.Space)
        {
            using var planet = SKShader.CreateRadialGradient(
                new SKPoint(width * 0.3f, horizon * 0.55f), width * 0.38f,
                [new SKColor(120, 160, 220), new SKColor(20, 30, 70)], SKShaderTileMode.Clamp);
            UseShader(planet);
            canvas.DrawCircle(width * 0.38f, horizon * 0.62f, width * 0.3f, fill);
            fill.Shader = null;
        }
        else if (plan.Weather != Weather.Clear || plan.TimeOfDay != TimeOfDay.Night)
        {
            DrawClouds(seconds);
        }
    }

    /// <summary>Where the sun (or the moon) stands: across the frame (0–1), its height in pixels, and its size.</summary>
    private (float X, float Y, float Radius) SunPlacement() => plan.TimeOfDay switch
    {
        TimeOfDay.Dawn => (0.25f, horizon - height * 0.1f, 0.07f),
        TimeOfDay.Day => (0.72f, height * 0.14f, 0.06f),
        TimeOfDay.Sunset => (0.6f, horizon - height * 0.05f, 0.09f),
        _ => (0.76f, height * 0.13f, 0.05f),
    };

    private void DrawClouds(float seconds)
    {
        var gray = plan.Weather is Weather.Rain or Weather.Snow;
        fill.Color = (gray ? new SKColor(120, 125, 135) : Lerp(SKColors.White, palette.SkyHorizon, 0.25f)).WithAlpha(gray ? (byte)230 : (byte)190);
        var count = gray ? 7 : 4;
        for (var i = 0; i < count; i++)
        {
            var x = ((i * 0.37f + seconds * 0.012f) % 1.6f - 0.3f) * width * 1.4f;
            var y = height * (0.06f + 0.06f * (i % 3));
            var size = width * (0.12f + 0.03f * (i % 4));
            canvas.DrawOval(x, y, size, size * 0.32f, fill);
            canvas.DrawOval(x + size * 0.5f, y - size * 0.12f, size * 0.6f, size * 0.3f, fill);
            canvas.DrawOval(x - size * 0.55f, y + size * 0.05f, size * 0.55f, size * 0.22f, fill);
        }
    }

    private void DrawFarLayer()
    {
        var haze = Lerp(palette.SkyHorizon, palette.Shade, 0.45f);
        switch (plan.Setting)
        {
            case Setting.Mountains or Setting.Snow:
                DrawPath(farRidge, Lerp(haze, palette.SkyHorizon, 0.3f));
                DrawPath(nearRidge, Lerp(haze, palette.Shade, 0.35f));
                if (plan.Setting == Setting.Snow)
                {
                    fill.Color = new SKColor(245, 248, 255, 200);
                    canvas.Save();
                    canvas.ClipRect(new SKRect(-width, 0, width * 2, horizon - height * 0.2f));
                    canvas.DrawPath(farRidge, fill);
                    canvas.Restore();
                }

                break;
            case Setting.City:
                DrawSkyline(horizon, 1f, Lerp(haze, palette.Shade, 0.3f), lit: plan.TimeOfDay is TimeOfDay.Night or TimeOfDay.Sunset);
                break;
            case Setting.Desert:
                DrawPath(Dunes(0.1f, 1.3f), Lerp(palette.Ground, palette.SkyHorizon, 0.35f));
                break;
            case Setting.Forest or Setting.Field:
                DrawPath(nearRidge, Lerp(haze, palette.Ground, 0.45f));
                break;
            case Setting.Interior:
                fill.Color = palette.Wall;
                canvas.DrawRect(-width, -height, width * 3, horizon + height, fill);
                fill.Color = palette.SkyHorizon;
                canvas.DrawRect(width * 0.55f, horizon * 0.25f, width * 0.3f, horizon * 0.45f, fill);
                stroke.Color = Lerp(palette.Wall, SKColors.Black, 0.4f);
                stroke.StrokeWidth = width * 0.012f;
                canvas.DrawRect(width * 0.55f, horizon * 0.25f, width * 0.3f, horizon * 0.45f, stroke);
                canvas.DrawLine(width * 0.7f, horizon * 0.25f, width * 0.7f, horizon * 0.7f, stroke);
                break;
        }
    }

    private void DrawMiddleLayer(float seconds)
    {
        switch (plan.Setting)
        {
            case Setting.Forest or Setting.Field or Setting.Snow or Setting.Mountains:
                foreach (var tree in plan.Setting == Setting.Field ? trees.Take(6) : trees)
                {
                    DrawTree(tree.X, horizon + height * 0.02f * tree.Y, height * 0.16f * tree.Y);
                }

                break;
            case Setting.City:
                DrawSkyline(horizon + height * 0.03f, 1.6f, Lerp(palette.Shade, palette.Ground, 0.2f), lit: plan.TimeOfDay != TimeOfDay.Day);
                break;
            case Setting.Desert:
                fill.Color = Lerp(new SKColor(60, 110, 60), palette.Shade, 0.3f);
                foreach (var tree in trees.Take(5))
                {
                    var h = height * 0.08f * tree.Y;
                    canvas.DrawRoundRect(tree.X, horizon - h + height * 0.02f, h * 0.18f, h, h * 0.09f, h * 0.09f, fill);
                    canvas.DrawRoundRect(tree.X - h * 0.25f, horizon - h * 0.6f + height * 0.02f, h * 0.25f, h * 0.12f, 4, 4, fill);
                }

                break;
        }

        if (plan.Setting is Setting.Sea or Setting.Beach)
        {
            DrawWater(seconds);
        }
    }

    private void DrawGround(float seconds)
    {
        if (plan.Setting == Setting.Sea)
        {
            return; // the water is the ground
        }

        var top = plan.Setting == Setting.Beach ? horizon + height * 0.12f : horizon;
        using var shader = SKShader.CreateLinearGradient(
            new SKPoint(0, top), new SKPoint(0, height),
            [Lerp(palette.Ground, palette.SkyHorizon, 0.25f), palette.Ground, Lerp(palette.Ground, SKColors.Black, 0.3f)],
            [0, 0.4f, 1], SKShaderTileMode.Clamp);
        UseShader(shader);
        canvas.DrawRect(-width, top, width * 3, height * 1.5f, fill);
        fill.Shader = null;

        if (plan.Setting == Setting.City)
        {
            stroke.Color = new SKColor(230, 210, 120, 200);
            stroke.StrokeWidth = height * 0.006f;
            var y = horizon + height * 0.3f;
            var offset = seconds * width * 0.25f % (width * 0.2f);
            for (var x = -width - offset; x < width * 2; x += width * 0.2f)
            {
                canvas.DrawLine(x, y, x + width * 0.1f, y, stroke);
            }
        }
        else if (plan.Setting is Setting.Field or Setting.Forest)
        {
            stroke.Color = Lerp(palette.Ground, new SKColor(200, 230, 140), 0.3f).WithAlpha(160);
            stroke.StrokeWidth = 2;
            for (var i = 0; i < 120; i++)
            {
                var x = (i * 97 % 300) / 100f * width - width;
                var y = horizon + (i * 53 % 100) / 100f * (height - horizon);
                var sway = MathF.Sin(seconds * 2 + i) * 3;
                canvas.DrawLine(x, y, x + sway, y - height * 0.015f, stroke);
            }
        }
    }

    private void DrawWater(float seconds)
    {
        var top = horizon;
        var bottom = plan.Setting == Setting.Beach ? horizon + height * 0.14f : height * 1.5f;
        using var shader = SKShader.CreateLinearGradient(
            new SKPoint(0, top), new SKPoint(0, Math.Min(bottom, height)),
            [Lerp(palette.Water, palette.SkyHorizon, 0.45f), palette.Water], SKShaderTileMode.Clamp);
        UseShader(shader);
        canvas.DrawRect(-width, top, width * 3, bottom - top, fill);
        fill.Shader = null;

        stroke.StrokeWidth = 2.5f;
        stroke.Color = Lerp(palette.Water, SKColors.White, 0.45f).WithAlpha(170);
        for (var row = 0; row < 9; row++)
        {
            var y = top + (bottom - top) * (row + 0.5f) / 9f;
            if (y > height)
            {
                break;
            }

            using var wave = new SKPath();
            var amplitude = 2 + row * 1.5f;
            for (var x = -width; x <= width * 2; x += 12)
            {
                var waveY = y + MathF.Sin(x * 0.02f + seconds * (1.2f + row * 0.15f) + row) * amplitude;
                if (x == -width)
                {
                    wave.MoveTo(x, waveY);
                }
                else
                {
                    wave.LineTo(x, waveY);
                }
            }

            canvas.DrawPath(wave, stroke);
        }
    }

    /// <summary>How far the subject's mouth is open at this frame: the loudness of the line it is saying, else 0.</summary>
    private float MouthOpenness(int subject, int frame)
    {
        foreach (var track in speech)
        {
            var at = frame - (int)Math.Round(track.StartSeconds * FramesPerSecond);
            if (track.Speaker == subject && at >= 0 && at < track.Openness.Count)
            {
                return track.Openness[at];
            }
        }

        return 0;
    }

    /// <summary>The line being heard, as a subtitle at the bottom of the frame.</summary>
    private void DrawSubtitle(int frame)
    {
        var line = speech.FirstOrDefault(track =>
            frame >= track.StartSeconds * FramesPerSecond && frame < track.StartSeconds * FramesPerSecond + track.Openness.Count);
        if (line is null)
        {
            return;
        }

        var textWidth = subtitleFont.MeasureText(line.Text);
        var y = height * 0.9f;
        fill.Color = new SKColor(0, 0, 0, 150);
        canvas.DrawRoundRect(
            (width - textWidth) / 2 - subtitleFont.Size * 0.5f, y - subtitleFont.Size * 1.1f,
            textWidth + subtitleFont.Size, subtitleFont.Size * 1.5f, 8, 8, fill);
        fill.Color = SKColors.White;
        canvas.DrawText(line.Text, width / 2f, y, SKTextAlign.Center, subtitleFont, fill);
    }

    private void DrawSubjects(int frame, float seconds)
    {
        var unit = Math.Min(width, height) * 1.35f;
        foreach (var (subject, index) in plan.Subjects.Select((s, i) => (s, i)).OrderBy(x => x.s.Kind == SubjectKind.Bird ? 0 : 1))
        {
            var speed = subject.Motion switch
            {
                Motion.Walk => 0.05f, Motion.Run => 0.12f, Motion.Drive => 0.18f, Motion.Fly => 0.09f, Motion.Drift => 0.025f, _ => 0f,
            };
            // Capped so a subject crosses at most half the frame over the clip and stays in shot.
            var travel = subject.StartX + subject.Direction * MathF.Min(speed, 0.5f / plan.Seconds) * seconds;
            var x = (((travel + 0.4f) % 1.8f + 1.8f) % 1.8f - 0.4f) * width;
            var ground = horizon + height * (0.2f + 0.04f * (subject.Hue % 3));
            var color = Lerp(SKColor.FromHsv(subject.Hue, 55, 75), palette.Shade, 1 - palette.Light);

            canvas.Save();
            switch (subject.Kind)
            {
                case SubjectKind.Bird:
                    canvas.Translate(x, height * (0.18f + 0.05f * (subject.Hue % 4)) + MathF.Sin(seconds * 2 + subject.Hue) * 8);
                    canvas.Scale(subject.Direction * subject.Scale * unit / 720f, subject.Scale * unit / 720f);
                    DrawBird(seconds, Lerp(new SKColor(40, 40, 50), palette.Shade, 0.3f));
                    break;
                case SubjectKind.Boat:
                    canvas.Translate(x, horizon + height * 0.07f + MathF.Sin(seconds * 1.6f) * 4);
                    canvas.RotateDegrees(MathF.Sin(seconds * 1.3f) * 3);
                    canvas.Scale(subject.Direction * subject.Scale * unit / 720f, subject.Scale * unit / 720f);
                    DrawBoat(color);
                    break;
                default:
                {
                    // Farther back (nearer the horizon) is smaller and hazier.
                    var nearness = (ground - horizon) / (height * 0.28f);
                    var size = subject.Scale * unit / 720f * nearness;
                    canvas.Translate(x, ground);
                    canvas.Scale(subject.Direction * size, size);
                    DrawShadow(x, subject.Direction);
                    // Mirrored subjects see the sun on their other side.
                    var sunSide = (x < SunPlacement().X * width ? 1 : -1) * subject.Direction;
                    // Fast subjects smear along their travel, as a shutter open for half a frame would record them.
                    using var motionBlur = subject.Motion switch
                    {
                        Motion.Drive => new SKPaint { ImageFilter = SKImageFilter.CreateBlur(5, 0) },
                        Motion.Run => new SKPaint { ImageFilter = SKImageFilter.CreateBlur(1.8f, 0) },
                        _ => null,
                    };
                    canvas.SaveLayer(SubjectBounds, motionBlur);
                    DrawWalker(subject, seconds, Lerp(color, palette.SkyHorizon, (1 - nearness) * 0.8f), MouthOpenness(index, frame));
                    Light(sunSide * HalfWidth(subject.Kind));
                    canvas.Restore();
                    break;
                }
            }

            canvas.Restore();
        }
    }

    /// <summary>The box every ground subject is drawn in (its feet at the origin), in the subject's own units.</summary>
    private static readonly SKRect SubjectBounds = new(-150, -280, 150, 14);

    /// <summary>
    /// Lights the subject just drawn in the current layer: its edge facing the sun (at <paramref name="sunEdge"/> in the
    /// subject's units) takes on the sun's color, strongest as a rim when it stands low at dawn and sunset; the far side
    /// falls into shade.
    /// </summary>
    private void Light(float sunEdge)
    {
        var (rim, shade) = plan.TimeOfDay switch
        {
            TimeOfDay.Day => ((byte)55, (byte)80),
            TimeOfDay.Night => ((byte)45, (byte)70),
            _ => ((byte)130, (byte)120),
        };
        using var light = SKShader.CreateLinearGradient(
            new SKPoint(sunEdge, 0), new SKPoint(-sunEdge, 0),
            [Lerp(palette.Sun, SKColors.White, 0.4f).WithAlpha(rim), palette.Sun.WithAlpha(0), palette.Shade.WithAlpha(shade)], [0, 0.35f, 1], SKShaderTileMode.Clamp);
        UseShader(light);
        fill.BlendMode = SKBlendMode.SrcATop;
        canvas.DrawRect(SubjectBounds, fill);
        fill.BlendMode = SKBlendMode.SrcOver;
        fill.Shader = null;
    }

    /// <summary>How far a ground subject reaches either side of its middle, in its own units.</summary>
    private static float HalfWidth(SubjectKind kind) => kind switch
    {
        SubjectKind.Horse => 120, SubjectKind.Car => 100, SubjectKind.Dog => 75, SubjectKind.Cat => 55, SubjectKind.Robot => 32, _ => 22,
    };

    /// <summary>A shadow cast away from the sun: short at noon, long and soft at dawn and sunset, faint by moonlight.</summary>
    private void DrawShadow(float x, float direction)
    {
        var (length, alpha) = plan.TimeOfDay switch
        {
            TimeOfDay.Day => (12f, (byte)70),
            TimeOfDay.Night => (30f, (byte)25),
            _ => (90f, (byte)55),
        };
        var away = x < SunPlacement().X * width ? -1 : 1;
        fill.Color = new SKColor(0, 0, 0, alpha);
        canvas.DrawOval(away * direction * length / 2, 0, 40 + length, 9, fill);
    }

    private void DrawWalker(Subject subject, float seconds, SKColor color, float mouth)
    {
        var stepRate = subject.Motion switch { Motion.Run => 3.2f, Motion.Walk => 1.8f, Motion.Dance => 2.2f, _ => 0f };
        var phase = seconds * MathF.Tau * stepRate;
        var swing = MathF.Sin(phase);
        stroke.Color = color;
        fill.Color = color;
        switch (subject.Kind)
        {
            case SubjectKind.Person:
            {
                var bounce = subject.Motion == Motion.Dance ? MathF.Abs(swing) * 12 : MathF.Abs(swing) * 3;
                stroke.StrokeWidth = 13;
                var hip = new SKPoint(0, -95 - bounce);
                DrawLeg(hip, phase, stepRate > 0);
                DrawLeg(hip, phase + MathF.PI, stepRate > 0);
                canvas.DrawRoundRect(-17, -175 - bounce, 34, 85, 14, 14, fill);
                var arm = subject.Motion == Motion.Dance ? -150f : -40f;
                stroke.StrokeWidth = 10;
                canvas.DrawLine(0, -165 - bounce, -swing * 30, -165 - bounce + (subject.Motion == Motion.Dance ? -60 : 70) + swing * 10, stroke);
                canvas.DrawLine(0, -165 - bounce, swing * 30 + 5, -165 - bounce - arm * 0.45f, stroke);
                if (subject.Cameo is { } cameo && faces.TryGetValue(cameo, out var face))
                {
                    DrawFace(face, -bounce, mouth);
                    break;
                }

                fill.Color = Lerp(new SKColor(225, 185, 150), palette.Shade, 1 - palette.Light);
                canvas.DrawCircle(0, -198 - bounce, 20, fill);
                fill.Color = new SKColor(60, 20, 25);
                canvas.DrawOval(9, -190 - bounce, 6, 1.2f + mouth * 6, fill);
                break;
            }

            case SubjectKind.Robot:
                stroke.StrokeWidth = 12;
                canvas.DrawLine(-12, -70, swing * 18 - 12, 0, stroke);
                canvas.DrawLine(12, -70, -swing * 18 + 12, 0, stroke);
                canvas.DrawRoundRect(-30, -160, 60, 95, 8, 8, fill);
                canvas.DrawRoundRect(-22, -205, 44, 38, 6, 6, fill);
                stroke.StrokeWidth = 3;
                canvas.DrawLine(0, -205, 0, -225, stroke);
                fill.Color = (int)(seconds * 2) % 2 == 0 ? new SKColor(255, 60, 60) : new SKColor(90, 20, 20);
                canvas.DrawCircle(0, -228, 5, fill);
                fill.Color = new SKColor(120, 220, 255);
                canvas.DrawRect(-14, -195, 28, 8, fill);
                fill.Color = Lerp(new SKColor(40, 60, 70), new SKColor(150, 255, 200), mouth);
                canvas.DrawRect(-10, -182 - mouth * 4, 20, 3 + mouth * 8, fill);
                break;
            case SubjectKind.Dog or SubjectKind.Cat or SubjectKind.Horse:
            {
                var size = subject.Kind switch { SubjectKind.Horse => 2.4f, SubjectKind.Cat => 1.1f, _ => 1.5f };
                canvas.Scale(size);
                stroke.StrokeWidth = 7;
                foreach (var (legX, sign) in new[] { (-22f, 1f), (-14f, -1f), (20f, -1f), (28f, 1f) })
                {
                    canvas.DrawLine(legX, -28, legX + swing * sign * 10, 0, stroke);
                }

                canvas.DrawOval(2, -38, 36, 15, fill);
                canvas.DrawCircle(40, -58, 13, fill);
                canvas.DrawOval(50, -55, 9, 6, fill);
                stroke.StrokeWidth = 5;
                var wag = subject.Kind == SubjectKind.Cat ? -30 : MathF.Sin(seconds * 14) * 10;
                canvas.DrawLine(-32, -42, -48, -52 + wag, stroke);
                using var ear = new SKPath();
                ear.MoveTo(32, -66);
                ear.LineTo(subject.Kind == SubjectKind.Cat ? 34 : 30, -82);
                ear.LineTo(42, -70);
                ear.Close();
                canvas.DrawPath(ear, fill);
                break;
            }

            case SubjectKind.Car:
            {
                canvas.Scale(1.6f);
                canvas.DrawRoundRect(-60, -42, 120, 28, 10, 10, fill);
                canvas.DrawRoundRect(-32, -64, 62, 26, 12, 12, fill);
                fill.Color = Lerp(palette.SkyHorizon, SKColors.Black, 0.3f);
                canvas.DrawRoundRect(-26, -60, 24, 18, 4, 4, fill);
                canvas.DrawRoundRect(2, -60, 22, 18, 4, 4, fill);
                foreach (var wheelX in new[] { -36f, 36f })
                {
                    fill.Color = new SKColor(25, 25, 28);
                    canvas.DrawCircle(wheelX, -14, 14, fill);
                    stroke.Color = new SKColor(160, 160, 165);
                    stroke.StrokeWidth = 2;
                    var spin = seconds * 12;
                    canvas.DrawLine(wheelX + MathF.Cos(spin) * 10, -14 + MathF.Sin(spin) * 10, wheelX - MathF.Cos(spin) * 10, -14 - MathF.Sin(spin) * 10, stroke);
                }

                if (palette.Light < 0.7f)
                {
                    using var beam = SKShader.CreateRadialGradient(
                        new SKPoint(62, -34), 90, [new SKColor(255, 240, 190, 170), new SKColor(255, 240, 190, 0)], SKShaderTileMode.Clamp);
                    UseShader(beam);
                    canvas.DrawCircle(62, -34, 90, fill);
                    fill.Shader = null;
                }

                break;
            }
        }
    }

    /// <summary>
    /// A cameo's head: their reference face in an oval, facing the camera (never mirrored with the walker's direction),
    /// its mouth opening over the face's own while they speak.
    /// </summary>
    private void DrawFace(SKImage face, float rise, float mouth)
    {
        var head = new SKRect(-24, -232 + rise, 24, -172 + rise);
        canvas.Save();
        canvas.Scale(canvas.TotalMatrix.ScaleX < 0 ? -1 : 1, 1); // undo the walker's mirroring: a face reads only one way round
        using (var oval = new SKPath())
        {
            oval.AddOval(head);
            canvas.ClipPath(oval, antialias: true);
            // The reference frames the face with a margin: the middle of it fills the head.
            var side = Math.Min(face.Width, face.Height) * 0.7f;
            var source = SKRect.Create((face.Width - side) / 2, (face.Height - side) / 2, side, side);
            canvas.DrawImage(face, source, head, new SKSamplingOptions(SKFilterMode.Linear));
        }

        if (mouth > 0.05f)
        {
            fill.Color = new SKColor(60, 20, 25, 200);
            canvas.DrawOval(0, head.MidY + head.Height * 0.27f, 6, 1 + mouth * 5, fill);
        }

        canvas.Restore();
    }

    /// <summary>
    /// A leg in two parts: the foot swings forward and back with the stride and lifts while it swings through, the knee
    /// bending forward most then, as a walking leg does.
    /// </summary>
    private void DrawLeg(SKPoint hip, float phase, bool striding)
    {
        var swingingThrough = striding ? MathF.Max(0, MathF.Cos(phase)) : 0;
        var foot = new SKPoint(striding ? MathF.Sin(phase) * 28 : 0, -swingingThrough * 12);
        var knee = new SKPoint((hip.X + foot.X) / 2 + (striding ? 3 + swingingThrough * 12 : 0), (hip.Y + foot.Y) / 2);
        using var leg = new SKPath();
        leg.MoveTo(hip);
        leg.LineTo(knee);
        leg.LineTo(foot);
        canvas.DrawPath(leg, stroke);
    }

    private void DrawBird(float seconds, SKColor color)
    {
        var flap = MathF.Sin(seconds * 9) * 14;
        stroke.Color = color;
        stroke.StrokeWidth = 5;
        using var path = new SKPath();
        path.MoveTo(-34, -flap);
        path.QuadTo(-16, -12, 0, 0);
        path.QuadTo(16, -12, 34, -flap);
        canvas.DrawPath(path, stroke);
    }

    private void DrawBoat(SKColor color)
    {
        fill.Color = Lerp(color, SKColors.Black, 0.3f);
        using var hull = new SKPath();
        hull.MoveTo(-90, -20);
        hull.LineTo(90, -20);
        hull.LineTo(65, 12);
        hull.LineTo(-70, 12);
        hull.Close();
        canvas.DrawPath(hull, fill);
        stroke.Color = new SKColor(70, 50, 40);
        stroke.StrokeWidth = 5;
        canvas.DrawLine(0, -20, 0, -150, stroke);
        fill.Color = Lerp(new SKColor(250, 248, 240), palette.Shade, 1 - palette.Light);
        using var sail = new SKPath();
        sail.MoveTo(6, -145);
        sail.LineTo(75, -30);
        sail.LineTo(6, -30);
        sail.Close();
        canvas.DrawPath(sail, fill);
    }

    private void DrawTree(float x, float baseY, float size)
    {
        var snowy = plan.Setting == Setting.Snow;
        fill.Color = Lerp(new SKColor(80, 55, 35), palette.Shade, 0.5f);
        canvas.DrawRect(x - size * 0.05f, baseY - size * 0.3f, size * 0.1f, size * 0.3f, fill);
        var leaves = Lerp(plan.Setting == Setting.Forest ? new SKColor(30, 90, 40) : new SKColor(55, 120, 50), palette.Shade, 1 - palette.Light);
        for (var tier = 0; tier < 3; tier++)
        {
            var w = size * (0.42f - tier * 0.1f);
            var top = baseY - size * (0.55f + tier * 0.2f);
            using var cone = new SKPath();
            cone.MoveTo(x - w, baseY - size * (0.22f + tier * 0.2f));
            cone.LineTo(x, top - size * 0.15f);
            cone.LineTo(x + w, baseY - size * (0.22f + tier * 0.2f));
            cone.Close();
            fill.Color = snowy && tier == 2 ? new SKColor(240, 245, 250) : leaves;
            canvas.DrawPath(cone, fill);
        }
    }

    private void DrawSkyline(float baseY, float scale, SKColor color, bool lit)
    {
        var block = width * 0.075f * scale;
        for (var i = 0; i < skyline.Length; i++)
        {
            var x = -width * 0.5f + i * block * (scale > 1 ? 1.2f : 0.75f);
            var h = skyline[(i * 7 + (int)(scale * 10)) % skyline.Length] * height * scale * 0.8f;
            fill.Color = color;
            canvas.DrawRect(x, baseY - h, block * 0.9f, h, fill);
            if (!lit)
            {
                continue;
            }

            fill.Color = new SKColor(255, 214, 120, 200);
            for (var wy = baseY - h + 8; wy < baseY - 10; wy += 14 * scale)
            {
                for (var wx = x + 5; wx < x + block * 0.9f - 8; wx += 12 * scale)
                {
                    if ((int)(wx * 13 + wy * 7 + i) % 5 < 2)
                    {
                        canvas.DrawRect(wx, wy, 5 * scale, 6 * scale, fill);
                    }
                }
            }
        }
    }

    private void DrawWeather(float seconds)
    {
        switch (plan.Weather)
        {
            case Weather.Rain:
                fill.Color = new SKColor(40, 45, 60, 70);
                canvas.DrawRect(0, 0, width, height, fill);
                stroke.Color = new SKColor(200, 210, 235, 120);
                stroke.StrokeWidth = 1.6f;
                foreach (var (start, speed, size) in particles)
                {
                    var y = (start.Y + seconds * height * 1.6f * speed) % height;
                    var x = (start.X + seconds * width * 0.15f) % width;
                    canvas.DrawLine(x, y, x - 4 * size, y + 26 * size, stroke);
                }

                break;
            case Weather.Snow:
                fill.Color = new SKColor(255, 255, 255, 210);
                foreach (var (start, speed, size) in particles)
                {
                    var y = (start.Y + seconds * height * 0.12f * speed) % height;
                    var x = start.X + MathF.Sin(seconds * 1.5f + start.Y) * 12;
                    canvas.DrawCircle(x, y, 2.5f * size, fill);
                }

                break;
            case Weather.Wind:
                fill.Color = Lerp(palette.Ground, new SKColor(200, 160, 80), 0.5f).WithAlpha(200);
                foreach (var (start, speed, size) in particles)
                {
                    var x = (start.X + seconds * width * 0.9f * speed) % (width * 1.2f) - width * 0.1f;
                    var y = start.Y + MathF.Sin(seconds * 4 + start.X) * 20;
                    canvas.DrawOval(x, y, 6 * size, 3 * size, fill);
                }

                break;
            case Weather.Fog:
                for (var band = 0; band < 4; band++)
                {
                    var y = horizon - height * 0.15f + band * height * 0.12f;
                    using var fog = SKShader.CreateLinearGradient(
                        new SKPoint(0, y - height * 0.12f), new SKPoint(0, y + height * 0.12f),
                        [SKColors.White.WithAlpha(0), Lerp(SKColors.White, palette.SkyHorizon, 0.3f).WithAlpha(120), SKColors.White.WithAlpha(0)],
                        SKShaderTileMode.Clamp);
                    UseShader(fog);
                    canvas.DrawRect(-10 + MathF.Sin(seconds * 0.3f + band) * 30, y - height * 0.12f, width + 20, height * 0.24f, fill);
                    fill.Shader = null;
                }

                break;
        }
    }

    private void DrawVignette(int frame)
    {
        using var vignette = SKShader.CreateRadialGradient(
            new SKPoint(width / 2f, height / 2f), MathF.Max(width, height) * 0.75f,
            [SKColors.Transparent, new SKColor(0, 0, 0, 110)], [0.55f, 1f], SKShaderTileMode.Clamp);
        UseShader(vignette);
        canvas.DrawRect(0, 0, width, height, fill);
        fill.Shader = null;

        if (plan.Look == Look.Vintage)
        {
            var grain = new Random(frame);
            for (var i = 0; i < 900; i++)
            {
                fill.Color = (grain.Next(2) == 0 ? SKColors.White : SKColors.Black).WithAlpha(28);
                canvas.DrawRect(grain.Next(width), grain.Next(height), 2, 2, fill);
            }
        }
    }

    /// <summary>Fills with a shader at full strength: the paint's own alpha would otherwise scale the shader.</summary>
    private void UseShader(SKShader shader)
    {
        fill.Color = SKColors.White;
        fill.Shader = shader;
    }

    private void DrawPath(SKPath path, SKColor color)
    {
        fill.Color = color;
        canvas.DrawPath(path, fill);
    }

    /// <summary>A jagged ridge across the world, rising <paramref name="rise"/> of the frame height above the horizon.</summary>
    private SKPath Ridge(Random random, float rise, int peaks)
    {
        var path = new SKPath();
        path.MoveTo(-width, horizon + 2);
        for (var i = 0; i <= peaks; i++)
        {
            var x = -width + i * (width * 3f / peaks);
            path.LineTo(x, horizon - height * rise * Next(random, 0.35f, 1f));
            path.LineTo(x + width * 1.5f / peaks, horizon - height * rise * Next(random, 0.1f, 0.5f));
        }

        path.LineTo(width * 2, horizon + 2);
        path.Close();
        return path;
    }

    private SKPath Dunes(float rise, float frequency)
    {
        var path = new SKPath();
        path.MoveTo(-width, horizon + 2);
        for (var x = -width; x <= width * 2; x += 10)
        {
            path.LineTo(x, horizon - height * rise * (0.5f + 0.5f * MathF.Sin(x / width * MathF.Tau * frequency)));
        }

        path.LineTo(width * 2, horizon + 2);
        path.Close();
        return path;
    }

    /// <summary>A look's color matrix; Skia's offsets (the fifth column) are fractions of full scale, not 0–255.</summary>
    private static SKColorFilter? Grade(Look look) => look switch
    {
        Look.Noir => SKColorFilter.CreateColorMatrix(
        [
            0.38f, 0.75f, 0.15f, 0, -0.16f,
            0.38f, 0.75f, 0.15f, 0, -0.16f,
            0.38f, 0.75f, 0.15f, 0, -0.16f,
            0, 0, 0, 1, 0,
        ]),
        Look.Vintage => SKColorFilter.CreateColorMatrix(
        [
            0.39f, 0.77f, 0.19f, 0, 0.04f,
            0.35f, 0.69f, 0.17f, 0, 0.02f,
            0.27f, 0.53f, 0.13f, 0, -0.02f,
            0, 0, 0, 1, 0,
        ]),
        Look.Neon => SKColorFilter.CreateColorMatrix(
        [
            1.35f, -0.1f, 0.1f, 0, 0.04f,
            -0.15f, 1.1f, 0.15f, 0, -0.04f,
            0.1f, -0.1f, 1.45f, 0, 0.1f,
            0, 0, 0, 1, 0,
        ]),
        Look.Pastel => SKColorFilter.CreateColorMatrix(
        [
            0.75f, 0.1f, 0.1f, 0, 0.16f,
            0.1f, 0.75f, 0.1f, 0, 0.16f,
            0.1f, 0.1f, 0.75f, 0, 0.18f,
            0, 0, 0, 1, 0,
        ]),
        _ => null,
    };

    private static float Next(Random random, float min, float max) => min + (float)random.NextDouble() * (max - min);

    internal static SKColor Lerp(SKColor a, SKColor b, float t) => new(
        (byte)(a.Red + (b.Red - a.Red) * t),
        (byte)(a.Green + (b.Green - a.Green) * t),
        (byte)(a.Blue + (b.Blue - a.Blue) * t),
        (byte)(a.Alpha + (b.Alpha - a.Alpha) * t));

    public void Dispose()
    {
        backdrop?.Dispose();
        foreach (var face in faces.Values)
        {
            face.Dispose();
        }

        grade?.Dispose();
        subtitleFont.Dispose();
        farRidge.Dispose();
        nearRidge.Dispose();
        fill.Dispose();
        stroke.Dispose();
        canvas.Dispose();
        bitmap.Dispose();
    }

    /// <summary>Colors for a time of day and setting; <see cref="Light"/> dims subjects toward <see cref="Shade"/>.</summary>
    private sealed record Palette(
        SKColor SkyTop, SKColor SkyHorizon, SKColor Sun, SKColor Shade, float Light, SKColor Ground, SKColor Water, SKColor Wall)
    {
        public static Palette For(TimeOfDay time, Setting setting)
        {
            var (top, horizon, sun, shade, light) = time switch
            {
                TimeOfDay.Dawn => (new SKColor(58, 74, 122), new SKColor(246, 179, 138), new SKColor(255, 215, 160), new SKColor(60, 50, 80), 0.8f),
                TimeOfDay.Sunset => (new SKColor(44, 42, 90), new SKColor(255, 138, 76), new SKColor(255, 106, 42), new SKColor(50, 25, 40), 0.6f),
                TimeOfDay.Night => (new SKColor(5, 7, 15), new SKColor(27, 36, 64), new SKColor(232, 236, 245), new SKColor(8, 10, 22), 0.35f),
                _ => (new SKColor(59, 130, 196), new SKColor(168, 212, 240), new SKColor(255, 246, 208), new SKColor(40, 50, 70), 1f),
            };
            if (setting == Setting.Space)
            {
                (top, horizon) = (new SKColor(2, 2, 8), new SKColor(12, 10, 30));
            }

            var ground = setting switch
            {
                Setting.Beach => new SKColor(216, 195, 142),
                Setting.Forest => new SKColor(47, 90, 42),
                Setting.Desert => new SKColor(217, 163, 95),
                Setting.Mountains => new SKColor(93, 107, 74),
                Setting.Snow => new SKColor(232, 238, 245),
                Setting.Space => new SKColor(85, 85, 95),
                Setting.Interior => new SKColor(107, 79, 58),
                Setting.City => new SKColor(58, 58, 64),
                _ => new SKColor(79, 138, 58),
            };
            return new Palette(
                top, horizon, sun, shade, light,
                Lerp(ground, shade, (1 - light) * 0.8f),
                Lerp(new SKColor(31, 95, 138), shade, (1 - light) * 0.7f),
                Lerp(new SKColor(196, 170, 140), shade, (1 - light) * 0.6f));
        }
    }
}
