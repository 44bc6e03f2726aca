using SkiaSharp;

namespace SoraFunctions.Media.Generation.Drawing;

/// <summary>
/// Draws an actor in its pose: its shadow on the ground, its picture (an icon or a prop of the catalogue; a bust on a
/// painted body; a person drawn to speak, wearing a cameo's face; a character's own picture), what it holds where it holds it (a trumpet at the
/// lips, a kite on its string, a juggler's balls in the air), and what its motion throws up (a splash, steam, sleep).
/// Everything is tinted toward the palette's shade as the light falls.
/// </summary>
public sealed class ActorPainter : IDisposable
{
    /// <summary>The hand-drawn speaker's height in its own units, feet at 0.</summary>
    private const float WalkerUnits = 232;

    private readonly Painting p;
    private readonly DrawableCatalogue drawables;
    private readonly IReadOnlyDictionary<string, SKImage> faces;
    private readonly IReadOnlyDictionary<string, SKImage> characters;
    private readonly SKPaint image = new();
    private readonly Dictionary<string, SKColor> colours = new(StringComparer.Ordinal);
    private readonly SKSamplingOptions sampling = new(SKFilterMode.Linear, SKMipmapMode.None);

    /// <summary><paramref name="faces"/>: cameos' reference faces; <paramref name="characters"/>: characters' pictures; each by the <c>@</c> name that casts it.</summary>
    public ActorPainter(Painting painting, DrawableCatalogue drawables, IReadOnlyDictionary<string, SKImage> faces, IReadOnlyDictionary<string, SKImage> characters)
    {
        p = painting;
        this.drawables = drawables;
        this.faces = faces;
        this.characters = characters;
    }

    public void Draw(Placement placement, Actor actor, Pose pose, float seconds, float mouth)
    {
        if (!placement.Drawn)
        {
            return;
        }

        var canvas = p.Canvas;
        var (h, w) = (placement.Height, placement.Width);
        var foot = new SKPoint(placement.Foot.X + pose.Dx, placement.Foot.Y + pose.Dy);
        if (Grounded(placement, actor))
        {
            DrawShadow(placement, pose);
        }

        canvas.Save();
        if (pose.Surface is { } surface && !p.Scenery.Underwater)
        {
            // Below the water line the water hides it.
            canvas.ClipRect(new SKRect(-p.Width, -p.Height * 2, p.Width * 2, surface + h * 0.02f));
        }

        canvas.Translate(foot.X, foot.Y - h / 2);
        canvas.RotateDegrees(pose.Turn);
        canvas.Scale(pose.ScaleX * (placement.Mirror ? -1 : 1), pose.ScaleY);
        canvas.Translate(0, h / 2);
        // From here the actor's foot is at the origin, it faces left (x < 0 is its front), and a unit is a pixel.
        var box = new SKRect(-w / 2, -h, w / 2, 0);
        if (actor.Drawable == Actor.Walker)
        {
            DrawWalker(actor, placement, seconds, mouth);
        }
        else if (placement.Drawable is "fireworks")
        {
            DrawFireworks(box, seconds, actor.Hue);
        }
        else if (placement.Drawable is "high-voltage")
        {
            DrawBolt(box, seconds, actor.Hue);
        }
        else if (placement.Figure.Bust)
        {
            DrawBust(placement, actor, box, seconds, mouth);
        }
        else
        {
            canvas.DrawImage(drawables.Image(placement.Drawable, h * Math.Abs(pose.ScaleY) * CanvasScale(), p.Tint), box, sampling, image);
        }

        if (actor.Held is { } held)
        {
            DrawHeld(placement, actor, held, box, pose, seconds);
        }

        canvas.Restore();
        DrawAfterEffects(placement, actor, pose, foot, seconds);
    }

    /// <summary>How many device pixels one unit of the canvas is now (the camera may zoom in): icons are drawn that sharp.</summary>
    private float CanvasScale()
    {
        var matrix = p.Canvas.TotalMatrix;
        return MathF.Max(1, MathF.Sqrt(MathF.Abs(matrix.ScaleX * matrix.ScaleY - matrix.SkewX * matrix.SkewY)));
    }

