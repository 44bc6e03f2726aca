namespace SoraFunctions.Media.Generation.Drawing;

/// <summary>
/// An actor's pose at one moment, relative to its placement: moved by <see cref="Dx"/>, <see cref="Dy"/> pixels, turned
/// <see cref="Turn"/> degrees (clockwise) about the middle of its box, stretched by <see cref="ScaleX"/> (through zero
/// and below as it spins round) and <see cref="ScaleY"/>. <see cref="Reach"/> (0–1) is how far what it holds has gone
/// (to the mouth, up in a toss, round a juggle); <see cref="Splash"/> how long ago it broke the water (-1: it has not);
/// <see cref="Surface"/>, where it is in water, the line above which it shows.
/// </summary>
public readonly record struct Pose(
    float Dx, float Dy, float Turn, float ScaleX, float ScaleY, float Reach = 0, float Splash = -1, float? Surface = null)
{
    public static readonly Pose Rest = new(0, 0, 0, 1, 1);
}

/// <summary>
/// The animation step: how each motion moves an actor through time, with the physics a viewer expects — a jump rises
/// and falls on a parabola, a flip turns a full circle in the air and lands, a dive leaves the board, curls and
/// splashes, a spin turns round its own axis, a swing hangs from above, fliers bob and flap. Moves that travel are
/// bounded so the actor stays in the frame through the clip; the plan's tempo slows or quickens them all.
/// </summary>
public static class ActorMotion
{
    /// <summary>Seconds a flip takes: crouch, a full turn in the air, landing, a breath before the next.</summary>
    public const float FlipPeriod = 2f;

    /// <summary>Seconds into the clip (at normal tempo) a diver meets the water: a bounce on the board, then the flight.</summary>
    public const float DiveEntry = DiveBounce + DiveFlight;

    private const float DiveBounce = 1f;
    private const float DiveFlight = 1.1f;

