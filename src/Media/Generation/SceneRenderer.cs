using SkiaSharp;
using SoraFunctions.Media.Generation.Drawing;

namespace SoraFunctions.Media.Generation;

/// <summary>
/// Draws the frames of a <see cref="ScenePlan"/>: the place (<see cref="LandscapePainter"/> outdoors,
/// <see cref="InteriorPainter"/> indoors) in layers, the actors set out by <see cref="SceneLayout"/> and moved by
/// <see cref="ActorMotion"/> (<see cref="ActorPainter"/>), the lights (<see cref="LightPainter"/>), the weather
/// (<see cref="WeatherPainter"/>), the look's grade, a vignette and the subtitles. The camera move is applied per layer
/// with parallax (far layers move less), so pans, dollies and orbits read as depth. Given a backdrop picture
/// (image-to-video), the picture is the scene: the first frame shows it whole and the camera pushes into it.
/// Deterministic: frame n of a plan is always the same.
/// </summary>
public sealed class SceneRenderer : IDisposable
{
    public const int FramesPerSecond = 24;

    /// <summary>The subtitles' typeface (fonts-dejavu-core, a prerequisite of the generator).</summary>
    public const string SubtitleFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private const float ActorLayer = 1f;

    private readonly ScenePlan plan;
    private readonly int width;
    private readonly int height;
    private readonly SKBitmap bitmap;
    private readonly SKCanvas canvas;
    private readonly Painting painting;
    private readonly LandscapePainter? landscape;
    private readonly InteriorPainter? interior;
    private readonly ActorPainter actors;
    private readonly LightPainter lights;
    private readonly WeatherPainter weather;
    private readonly DrawableCatalogue drawables = DrawableCatalogue.Default;
    private readonly SKColorFilter? grade;
    private readonly IReadOnlyList<SpeechTrack> speech;
    private readonly SKFont subtitleFont;
    private readonly SKImage? backdrop;
    private readonly Dictionary<string, SKImage> faces = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SKImage> characters = new(StringComparer.OrdinalIgnoreCase);
    private readonly SKPoint focus;
    private readonly SKImage vignette;

    /// <summary>
    /// <paramref name="faceFiles"/>: each cameo's reference face, by the username its actor is cast as;
    /// <paramref name="characterFiles"/>: each character's picture, by its handle.
    /// </summary>
    public SceneRenderer(
        ScenePlan plan, int width, int height, IReadOnlyList<SpeechTrack>? speech = null, string? backdropFile = null,
        IReadOnlyDictionary<string, string>? faceFiles = null, IReadOnlyDictionary<string, string>? characterFiles = null)
    {
        this.plan = plan;
        this.width = width;
        this.height = height;
        backdrop = backdropFile is null
            ? null
            : SKImage.FromEncodedData(backdropFile) ?? throw new MediaException($"{backdropFile} is not an image the renderer can read.");
        foreach (var (username, file) in faceFiles ?? new Dictionary<string, string>())
        {
            faces[username] = SKImage.FromEncodedData(file) ?? throw new MediaException($"{file} is not an image the renderer can read.");
        }

        foreach (var (handle, file) in characterFiles ?? new Dictionary<string, string>())
        {
            characters[handle] = SKImage.FromEncodedData(file) ?? throw new MediaException($"{file} is not an image the renderer can read.");
        }

        this.speech = speech ?? [];
        subtitleFont = new SKFont(SKTypeface.FromFile(SubtitleFontFile) ?? SKTypeface.Default, Math.Min(width, height) * 0.045f);
        bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        canvas = new SKCanvas(bitmap);
        painting = new Painting(plan, canvas, width, height);
        var random = new Random(unchecked((int)plan.Seed * 31 + 7));
        if (painting.Scenery.Interior)
        {
            interior = new InteriorPainter(painting, drawables, random);
        }
        else
        {
            landscape = new LandscapePainter(painting, random);
        }

        actors = new ActorPainter(painting, drawables, faces, characters);
        lights = new LightPainter(painting);
        weather = new WeatherPainter(painting, random);
        Placements = SceneLayout.Of(plan, painting, drawables);
        focus = Focus();
        grade = Grade(plan.Look);
        vignette = Vignette(width, height);
    }