    private bool Grounded(Placement placement, Actor actor) =>
        actor.Kind is not (ActorKind.Sky or ActorKind.Bird or ActorKind.Aircraft or ActorKind.Swimmer or ActorKind.Boat)
        && placement.Figure.Placing is Placing.Ground && actor.On is null && !p.Scenery.Underwater
        && actor.Motion is not (Motion.Swim or Motion.Surf or Motion.Row or Motion.Dive);

    /// <summary>A shadow on the ground beneath, smaller and fainter the higher the actor is off it.</summary>
    private void DrawShadow(Placement placement, Pose pose)
    {
        var lift = Math.Clamp(-pose.Dy / placement.Height, 0, 1);
        var (length, alpha) = p.Plan.TimeOfDay switch
        {
            TimeOfDay.Day => (0.05f, 70f),
            TimeOfDay.Night => (0.12f, 30f),
            _ => (0.3f, 55f),
        };
        p.Fill.Color = new SKColor(0, 0, 0, (byte)(alpha * (1 - lift * 0.7f)));
        var width = placement.Width * (0.42f + length) * (1 - lift * 0.4f);
        p.Canvas.DrawOval(placement.Foot.X + pose.Dx, placement.Foot.Y - placement.Height * 0.01f, width, placement.Height * 0.035f, p.Fill);
    }

    /// <summary>
    /// A bust on a body of the bust's own colours: a person's shoulders on a torso and striding legs, an animal's head at
    /// the front of a four-legged body with a tail.
    /// </summary>
    private void DrawBust(Placement placement, Actor actor, SKRect box, float seconds, float mouth)
    {
        var canvas = p.Canvas;
        var h = box.Height;
        var picture = drawables.Image(placement.Drawable, h * 0.6f * CanvasScale(), p.Tint);
        var colour = Tint(Colour(placement.Drawable));
        var stride = actor.Motion is Motion.Walk or Motion.Run or Motion.Gallop or Motion.Dance ? MathF.Sin(seconds * MathF.Tau * (actor.Motion == Motion.Walk ? 1.8f : 3f)) : 0;
        p.Stroke.StrokeCap = SKStrokeCap.Round;
        if (actor.Kind is ActorKind.Person or ActorKind.Robot)
        {
            var legs = Tint(actor.Kind == ActorKind.Robot ? new SKColor(120, 128, 138) : new SKColor(58, 62, 78));
            p.Stroke.Color = legs;
            p.Stroke.StrokeWidth = h * 0.075f;
            canvas.DrawLine(-h * 0.06f, -h * 0.42f, -h * 0.06f + stride * h * 0.1f, -h * 0.02f, p.Stroke);
            canvas.DrawLine(h * 0.06f, -h * 0.42f, h * 0.06f - stride * h * 0.1f, -h * 0.02f, p.Stroke);
            p.Fill.Color = colour;
            canvas.DrawRoundRect(new SKRect(-h * 0.15f, -h * 0.58f, h * 0.15f, -h * 0.38f), h * 0.05f, h * 0.05f, p.Fill);
            canvas.DrawImage(picture, new SKRect(-h * 0.3f, -h, h * 0.3f, -h * 0.4f), sampling, image);
            if (actor.Kind == ActorKind.Robot && mouth > 0.05f)
            {
                p.Fill.Color = new SKColor(150, 255, 200, (byte)(120 + 135 * mouth));
                canvas.DrawRect(-h * 0.07f, -h * 0.72f, h * 0.14f, h * 0.02f + mouth * h * 0.03f, p.Fill);
            }

            return;
        }

        // Four legs under a long body, the head (the bust) at its front, a tail behind.
        var body = new SKRect(-h * 0.45f, -h * 0.62f, h * 0.55f, -h * 0.25f);
        p.Stroke.Color = Painting.Lerp(colour, SKColors.Black, 0.15f);
        p.Stroke.StrokeWidth = h * 0.1f;
        foreach (var (x, sign) in new[] { (-0.3f, 1f), (-0.15f, -1f), (0.28f, -1f), (0.42f, 1f) })
        {
            canvas.DrawLine(h * x, -h * 0.35f, h * x + stride * sign * h * 0.08f, -h * 0.03f, p.Stroke);
        }

        p.Fill.Color = colour;
        canvas.DrawOval(body, p.Fill);
        p.Stroke.StrokeWidth = h * 0.06f;
        canvas.DrawLine(h * 0.52f, -h * 0.5f, h * 0.72f, -h * 0.62f + MathF.Sin(seconds * 6) * h * 0.05f, p.Stroke);
        canvas.DrawImage(picture, new SKRect(-h * 0.75f, -h, -h * 0.15f, -h * 0.4f), sampling, image);
    }

