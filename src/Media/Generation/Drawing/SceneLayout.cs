using SkiaSharp;

namespace SoraFunctions.Media.Generation.Drawing;

/// <summary>
/// Where one actor of the plan stands before it moves: what draws it, how its figure stands, the middle of its foot
/// (pixels, on the layer the actors share), its height and width, which way it faces (1 right, -1 left) and whether its
/// picture is mirrored for that, how many pixels a person-height is where it stands, and where it is in the drawing
/// order (back first).
/// </summary>
public sealed record Placement(int Index, string Drawable, Figure Figure, SKPoint Foot, float Height, float Facing, float PersonHeight, float Order)
{
    public float Width => Height * Figure.Aspect;

    /// <summary>Whether the picture is drawn mirrored: it faces the other way from where the actor faces.</summary>
    public bool Mirror => Facing > 0 != Figure.FacesRight;

    public SKRect Box => new(Foot.X - Width / 2, Foot.Y - Height, Foot.X + Width / 2, Foot.Y);

    /// <summary>Drawn at all: a mount whose rider's picture already shows it (a bicycle under a cyclist) is not.</summary>
    public bool Drawn => Height > 0;
}

/// <summary>
/// The layout step: sets every actor of a plan in the frame from its place in the plan (across, into the frame, on or
/// above another), its kind (the sky, the air, the water, the ground, a ceiling) and its figure's size, the whole scene
/// framed so its largest grounded thing reads (a cup on a table is a close-up). Groups that face off (a duel, a hug) face
/// each other.
/// </summary>
public static class SceneLayout
{
    /// <summary>Poses whose picture already holds what they ride: the mount is not drawn again beneath.</summary>
    private static readonly (string Pose, string[] Mounts)[] Mounted =
    [
        ("biking", ["bicycle"]), ("horse-racing", ["horse"]), ("surfing", ["water-wave", "prop:surfboard"]), ("rowing-boat", ["canoe"]),
        ("skier", ["skis"]), ("snowboarder", ["snowboard"]),
    ];

    private static readonly HashSet<Motion> FacingOff = [Motion.Duel, Motion.Fence, Motion.Hug, Motion.Wrestle];