    /// <summary>
    /// The edges' darkening, made once in the frame's size and pixel format: copying it over each frame is cheap, where
    /// a full-frame gradient per frame costs as much as the rest of a simple scene.
    /// </summary>
    private static SKImage Vignette(int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKImageInfo.PlatformColorType, SKAlphaType.Premul));
        using var shader = SKShader.CreateRadialGradient(
            new SKPoint(width / 2f, height / 2f), MathF.Max(width, height) * 0.75f, [SKColors.Transparent, new SKColor(0, 0, 0, 110)], [0.55f, 1f],
            SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        surface.Canvas.Clear(SKColors.Transparent);
        surface.Canvas.DrawRect(0, 0, width, height, paint);
        return surface.Snapshot();
    }

    public int FrameCount => plan.Seconds * FramesPerSecond;

    /// <summary>The last rendered frame, BGRA, row by row.</summary>
    public ReadOnlySpan<byte> Pixels => bitmap.GetPixelSpan();

    /// <summary>Where each of the plan's actors stands before it moves (the layout step).</summary>
    public IReadOnlyList<Placement> Placements { get; }

    /// <summary>
    /// The box actor <paramref name="actor"/> is drawn in at <paramref name="frame"/>, in the frame's pixels (camera and
    /// pose applied; a turn is bounded by the box it turns in), or null if it is not drawn.
    /// </summary>
    public SKRect? BoxAt(int actor, int frame)
    {
        var placement = Placements[actor];
        if (!placement.Drawn || backdrop is not null)
        {
            return null;
        }

        var local = Posed(actor, frame / (float)FramesPerSecond);
        return Camera(frame, ActorLayer).MapRect(local);
    }

    /// <summary>Renders frame <paramref name="frame"/>; <paramref name="leaveOut"/> an actor not to draw (to see what it adds).</summary>
    public void Render(int frame, int? leaveOut = null)
    {
        var seconds = frame / (float)FramesPerSecond;
        canvas.Clear(SKColors.Black);
        if (grade is not null)
        {
            using var layer = new SKPaint { ColorFilter = grade };
            canvas.SaveLayer(layer);
        }

        if (backdrop is not null)
        {
            DrawBackdrop(backdrop, Progress(frame));
        }
        else if (interior is not null)
        {
            InLayer(frame, 0.3f, () => interior.DrawWall(seconds));
            InLayer(frame, 0.85f, () => interior.DrawFloor(seconds));
        }
        else if (landscape is not null)
        {
            InLayer(frame, 0.04f, () => landscape.DrawSky(seconds));
            InLayer(frame, 0.2f, () => landscape.DrawFar(drawables));
            InLayer(frame, 0.55f, () => landscape.DrawMiddle(seconds, drawables));
            InLayer(frame, 0.85f, () => landscape.DrawGround(seconds));
        }

        InLayer(frame, ActorLayer, () =>
        {
            var poses = Enumerable.Range(0, Placements.Count).Select(i => PoseOf(i, seconds)).ToList();
            foreach (var placement in Placements.OrderBy(placement => placement.Order))
            {
                if (placement.Index != leaveOut)
                {
                    actors.Draw(placement, plan.Actors[placement.Index], poses[placement.Index], seconds, MouthOpenness(placement.Index, frame));
                }
            }

           
            lights.Draw(seconds, i => Placements[i].Drawn ? Posed(i, seconds) : null);
        });
        weather.Draw(seconds);
        if (grade is not null)
        {
            canvas.Restore();
        }

        DrawVignette(frame);
        DrawSubtitle(frame);
        canvas.Flush();
    }

    /// <summary>An actor's pose; one standing on another (a rider, a cup on a table) moves with it too.</summary>
    private Pose PoseOf(int actor, float seconds)
    {
        var pose = ActorMotion.At(Placements[actor], plan.Actors[actor], plan, painting, seconds);
        if (plan.Actors[actor].On is { } on && on != actor)
        {
            var under = PoseOf(on, seconds);
            pose = pose with { Dx = pose.Dx + under.Dx, Dy = pose.Dy + under.Dy };
        }

        return pose;
    }

    /// <summary>The actor's box moved by its pose, on the actors' layer.</summary>
    private SKRect Posed(int actor, float seconds)
    {
        var placement = Placements[actor];
        var pose = PoseOf(actor, seconds);
        var box = placement.Box;
        box.Offset(pose.Dx, pose.Dy);
        if (pose.Turn % 360 != 0)
        {
            // Turned about its middle, it sweeps the square round it.
            var reach = MathF.Max(box.Width, box.Height) / 2;
            box = new SKRect(box.MidX - reach, box.MidY - reach, box.MidX + reach, box.MidY + reach);
        }

        return box;
    }

    private float Progress(int frame) => frame / (float)Math.Max(1, FrameCount - 1);

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

    private void InLayer(int frame, float depth, Action draw)
    {
        canvas.Save();
        canvas.Concat(Camera(frame, depth));
        draw();
        canvas.Restore();
    }

    /// <summary>The camera at this frame of the move, for a layer at the given depth (0 far, 1 the actors' plane).</summary>
    private SKMatrix Camera(int frame, float depth)
    {
        var progress = Progress(frame);
        var eased = progress * progress * (3 - 2 * progress);
        var (shift, rise, scale, turn) = plan.Camera switch
        {
            CameraMove.PanRight => (-(eased - 0.5f) * 0.55f * width * depth, 0f, 1f, 0f),
            CameraMove.PanLeft => ((eased - 0.5f) * 0.55f * width * depth, 0f, 1f, 0f),
            CameraMove.DollyIn => (0f, 0f, 1f + 0.5f * eased * depth, 0f),
            CameraMove.DollyOut => (0f, 0f, 1f + 0.5f * (1 - eased) * depth, 0f),
            CameraMove.ZoomIn => (0f, 0f, 1f + 0.55f * eased, 0f),
            CameraMove.Orbit => (MathF.Sin((eased - 0.5f) * MathF.PI) * 0.32f * width * (depth - 0.5f), 0f, 1.05f, MathF.Sin((eased - 0.5f) * MathF.PI) * 2.5f * depth),
            // A drone glides forward over the land, which slides down under it; a wide shot drifts slowly.
            CameraMove.Aerial => (0f, eased * 0.12f * height * depth, 1f + 0.12f * eased * depth, (eased - 0.5f) * 3 * depth),
            CameraMove.Wide => ((eased - 0.5f) * 0.1f * width * depth, 0f, 1f, 0f),
            _ => (0f, 0f, 1f, 0f),
        };

        if (plan.Camera != CameraMove.Static)
        {
            // A hand-held camera never quite rests: a slow, smooth wander on top of the move.
            var t = progress * plan.Seconds;
            shift += (MathF.Sin(t * 1.3f + plan.Seed % 7) + 0.5f * MathF.Sin(t * 2.9f)) * width * 0.004f * depth;
            turn += MathF.Sin(t * 1.1f + plan.Seed % 5) * 0.3f * depth;
        }

        return SKMatrix.CreateTranslation(-focus.X, -focus.Y)
            .PostConcat(SKMatrix.CreateRotationDegrees(turn))
            .PostConcat(SKMatrix.CreateScale(scale, scale))
            .PostConcat(SKMatrix.CreateTranslation(focus.X + shift, focus.Y + rise));
    }

    /// <summary>
    /// What the camera closes in on and turns about: the subject (the first thing the prompt names, the whole of its
    /// group), kept from the frame's edges; with none, the middle of the horizon.
    /// </summary>
    private SKPoint Focus()
    {
        var subject = Placements.Where(placement => placement.Drawn && plan.Actors[placement.Index].Name == plan.Actors[0].Name).Select(placement => placement.Box).ToList();
        if (plan.Actors.Count == 0 || subject.Count == 0)
        {
            return new SKPoint(width / 2f, painting.Horizon);
        }

        var box = subject.Aggregate((a, b) => SKRect.Union(a, b));
        return new SKPoint(Math.Clamp(box.MidX, width * 0.3f, width * 0.7f), Math.Clamp(box.MidY, height * 0.3f, height * 0.7f));
    }

    /// <summary>How far the actor's mouth is open at this frame: the loudness of the line it is saying, else 0.</summary>
    private float MouthOpenness(int actor, int frame)
    {
        foreach (var track in speech)
        {
            var at = frame - (int)Math.Round(track.StartSeconds * FramesPerSecond);
            if (track.Speaker == actor && at >= 0 && at < track.Openness.Count)
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
        painting.Fill.Color = new SKColor(0, 0, 0, 150);
        canvas.DrawRoundRect(
            (width - textWidth) / 2 - subtitleFont.Size * 0.5f, y - subtitleFont.Size * 1.1f,
            textWidth + subtitleFont.Size, subtitleFont.Size * 1.5f, 8, 8, painting.Fill);
        painting.Fill.Color = SKColors.White;
        canvas.DrawText(line.Text, width / 2f, y, SKTextAlign.Center, subtitleFont, painting.Fill);
    }

    private void DrawVignette(int frame)
    {
        canvas.DrawImage(vignette, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));

        if (plan.Look == Look.Vintage)
        {
            var grain = new Random(frame);
            for (var i = 0; i < 900; i++)
            {
                painting.Fill.Color = (grain.Next(2) == 0 ? SKColors.White : SKColors.Black).WithAlpha(28);
                canvas.DrawRect(grain.Next(width), grain.Next(height), 2, 2, painting.Fill);
            }
        }
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

    public void Dispose()
    {
        backdrop?.Dispose();
        foreach (var picture in faces.Values.Concat(characters.Values))
        {
            picture.Dispose();
        }

        grade?.Dispose();
        vignette.Dispose();
        subtitleFont.Dispose();
        landscape?.Dispose();
        actors.Dispose();
        painting.Dispose();
        canvas.Dispose();
        bitmap.Dispose();
    }
}