    /// <summary>
    /// What the actor holds, where it holds it: in the hand (raised to the mouth as it eats or drinks), at the lips, in
    /// front, overhead (juggled round), at its feet, above it (an umbrella), or up on a string (a kite).
    /// </summary>
    private void DrawHeld(Placement placement, Actor actor, string held, SKRect box, Pose pose, float seconds)
    {
        var canvas = p.Canvas;
        var figure = drawables.FigureOf(held);
        var size = figure.Height * placement.PersonHeight;
        var width = size * figure.Aspect;
        var (hand, mouth) = Anchors(placement, actor, box);
        var picture = drawables.Image(held, size * CanvasScale(), p.Tint);
        // Drawn with its middle at the point, or (held) with where it is held there: a trumpet's mouthpiece at the lips.
        void At(SKPoint point, float turn = 0, float scale = 1, bool held = false)
        {
            var (x, y) = held ? (figure.Hold.X, figure.Hold.Y) : (0.5f, 0.5f);
            canvas.Save();
            canvas.Translate(point);
            canvas.RotateDegrees(turn);
            canvas.DrawImage(picture, new SKRect(-x * width * scale, -y * size * scale, (1 - x) * width * scale, (1 - y) * size * scale), sampling, image);
            canvas.Restore();
        }

        switch (actor.Grip)
        {
            case Grip.Mouth when actor.Motion is Motion.Eat or Motion.Drink:
                At(Lerp(hand, mouth, pose.Reach), -20 * pose.Reach, held: true);
                break;
            case Grip.Mouth when actor.Motion is not Motion.Throw:
                // An instrument's mouthpiece at the lips, its body out in front, swaying with the playing; an animal's find in its jaws.
                At(mouth, MathF.Sin(seconds * 3) * 4, held: true);
                break;
            case Grip.Front:
                // Held before the body at the waist: a drum, a keyboard, an open book.
                At(new SKPoint(box.Left + box.Width * 0.4f, box.Top + box.Height * 0.58f));
                break;
            case Grip.Overhead:
                for (var ball = 0; ball < 3; ball++)
                {
                    var angle = MathF.Tau * (pose.Reach + ball / 3f);
                    At(new SKPoint(MathF.Cos(angle) * box.Height * 0.28f, box.Top - box.Height * 0.1f + MathF.Sin(angle) * box.Height * 0.18f), 0, 0.7f);
                }

                break;
            case Grip.Feet:
                At(new SKPoint(box.Left + box.Width * 0.15f, -size / 2));
                break;
            case Grip.Under:
                // Ridden: under the feet, the rider standing on it.
                At(new SKPoint(0, -size * 0.3f));
                break;
            case Grip.String:
            {
                // Up and ahead on its string, tugged by the wind.
                var kite = new SKPoint(-box.Height * 0.7f + MathF.Sin(seconds * 1.3f) * box.Height * 0.12f, box.Top - box.Height * 0.95f + MathF.Sin(seconds * 2.1f) * box.Height * 0.08f);
                p.Stroke.Color = new SKColor(240, 240, 240, 200);
                p.Stroke.StrokeWidth = Math.Max(1.2f, box.Height * 0.006f);
                using (var builder = new SKPathBuilder())
                {
                    builder.MoveTo(hand);
                    builder.QuadTo(new SKPoint((hand.X + kite.X) / 2 + box.Height * 0.1f, (hand.Y + kite.Y) / 2 + box.Height * 0.15f), kite);
                    using var line = builder.Detach();
                    canvas.DrawPath(line, p.Stroke);
                }

                At(kite, MathF.Sin(seconds * 1.7f) * 15);
                break;
            }

            default:
                switch (actor.Motion)
                {
                    case Motion.Toss:
                        // Tossed up and turned over, as pancakes from a pan.
                        var toss = MathF.Sin(MathF.PI * pose.Reach);
                        At(new SKPoint(hand.X, hand.Y - toss * box.Height * 0.35f), 360 * pose.Reach);
                        break;
                    case Motion.Throw when actor.Kind is ActorKind.Person or ActorKind.Robot:
                        // Thrown: off along an arc ahead, spinning.
                        var u = pose.Reach;
                        At(new SKPoint(hand.X - u * box.Height * 1.2f, hand.Y - 4 * u * (1 - u) * box.Height * 0.6f), 720 * u);
                        break;
                    case Motion.Throw:
                        // Caught: in from ahead and above on an arc, into the mouth, and held there a moment.
                        var flight = Math.Min(pose.Reach / 0.75f, 1);
                        At(new SKPoint(mouth.X - (1 - flight) * box.Height * 1.6f, mouth.Y - 4 * flight * (1 - flight) * box.Height * 0.5f - (1 - flight) * box.Height * 0.4f), 540 * flight);
                        break;
                    case Motion.Dribble:
                        var bounce = MathF.Abs(MathF.Sin(MathF.PI * pose.Reach));
                        At(new SKPoint(hand.X, -size / 2 - bounce * (-(hand.Y) - size / 2)), 0);
                        break;
                    default:
                        At(hand, -10, held: true);
                        break;
                }

                break;
        }

        if (held == "prop:fishing line")
        {
            DrawLine(box, seconds);
        }
    }