    /// <summary>The actor's pose <paramref name="seconds"/> into the clip; one that stands on another (a rider) does not travel of itself.</summary>
    public static Pose At(Placement placement, Actor actor, ScenePlan plan, Painting painting, float seconds)
    {
        var t = seconds * plan.Tempo;
        var length = plan.Seconds * plan.Tempo;
        var h = placement.Height;
        var facing = placement.Facing;
        var phase = actor.Hue / 57f; // members of a group keep their own time
        var travel = actor.On is null ? Travel(placement, painting, actor.Motion, t, length) : 0;
        switch (actor.Motion)
        {
            case Motion.Walk:
            {
                var step = MathF.Sin(MathF.Tau * 1.8f * t + phase);
                return new Pose(travel, -MathF.Abs(step) * 0.025f * h, step * 2.5f, 1, 1);
            }

            case Motion.Run or Motion.Skate or Motion.Bike:
            {
                var step = MathF.Sin(MathF.Tau * 3f * t + phase);
                var lean = actor.Motion == Motion.Run ? 5f : 2f;
                return new Pose(travel, -MathF.Abs(step) * (actor.Motion == Motion.Run ? 0.05f : 0.012f) * h, facing * lean + step * 1.5f, 1, 1);
            }

            case Motion.Gallop:
            {
                var stride = MathF.Sin(MathF.Tau * 2.2f * t + phase);
                return new Pose(travel, -MathF.Max(0, stride) * 0.08f * h, facing * stride * 4, 1, 1);
            }

            case Motion.Drive or Motion.Ride:
                return new Pose(travel, MathF.Sin(t * 40 + phase) * 0.004f * h, 0, 1, 1);
            case Motion.Fly:
            {
                var flap = actor.Kind == ActorKind.Bird ? 1 + 0.12f * MathF.Sin(t * 16 + phase) : 1;
                return new Pose(travel, MathF.Sin(t * 1.7f + phase) * 0.12f * h, MathF.Sin(t * 1.3f + phase) * 4, 1, flap);
            }

            case Motion.Flutter:
                return new Pose(
                    travel + MathF.Sin(t * 2.3f + phase) * 0.3f * h, MathF.Sin(t * 3.1f + phase) * 0.35f * h, MathF.Sin(t * 5 + phase) * 10, 1,
                    1 + 0.25f * MathF.Sin(t * 22 + phase));
            case Motion.Swim:
            {
                var stroke = MathF.Sin(t * 3 + phase);
                return new Pose(travel, stroke * 0.02f * h, stroke * 6, 1, 1, Surface: Surface(placement, painting));
            }

            case Motion.Float or Motion.Meditate:
            {
                var amount = actor.Motion == Motion.Float ? 1f : 0.2f;
                return new Pose(0, (MathF.Sin(t * 0.9f + phase) - 1) * 0.06f * h * amount, MathF.Sin(t * 0.5f + phase) * 9 * amount, 1, 1);
            }

            case Motion.Drift or Motion.Row or Motion.Surf:
            {
                var rock = MathF.Sin(t * 1.5f + phase);
                var amount = actor.Motion == Motion.Surf ? 3f : 1f;
                return new Pose(travel, rock * 0.02f * h * amount, rock * 3 * amount, 1, 1);
            }

            case Motion.Dance:
            {
                var beat = MathF.Sin(MathF.PI * 2 * t + phase);
                var turned = MathF.Floor(t / 1.5f) % 2 == 0 ? 1 : -1; // a turn about every other bar
                return new Pose(0, -MathF.Abs(beat) * 0.06f * h, beat * 8, turned, 1);
            }

            case Motion.Jump or Motion.Hop:
                return actor.Kind == ActorKind.Swimmer ? Breach(placement, painting, t, phase) : Jump(h, t + phase, actor.Motion == Motion.Hop ? 0.6f : 1.3f, actor.Motion == Motion.Hop ? 0.18f : 0.45f);
            case Motion.Flip:
                return Flip(h, facing, t);
            case Motion.Spin:
            {
                var turn = MathF.Cos(MathF.Tau * t / 1.2f);
                return new Pose(0, -0.03f * h, 0, MathF.Abs(turn) < 0.12f ? 0.12f * MathF.Sign(turn == 0 ? 1 : turn) : turn, 1);
            }

            case Motion.Dive:
                return Dive(placement, painting, facing, t, actor.Name.Contains("cannonball", StringComparison.OrdinalIgnoreCase));
            case Motion.Swing:
                return new Pose(travel, 0, MathF.Sin(MathF.Tau * t / 2.2f + phase) * 28, 1, 1);
            case Motion.Climb:
                return new Pose(MathF.Sin(t * 3) * 0.02f * h, -Math.Min(t / length, 1) * 0.45f * h, MathF.Sin(t * 3) * 4, 1, 1);
            case Motion.Fall:
            {
                var cycle = (t + phase) % 3 / 3;
                return new Pose(MathF.Sin(t * 2 + phase) * 0.1f * h, -(1 - cycle * cycle) * placement.Foot.Y * 0.9f, MathF.Sin(t * 2) * 20, 1, 1);
            }

            case Motion.Rise:
            {
                var lift = MathF.Max(0, t - 1);
                return new Pose(0, -Math.Min(lift * lift * 0.08f * h, placement.Foot.Y - h * 1.1f), MathF.Sin(t * 30) * (lift > 0 ? 0.6f : 0), 1, 1);
            }

            case Motion.Burst:
            {
                var cycle = (t + phase) % 1.8f / 1.8f;
                return new Pose(0, 0, 0, 0.3f + cycle * 0.9f, 0.3f + cycle * 0.9f, Reach: cycle);
            }

            case Motion.Burn:
                return new Pose(0, 0, 0, 1, 1 + 0.05f * MathF.Sin(t * 9 + phase), Reach: (t % 2) / 2);
            case Motion.Lie:
                return new Pose(0, 0, 0, 1, 0.97f + 0.03f * MathF.Sin(t * 1.6f + phase));
            case Motion.Hug:
                return new Pose(facing * Math.Min(t / 1.2f, 1) * 0.12f * h, 0, facing * Math.Min(t / 1.2f, 1) * 4, 1, 1);
            case Motion.Duel or Motion.Fence:
            {
                var lunge = MathF.Max(0, MathF.Sin(MathF.Tau * t / 1.2f + (facing > 0 ? 0 : MathF.PI)));
                return new Pose(facing * lunge * 0.14f * h, 0, facing * lunge * 6, 1, 1);
            }

            case Motion.Wrestle:
            {
                var strain = MathF.Sin(MathF.Tau * t / 1.6f);
                return new Pose(strain * 0.02f * h, 0, strain * 7, 1, 1);
            }

            case Motion.Lift:
            {
                var rep = MathF.Abs(MathF.Sin(MathF.PI * t / 1.4f));
                return new Pose(0, 0, 0, 1, 0.94f + 0.06f * rep);
            }

            case Motion.Eat or Motion.Drink:
                return new Pose(0, 0, MathF.Sin(t * 2) * 2, 1, 1, Reach: (1 - MathF.Cos(MathF.Tau * t / 2.4f)) / 2);
            case Motion.Throw when actor.Kind is ActorKind.Animal or ActorKind.Bird:
            {
                // A catch: the thing comes in on its arc, and the animal leaps up to meet it.
                var cycle = t / 1.8f % 1;
                var leap = Math.Clamp((cycle - 0.5f) / 0.4f, 0, 1);
                return new Pose(0, -4 * leap * (1 - leap) * 0.5f * h, -facing * 12 * leap * (1 - leap) * 4, 1, 1, Reach: cycle);
            }

            case Motion.Work or Motion.Toss or Motion.Play or Motion.Throw or Motion.Juggle or Motion.Dribble or Motion.Golf:
            {
                var beat = MathF.Sin(MathF.Tau * t * 1.1f + phase);
                var cycle = actor.Motion switch { Motion.Juggle => t / 1.6f % 1, Motion.Dribble => t / 0.7f % 1, _ => t / 1.8f % 1 };
                return new Pose(0, -MathF.Abs(beat) * 0.012f * h, beat * 2.5f, 1, 1, Reach: cycle);
            }

            case Motion.Ski or Motion.Snowboard:
                return new Pose(travel, travel * 0.25f * facing, facing * 8, 1, 1);
            case Motion.Sway:
                return new Pose(0, 0, MathF.Sin(t * 1.2f + phase) * 2.5f, 1, 1 + 0.008f * MathF.Sin(t * 2 + phase));
            default:
                return new Pose(0, 0, 0, 1, 1 + 0.008f * MathF.Sin(t * 2 + phase));
        }
    }