    public static IReadOnlyList<Placement> Of(ScenePlan plan, Painting painting, DrawableCatalogue drawables)
    {
        var actors = plan.Actors;
        var figures = actors.Select(actor => Figure(actor, drawables)).ToList();
        var framing = Framing(plan, figures);
        var person = painting.Unit * 0.6f * framing * plan.Camera switch { CameraMove.Wide => 0.62f, CameraMove.Aerial => 0.6f, _ => 1f };
        var facings = Facings(actors);
        var placements = new Placement?[actors.Count];

        // Whatever stands on another is set once that one is: those first, then the rest in order.
        foreach (var index in Enumerable.Range(0, actors.Count).OrderBy(i => actors[i].On is null ? 0 : 1))
        {
            placements[index] = Place(index);
        }

        Placement Place(int index)
        {
            if (placements[index] is { } done)
            {
                return done;
            }

            var actor = actors[index];
            var figure = figures[index];
            var drawable = Drawable(actor, drawables);
            if (actor.On is { } on && on != index)
            {
                var under = Place(on);
                var scale = under.PersonHeight * actor.Scale;
                var height = figure.Height * scale;
                if (Absorbs(drawable, under.Drawable))
                {
                    // The rider's picture shows the mount: stand where it stood, and leave it undrawn.
                    placements[on] = under with { Height = 0 };
                    return new Placement(index, drawable, figure, under.Foot, height, facings[index], scale, under.Order);
                }

                var riding = actors[index].Kind is ActorKind.Person or ActorKind.Robot && actors[on].Kind is not ActorKind.Thing;
                var stand = under.Figure.Stand;
                var top = under.Box.Top + under.Height * stand.Y;
                var across = under.Box.Left + under.Width * (under.Mirror ? 1 - stand.X : stand.X);
                var sharing = actors.Select((other, i) => (other, i)).Where(o => o.other.On == on).Select(o => o.i).ToList();
                var spread = sharing.Count > 1 ? (sharing.IndexOf(index) - (sharing.Count - 1) / 2f) * under.Width / (sharing.Count + 1) : 0;
                var foot = new SKPoint(across + spread, top + (riding ? height * 0.35f : 0));
                // At the end of a board, facing out over its end.
                var facing = stand.X == 0.5f ? facings[index] : across > under.Foot.X ? 1 : -1;
                return new Placement(index, drawable, figure, foot, height, facing, scale, under.Order + 0.01f * (1 + sharing.IndexOf(index)));
            }

            return Free(index, actor, figure, drawable);
        }

        Placement Free(int index, Actor actor, Figure figure, string drawable)
        {
            var (w, h) = (painting.Width, painting.Height);
            var x = actor.X * w;
            if (figure.Stand.X != 0.5f)
            {
                // A thing one stands at the end of (a diving board) is set so that end, where the action is, is at its place.
                var mirrored = facings[index] > 0 != figure.FacesRight;
                x -= (mirrored ? 0.5f - figure.Stand.X : figure.Stand.X - 0.5f) * figure.Aspect * figure.Height * person * Painting.DepthScale(actor.Depth) * actor.Scale;
            }

            var water = painting.Water;
            var wet = actor.Kind is ActorKind.Swimmer or ActorKind.Boat || actor.Motion is Motion.Swim or Motion.Surf or Motion.Row || drawable == "water-wave";
            if (actor.Kind == ActorKind.Sky || figure.Placing == Placing.Air && actor.Kind != ActorKind.Bird)
            {
                // The sky's things keep their size whatever the framing; a rainbow or a planet fills more of it.
                var height = figure.Height * painting.Unit * 0.22f * actor.Scale;
                var y = painting.Scenery.HasSky ? Math.Max(height * 1.05f, painting.Horizon * 0.3f + height / 2) : painting.Horizon * 0.45f;
                return new Placement(index, drawable, figure, new SKPoint(x, y), height, facings[index], person, -2 + actor.X * 0.01f);
            }

            if (ActorKinds.IsAloft(actor.Kind, actor.Motion))
            {
                // A flier (a dragon, a plane, a kite) keeps to the sky's share of the frame.
                var scale = Math.Min(person * Painting.DepthScale(0.5f) * actor.Scale, painting.Height * 0.4f / figure.Height);
                var height = figure.Height * scale;
                var band = 0.3f + 0.3f * (actor.Hue % 7) / 6f;
                var y = painting.Scenery.HasSky || painting.Scenery.Underwater ? painting.Horizon * band + height : painting.Horizon * 0.55f;
                return new Placement(index, drawable, figure, new SKPoint(x, y), height, facings[index], scale, -1 + y / h);
            }

            if (figure.Placing == Placing.Ceiling)
            {
                var scale = person * actor.Scale;
                var height = figure.Height * scale;
                return new Placement(index, drawable, figure, new SKPoint(x, painting.Scenery.Interior ? height : painting.Horizon * 0.45f), height, facings[index], scale, -0.5f);
            }

            var depth = actor.Kind == ActorKind.Building ? 0.9f : actor.Depth;
            var ground = painting.GroundY(depth);
            var depthScale = person * Painting.DepthScale(depth) * actor.Scale;
            // The giants (a whale, a t-rex, a ship) tower, but stay in the frame; what leaps from the water needs room to.
            var tallest = painting.Height * (actor.Kind is ActorKind.Swimmer ? 0.42f : actor.Kind is ActorKind.Building ? 0.5f : 0.75f);
            depthScale = Math.Min(depthScale, tallest / figure.Height);
            var size = figure.Height * depthScale;
            if (wet && water is { } sea)
            {
                // In the water: the middle of a swimmer or a hull at the surface, nearer the front the nearer it is.
                // (A low band in a landscape frame may be shallower than the hull: then it sits at the top of the water.)
                var shallowest = sea.Top + size * 0.2f;
                var surface = Math.Clamp(ground, shallowest, Math.Max(shallowest, sea.Bottom - size * 0.1f));
                var sunk = actor.Kind is ActorKind.Boat || actor.Motion is Motion.Surf or Motion.Row ? 0.15f : 0.4f;
                if (painting.Scenery.Underwater)
                {
                    surface = h * (0.3f + 0.45f * (1 - depth));
                    sunk = 0;
                }

                return new Placement(index, drawable, figure, new SKPoint(x, surface + size * sunk), size, facings[index], depthScale, surface / h);
            }

            if (figure.Placing == Placing.Flat)
            {
                return new Placement(index, drawable, figure, new SKPoint(x, ground + size * 0.5f), size, facings[index], depthScale, ground / h - 0.05f);
            }

            // Floating (an astronaut, a genie) is off the ground.
            var lift = actor.Motion == Motion.Float ? size * 0.6f : 0;
            return new Placement(index, drawable, figure, new SKPoint(x, ground - lift), size, facings[index], depthScale, ground / h);
        }

        return [.. placements.Select(placement => placement!)];
    }