    /// <summary>A cast line from the rod's tip out to a bobber on the water, rising and dipping.</summary>
    private void DrawLine(SKRect box, float seconds)
    {
        var tip = new SKPoint(box.Left - box.Height * 0.15f, box.Top + box.Height * 0.05f);
        var cast = Math.Min(seconds / 1.2f, 1);
        var bobber = new SKPoint(tip.X - box.Height * 1.1f * cast, -box.Height * 0.05f + MathF.Sin(seconds * 2.2f) * box.Height * 0.02f);
        p.Stroke.Color = new SKColor(235, 235, 235, 190);
        p.Stroke.StrokeWidth = Math.Max(1, box.Height * 0.004f);
        using (var builder = new SKPathBuilder())
        {
            builder.MoveTo(tip);
            builder.QuadTo(new SKPoint((tip.X + bobber.X) / 2, tip.Y + box.Height * 0.1f), bobber);
            using var line = builder.Detach();
            p.Canvas.DrawPath(line, p.Stroke);
        }

        p.Fill.Color = new SKColor(230, 40, 40);
        p.Canvas.DrawCircle(bobber, Math.Max(2, box.Height * 0.018f), p.Fill);
    }

    /// <summary>Where, in the actor's own frame (foot at 0, facing left), its hand and its mouth are.</summary>
    private static (SKPoint Hand, SKPoint Mouth) Anchors(Placement placement, Actor actor, SKRect box)
    {
        var figure = placement.Figure;
        SKPoint At(SKPoint point) => new(box.Left + point.X * box.Width, box.Top + point.Y * box.Height);
        if (actor.Drawable == Actor.Walker)
        {
            // The walker is drawn facing right: its anchors mirror into the left-facing frame.
            var scale = box.Height / WalkerUnits;
            return (new SKPoint(-35 * scale, -120 * scale), new SKPoint(-10 * scale, -190 * scale));
        }

        if (figure.Bust)
        {
            // A bust's hands are the painted body's; an animal's head is at the front of its body, its mouth low on it.
            return actor.Kind is ActorKind.Person or ActorKind.Robot
                ? (new SKPoint(-box.Height * 0.2f, -box.Height * 0.45f), new SKPoint(-box.Height * 0.05f, -box.Height * 0.62f))
                : (new SKPoint(-box.Height * 0.5f, -box.Height * 0.5f), new SKPoint(-box.Height * 0.5f, -box.Height * 0.5f));
        }

        return (At(figure.Hand), At(figure.Mouth));
    }