    /// <summary>A jump: on the ground for the first part of each period, then up and down a parabola, squashed as it lands.</summary>
    private static Pose Jump(float h, float t, float period, float height)
    {
        var cycle = t % period / period;
        var air = 0.65f;
        if (cycle < 1 - air)
        {
            var crouch = MathF.Sin(MathF.PI * cycle / (1 - air));
            return new Pose(0, 0, 0, 1 + 0.05f * crouch, 1 - 0.08f * crouch);
        }

        var u = (cycle - (1 - air)) / air;
        return new Pose(0, -4 * u * (1 - u) * height * h, 0, 1, 1);
    }

    /// <summary>
    /// A flip: a crouch, then up and over — a full turn (backwards, against the way it faces) through the air on a
    /// parabola — and a landing, every <see cref="FlipPeriod"/> seconds.
    /// </summary>
    public static Pose Flip(float h, float facing, float t)
    {
        var cycle = t % FlipPeriod / FlipPeriod;
        const float crouch = 0.2f, air = 0.55f;
        if (cycle < crouch)
        {
            var dip = MathF.Sin(MathF.PI * cycle / crouch);
            return new Pose(0, 0, 0, 1, 1 - 0.12f * dip);
        }

        if (cycle < crouch + air)
        {
            var u = (cycle - crouch) / air;
            return new Pose(0, -4 * u * (1 - u) * 0.75f * h, -facing * 360 * u, 1, 1);
        }

        return Pose.Rest;
    }