    /// <summary>What draws the actor: a person's icon in a skin tone the seed picks (by its hue).</summary>
    public static string Drawable(Actor actor, DrawableCatalogue drawables) =>
        actor.Kind == ActorKind.Person && actor.Drawable != Actor.Walker ? drawables.Toned(actor.Drawable, actor.Hue / 40) : actor.Drawable;

    private static Figure Figure(Actor actor, DrawableCatalogue drawables) =>
        actor.Drawable == Actor.Walker
            ? new Figure(1, 0.55f, false, false, new SKPoint(0.15f, 0.5f), new SKPoint(0.4f, 0.18f), new SKPoint(0.5f, 0.12f), Placing.Ground, new SKPoint(0.5f, 0.5f))
            : drawables.FigureOf(actor.Drawable);

    /// <summary>
    /// How much larger than life the scene is drawn: when the largest thing standing on the ground is smaller than a
    /// person, the camera comes closer, so a cup on a table or a cat on a rug fills the frame as a close-up does.
    /// </summary>
    private static float Framing(ScenePlan plan, List<Figure> figures)
    {
        var grounded = plan.Actors.Select((actor, i) => (actor, figure: figures[i]))
            .Where(a => a.actor.Kind is not (ActorKind.Sky or ActorKind.Bird or ActorKind.Aircraft or ActorKind.Building) && a.figure.Placing is Placing.Ground)
            .Select(a => a.figure.Height * a.actor.Scale)
            .DefaultIfEmpty(1)
            .Max();
        var subject = plan.Actors.Count > 0 ? figures[0].Height * plan.Actors[0].Scale : 1;
        return Math.Clamp(Math.Max(0.9f / grounded, 0.36f / subject), 1, 2.8f);
    }

    /// <summary>
    /// Which way each actor faces: as the plan says, except that the members of a group facing off (a duel, a hug,
    /// wrestlers) face each other.
    /// </summary>
    private static float[] Facings(IReadOnlyList<Actor> actors)
    {
        var facings = actors.Select(actor => actor.Direction >= 0 ? 1f : -1f).ToArray();
        foreach (var group in actors.Select((actor, i) => (actor, i)).Where(a => FacingOff.Contains(a.actor.Motion)).GroupBy(a => a.actor.Name).Where(g => g.Count() > 1))
        {
            var middle = group.Average(a => a.actor.X);
            foreach (var (actor, i) in group)
            {
                facings[i] = actor.X <= middle ? 1 : -1;
            }
        }

        return facings;
    }

    private static bool Absorbs(string rider, string mount) =>
        Mounted.Any(m => rider.Contains(m.Pose, StringComparison.Ordinal) && m.Mounts.Contains(mount));
}