    /// <summary>What the motion leaves around the actor: the splash it made, steam rising off it, sleep.</summary>
    private void DrawAfterEffects(Placement placement, Actor actor, Pose pose, SKPoint foot, float seconds)
    {
        var h = placement.Height;
        if (pose.Splash is >= 0 and < 1.4f && pose.Surface is { } surface)
        {
            var age = pose.Splash / 1.4f;
            var random = new Random(placement.Index * 97 + 13);
            p.Fill.Color = new SKColor(235, 248, 255, (byte)(230 * (1 - age)));
            for (var drop = 0; drop < 26; drop++)
            {
                var angle = -MathF.PI * (0.1f + 0.8f * (float)random.NextDouble());
                var speed = h * (0.6f + (float)random.NextDouble() * 0.9f);
                var x = foot.X + MathF.Cos(angle) * speed * age;
                var y = surface + MathF.Sin(angle) * speed * age * 1.3f + 2.2f * h * age * age;
                p.Canvas.DrawCircle(x, Math.Min(y, surface), Math.Max(2, h * 0.025f * (1 - age * 0.5f)), p.Fill);
            }

            p.Stroke.Color = new SKColor(235, 248, 255, (byte)(200 * (1 - age)));
            p.Stroke.StrokeWidth = Math.Max(2, h * 0.015f);
            p.Canvas.DrawOval(foot.X, surface, h * (0.3f + age * 0.9f), h * (0.05f + age * 0.12f), p.Stroke);
        }

        if (actor.Motion == Motion.Burn && placement.Drawable is not ("fire" or "candle"))
        {
            // Steam (or smoke) curling up off it.
            p.Stroke.StrokeWidth = Math.Max(2, h * 0.06f);
            for (var wisp = 0; wisp < 3; wisp++)
            {
                var age = (seconds * 0.5f + wisp / 3f) % 1;
                p.Stroke.Color = new SKColor(255, 255, 255, (byte)(150 * MathF.Sin(MathF.PI * age)));
                var x = foot.X + (wisp - 1) * h * 0.18f;
                var top = foot.Y - h * (0.9f + age * 0.9f);
                using var builder = new SKPathBuilder();
                builder.MoveTo(x, top + h * 0.3f);
                builder.CubicTo(x + h * 0.15f, top + h * 0.2f, x - h * 0.15f, top + h * 0.1f, x + MathF.Sin(seconds * 2 + wisp) * h * 0.08f, top);
                using var curl = builder.Detach();
                p.Canvas.DrawPath(curl, p.Stroke);
            }
        }

        if (actor.Motion == Motion.Lie)
        {
            var age = seconds * 0.5f % 1;
            var big = Math.Max(h * 0.35f, p.Unit * 0.1f);
            var zzz = drawables.Image("zzz", big * CanvasScale());
            using var fade = new SKPaint { Color = SKColors.White.WithAlpha((byte)(255 * MathF.Sin(MathF.PI * age))) };
            var size = big * (0.6f + age * 0.5f);
            var at = new SKPoint(foot.X + placement.Facing * h * 0.25f + age * h * 0.2f, foot.Y - h * (0.9f + age * 0.5f));
            p.Canvas.DrawImage(zzz, new SKRect(at.X - size / 2, at.Y - size / 2, at.X + size / 2, at.Y + size / 2), sampling, fade);
        }
    }