    /// <summary>
    /// A dive off a board or an edge: a bounce, a leap up and out on a parabola into the water (a cannonball curls and
    /// tumbles, a dive turns head first), the splash, and the diver coming up to swim at the surface.
    /// </summary>
    private static Pose Dive(Placement placement, Painting painting, float facing, float t, bool cannonball)
    {
        var h = placement.Height;
        const float bounce = DiveBounce, flight = DiveFlight;
        if (t < bounce)
        {
            return new Pose(0, -MathF.Abs(MathF.Sin(MathF.Tau * t / bounce)) * 0.06f * h, 0, 1, 1);
        }

        var water = painting.Water is { } band ? band.Top + (band.Bottom - band.Top) * 0.45f : painting.GroundY(0.2f);
        var drop = water + h * 0.5f - placement.Foot.Y; // to where its middle meets the water
        var reach = facing * Math.Min(0.22f * painting.Width, h * 1.2f);
        reach = Math.Clamp(placement.Foot.X + reach, 0.15f * painting.Width, 0.85f * painting.Width) - placement.Foot.X; // lands in the frame
        if (t < bounce + flight)
        {
            var u = (t - bounce) / flight;
            var arc = -4 * u * (1 - u) * 0.5f * h;
            var curl = cannonball ? 0.78f : 1;
            var turn = cannonball ? facing * 200 * u : facing * 120 * u;
            return new Pose(reach * u, arc + drop * u * u, turn, curl, curl, Surface: u > 0.8f ? water : null);
        }

        var since = t - bounce - flight;
        var bob = MathF.Sin(since * 2.5f) * 0.03f * h;
        var rising = Math.Min(since / 0.8f, 1); // under, then up to show head and shoulders
        return new Pose(reach, drop + (1 - rising) * h * 0.5f + bob, facing * 10 * MathF.Sin(since * 2), 1, 1, Splash: since, Surface: water);
    }

    /// <summary>A whale or a dolphin breaching: up out of the water, arching over, and back in with a splash.</summary>
    private static Pose Breach(Placement placement, Painting painting, float t, float phase)
    {
        var h = placement.Height;
        const float period = 3.2f;
        var cycle = (t + phase) % period / period;
        var surface = painting.Water?.Top ?? placement.Foot.Y - h * 0.4f;
        surface = Math.Max(surface, placement.Foot.Y - h * 0.4f);
        if (cycle > 0.55f)
        {
            var since = (cycle - 0.55f) * period;
            return new Pose(0, h * 0.25f + MathF.Sin(since * 2) * 0.03f * h, 0, 1, 1, Splash: since, Surface: surface);
        }

        var u = cycle / 0.55f;
        return new Pose(placement.Facing * u * 0.4f * h, h * 0.25f - 4 * u * (1 - u) * 0.9f * h, placement.Facing * (-35 + 70 * u), 1, 1, Surface: surface);
    }

    /// <summary>Where a swimmer's water line is: the top of the water it swims in, if it swims at the surface.</summary>
    private static float? Surface(Placement placement, Painting painting) =>
        painting.Water is { } band && !painting.Scenery.Underwater ? Math.Max(band.Top, placement.Foot.Y - placement.Height * 0.6f) : null;

    /// <summary>
    /// How far a travelling motion has carried the actor, in pixels: along the way it faces at the motion's speed,
    /// centred on its place, never more than half the frame over the clip and never out of it.
    /// </summary>
    private static float Travel(Placement placement, Painting painting, Motion motion, float t, float length)
    {
        var speed = motion switch
        {
            Motion.Walk => 0.05f, Motion.Run => 0.1f, Motion.Gallop => 0.1f, Motion.Drive => 0.12f, Motion.Fly => 0.06f, Motion.Swim => 0.035f,
            Motion.Drift or Motion.Row => 0.025f, Motion.Surf => 0.05f, Motion.Skate or Motion.Bike => 0.08f, Motion.Ski or Motion.Snowboard => 0.07f,
            Motion.Swing => 0.03f, Motion.Flutter => 0.02f, Motion.Ride => 0.06f, _ => 0f,
        };
        if (speed == 0)
        {
            return 0;
        }

        var w = painting.Width;
        var span = Math.Min(speed * length, 0.5f) * w;
        var start = placement.Foot.X - placement.Facing * span / 2;
        var end = placement.Foot.X + placement.Facing * span / 2;
        // Kept inside the frame's middle 84 % at both ends.
        var shift = Math.Max(0, 0.08f * w - Math.Min(start, end)) - Math.Max(0, Math.Max(start, end) - 0.92f * w);
        return shift + placement.Facing * span * (t / Math.Max(length, 0.001f) - 0.5f);
    }
}