    /// <summary>
    /// Fireworks: shells bursting one after another across the sky around the box, each a ring of sparks flying out,
    /// falling and fading, in its own colour.
    /// </summary>
    private void DrawFireworks(SKRect box, float seconds, int hue)
    {
        const float period = 1.8f;
        var radius = p.Unit * 0.3f;
        for (var shell = 0; shell < 3; shell++)
        {
            var age = (seconds + shell * period / 3) % period / period;
            var round = (int)((seconds + shell * period / 3) / period);
            var centre = new SKPoint(box.MidX + ((round * 7 + shell * 3) % 5 - 2) * p.Unit * 0.14f, box.MidY + ((round + shell) % 3 - 1) * p.Unit * 0.08f);
            var colour = SKColor.FromHsv((hue + shell * 120 + round * 50) % 360, 70, 100);
            for (var spark = 0; spark < 40; spark++)
            {
                var angle = MathF.Tau * spark / 40;
                var reach = radius * MathF.Sqrt(age);
                var fall = radius * 0.3f * age * age;
                var at = new SKPoint(centre.X + MathF.Cos(angle) * reach, centre.Y + MathF.Sin(angle) * reach + fall);
                var tail = new SKPoint(centre.X + MathF.Cos(angle) * reach * 0.75f, centre.Y + MathF.Sin(angle) * reach * 0.75f + fall * 0.6f);
                p.Stroke.Color = colour.WithAlpha((byte)(160 * (1 - age)));
                p.Stroke.StrokeWidth = Math.Max(1, p.Unit * 0.004f);
                p.Canvas.DrawLine(tail, at, p.Stroke);
                p.Fill.Color = (spark % 3 == 0 ? SKColors.White : colour).WithAlpha((byte)(255 * (1 - age)));
                p.Canvas.DrawCircle(at, Math.Max(1.5f, p.Unit * 0.007f), p.Fill);
            }

            p.Glow(centre, radius * (1 - age * 0.5f), colour.WithAlpha((byte)(90 * (1 - age))));
        }
    }

    /// <summary>A bolt of lightning down from its box's top, flashing on and off.</summary>
    private void DrawBolt(SKRect box, float seconds, int seed) =>
        WeatherPainter.Bolt(p, new SKPoint(box.MidX, box.Top - p.Height), new SKPoint(box.MidX, box.Bottom), seed, WeatherPainter.Flash(seconds, seed));

    /// <summary>
    /// The hand-drawn person, who speaks (the mouth opens with the line's loudness) and may wear a cameo's face: legs in
    /// stride, a body, arms, a head. Drawn facing right in units of <see cref="WalkerUnits"/>.
    /// </summary>
    private void DrawWalker(Actor actor, Placement placement, float seconds, float mouth)
    {
        var canvas = p.Canvas;
        canvas.Save();
        var scale = placement.Height / WalkerUnits;
        canvas.Scale(-scale, scale); // its own drawing faces right: into the left-facing frame
        var stepRate = actor.Motion switch { Motion.Run => 3.2f, Motion.Walk => 1.8f, Motion.Dance => 2.2f, _ => 0f };
        var phase = seconds * MathF.Tau * stepRate;
        var swing = MathF.Sin(phase);
        if (actor.Cameo is { } name && characters.TryGetValue(name, out var character))
        {
            DrawCharacter(character, MathF.Abs(swing) * (actor.Motion == Motion.Dance ? 24 : 14), mouth);
            canvas.Restore();
            return;
        }

        var colour = Tint(SKColor.FromHsv(actor.Hue, 55, 75));
        p.Stroke.Color = colour;
        p.Fill.Color = colour;
        var bounce = actor.Motion == Motion.Dance ? MathF.Abs(swing) * 12 : MathF.Abs(swing) * 3;
        p.Stroke.StrokeWidth = 13;
        var hip = new SKPoint(0, -95 - bounce);
        DrawLeg(hip, phase, stepRate > 0);
        DrawLeg(hip, phase + MathF.PI, stepRate > 0);
        canvas.DrawRoundRect(-17, -175 - bounce, 34, 85, 14, 14, p.Fill);
        var arm = actor.Motion == Motion.Dance ? -150f : -40f;
        p.Stroke.StrokeWidth = 10;
        canvas.DrawLine(0, -165 - bounce, -swing * 30, -165 - bounce + (actor.Motion == Motion.Dance ? -60 : 70) + swing * 10, p.Stroke);
        canvas.DrawLine(0, -165 - bounce, swing * 30 + 5, -165 - bounce - arm * 0.45f, p.Stroke);
        if (actor.Cameo is { } cameo && faces.TryGetValue(cameo, out var face))
        {
            DrawFace(face, -bounce, mouth);
        }
        else
        {
            p.Fill.Color = Tint(new SKColor(225, 185, 150));
            canvas.DrawCircle(0, -198 - bounce, 20, p.Fill);
            p.Fill.Color = new SKColor(60, 20, 25);
            canvas.DrawOval(9, -190 - bounce, 6, 1.2f + mouth * 6, p.Fill);
        }

        canvas.Restore();
    }

    /// <summary>
    /// A character in its own picture, in the walker's place: a little shorter than a person, hopping off the ground as
    /// it goes (by <paramref name="hop"/> units), swelling a little with each word it speaks, never mirrored.
    /// </summary>
    private void DrawCharacter(SKImage picture, float hop, float mouth)
    {
        var canvas = p.Canvas;
        canvas.Save();
        canvas.Scale(canvas.TotalMatrix.ScaleX < 0 ? -1 : 1, 1);
        var height = WalkerUnits * 0.85f * (1 + mouth * 0.06f);
        var width = height * picture.Width / picture.Height;
        canvas.DrawImage(picture, new SKRect(-width / 2, -height - hop, width / 2, -hop), sampling, image);
        canvas.Restore();
    }

    /// <summary>
    /// A cameo's head: their reference face in an oval, facing the camera (never mirrored with the walker's direction),
    /// its mouth opening over the face's own while they speak.
    /// </summary>
    private void DrawFace(SKImage face, float rise, float mouth)
    {
        var canvas = p.Canvas;
        var head = new SKRect(-24, -232 + rise, 24, -172 + rise);
        canvas.Save();
        canvas.Scale(canvas.TotalMatrix.ScaleX < 0 ? -1 : 1, 1); // undo any mirroring: a face reads only one way round
        using (var builder = new SKPathBuilder())
        {
            builder.AddOval(head);
            using var oval = builder.Detach();
            canvas.ClipPath(oval, antialias: true);
            // The reference frames the face with a margin: the middle of it fills the head.
            var side = Math.Min(face.Width, face.Height) * 0.7f;
            var source = SKRect.Create((face.Width - side) / 2, (face.Height - side) / 2, side, side);
            canvas.DrawImage(face, source, head, sampling);
        }

        if (mouth > 0.05f)
        {
            p.Fill.Color = new SKColor(60, 20, 25, 200);
            canvas.DrawOval(0, head.MidY + head.Height * 0.27f, 6, 1 + mouth * 5, p.Fill);
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
        using var builder = new SKPathBuilder();
        builder.MoveTo(hip);
        builder.LineTo(knee);
        builder.LineTo(foot);
        using var leg = builder.Detach();
        p.Canvas.DrawPath(leg, p.Stroke);
    }

    /// <summary>The mean colour of a drawable's opaque part, for the body painted under a bust.</summary>
    private SKColor Colour(string drawable)
    {
        if (colours.TryGetValue(drawable, out var known))
        {
            return known;
        }

        using var bitmap = SKBitmap.FromImage(drawables.Image(drawable, 32));
        long r = 0, g = 0, b = 0, n = 0;
        // The lower half: a person's shirt, an animal's muzzle and cheeks more than its ears.
        for (var y = bitmap.Height / 2; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                if (pixel.Alpha > 200)
                {
                    (r, g, b, n) = (r + pixel.Red, g + pixel.Green, b + pixel.Blue, n + 1);
                }
            }
        }

        return colours[drawable] = n == 0 ? new SKColor(128, 128, 128) : new SKColor((byte)(r / n), (byte)(g / n), (byte)(b / n));
    }

    /// <summary>A painted colour in the scene's light, as the icons are tinted.</summary>
    private SKColor Tint(SKColor colour) => Painting.Lerp(colour, p.Palette.Shade, p.Tint.Alpha / 255f);

    private static SKPoint Lerp(SKPoint a, SKPoint b, float t) => new(a.X + (b.X - a.X) * t, a.Y + (b.Y - a.Y) * t);

    public void Dispose() => image.Dispose();
}
