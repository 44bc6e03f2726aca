using SoraFunctions.Media.Generation.Drawing;

namespace SoraFunctions.Media.Generation.Planning;

/// <summary>
/// Turns a <see cref="PromptReading"/> into a <see cref="ScenePlan"/>: fills what the prompt leaves open from the seed
/// (the place, the time, the camera), poses each person for what they do, lays out every mention — its count spread as
/// a group, set on, beside, among, under or above what the prompt says — casts cameos and speakers, and lists what it
/// draws in the prompt's words.
/// </summary>
public static class SceneComposer
{
    /// <summary>The pose illustration of a person doing a motion (by its base name: <c>man-</c>, <c>woman-</c> or <c>person-</c> before it).</summary>
    private static readonly Dictionary<Motion, string> Poses = new()
    {
        [Motion.Walk] = "walking", [Motion.Hug] = "walking", [Motion.Run] = "running", [Motion.Throw] = "running", [Motion.Skate] = "running",
        [Motion.Swim] = "swimming", [Motion.Surf] = "surfing", [Motion.Bike] = "biking", [Motion.Climb] = "climbing", [Motion.Flip] = "cartwheeling",
        [Motion.Juggle] = "juggling", [Motion.Lift] = "lifting-weights", [Motion.Golf] = "golfing", [Motion.Row] = "rowing-boat",
        [Motion.Dribble] = "bouncing-ball", [Motion.Meditate] = "in-lotus-position", [Motion.Dance] = "dancing", [Motion.Spin] = "dancing",
    };

    /// <summary>Poses that are one illustration whatever the person.</summary>
    private static readonly Dictionary<Motion, string> SharedPoses = new()
    {
        [Motion.Fence] = "person-fencing", [Motion.Wrestle] = "people-wrestling", [Motion.Ski] = "skier", [Motion.Snowboard] = "snowboarder",
        [Motion.Gallop] = "horse-racing", [Motion.Lie] = "person-in-bed",
    };

    /// <summary>Whether a person doing the motion has a pose of their own.</summary>
    public static bool HasPose(Motion motion) => Poses.ContainsKey(motion) || SharedPoses.ContainsKey(motion);

    /// <summary>Places the things named imply when the prompt names none.</summary>
    private static readonly Dictionary<string, string> Implied = new(StringComparer.Ordinal)
    {
        ["astronaut"] = "space", ["prop:beam"] = "gym", ["prop:hoop"] = "gym", ["prop:punching bag"] = "gym", ["prop:oven"] = "kitchen",
        ["prop:counter"] = "kitchen", ["prop:cutting board"] = "kitchen", ["pancakes"] = "kitchen", ["cooking"] = "kitchen", ["cook"] = "kitchen",
        ["prop:lighthouse"] = "beach", ["water-wave"] = "beach", ["skateboard"] = "skatepark", ["prop:ramp"] = "skatepark",
        ["prop:diving board"] = "pool", ["prop:stage"] = "stage", ["prop:chandelier"] = "ballroom", ["prop:easel"] = "studio",
        ["prop:pier"] = "lake", ["prop:lily pad"] = "lake", ["prop:sandcastle"] = "beach", ["prop:runway"] = "city", ["prop:coral reef"] = "underwater",
        ["prop:fireplace"] = "room", ["couch-and-lamp"] = "room", ["bed"] = "room", ["prop:table"] = "room", ["prop:barn"] = "farm",
        ["tractor"] = "farm", ["prop:windmill"] = "farm", ["castle"] = "castle", ["prop:planet"] = "moon", ["flying-saucer"] = "space",
        ["rocket"] = "space", ["camel"] = "desert", ["cactus"] = "desert", ["zebra"] = "savanna", ["giraffe"] = "savanna", ["lion"] = "savanna",
        ["elephant"] = "savanna", ["penguin"] = "snow", ["polar-bear"] = "snow", ["snowman"] = "snow", ["sled"] = "snow", ["skier"] = "snow",
        ["palm-tree"] = "beach", ["sailboat"] = "sea", ["locomotive"] = "city", ["metro"] = "subway", ["taxi"] = "city", ["bus"] = "city",
    };

    /// <summary>Places the seed picks among when the prompt names none.</summary>
    private static readonly string[] OpenPlaces = ["field", "forest", "beach", "city", "mountains"];

    public static ScenePlan Compose(PromptReading reading, int seconds, long seed, IReadOnlyCollection<string> characters)
    {
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        var mentions = WithCameos(reading, characters);
        var scenery = reading.Place?.Scenery ?? Inferred(reading) ?? OpenPlaces[random.Next(OpenPlaces.Length)];
        var interior = Sceneries.For(scenery).Interior;
        var time = reading.Time?.Value
            ?? (reading.Lights.Any(light => light.Kind is LightKind.Neon or LightKind.Candle or LightKind.Fire or LightKind.Strobe) ? TimeOfDay.Night
                : interior ? TimeOfDay.Day : Pick(random, TimeOfDay.Day, TimeOfDay.Sunset, TimeOfDay.Dawn));
        var camera = reading.Camera?.Value ?? Pick(random, CameraMove.PanRight, CameraMove.DollyIn, CameraMove.Orbit, CameraMove.ZoomIn, CameraMove.PanLeft);
        var mood = reading.Mood ?? Pick(random, Mood.Calm, Mood.Happy);

        var (actors, actorOf) = Lay(mentions, reading.Cameos, camera, random);
        var lights = reading.Lights.Select(light => new Light(light.Kind, light.On is { } on ? actorOf.GetValueOrDefault(on) : null)).ToList();
        var (cast, dialogue) = Speak(actors, reading.Quotes, seconds);
        var tempo = reading.Tempo?.Value ?? 1f;
        var cues = Cues(reading.Sounds, cast, seconds, tempo, random);
        return new ScenePlan(
            time, scenery, reading.Weather?.Value ?? Weather.Clear, camera, mood, reading.Look ?? Look.Natural, cast, lights, dialogue, cues,
            reading.Music ?? Played(cast), tempo, seconds, seed, Depicted(reading, mentions), [.. reading.Unknown.Distinct()]);
    }

    /// <summary>
    /// The mentions, a person for each cameo no person named can wear (<c>@ann dances</c>), and each character as
    /// itself (no one wears a pet), doing what the prompt says is done with no one else to do it.
    /// </summary>
    private static List<Mention> WithCameos(PromptReading reading, IReadOnlyCollection<string> characters)
    {
        var people = reading.Mentions.Where(m => m.Kind == ActorKind.Person && m.HeldBy is null).Sum(m => Math.Clamp(m.Count, 1, 8));
        bool IsCharacter(string cameo) => characters.Contains(cameo, StringComparer.OrdinalIgnoreCase);
        Mention Own(string cameo) => new("@" + cameo, Actor.Walker, ActorKind.Person, 1)
        {
            Cameo = cameo, Motion = reading.LoneMotion?.Value, Verb = reading.LoneMotion?.Phrase,
        };

        return
        [
            .. reading.Mentions,
            .. reading.Cameos.Where(cameo => !IsCharacter(cameo)).Skip(people).Select(Own),
            .. reading.Cameos.Where(IsCharacter).Select(Own),
        ];
    }

    /// <summary>A place the things named imply when the prompt names none: whales swim in the sea, astronauts float in space.</summary>
    private static string? Inferred(PromptReading reading) =>
        reading.Mentions.Select(m => Implied.GetValueOrDefault(m.Drawable) ?? Implied.GetValueOrDefault(m.Held ?? "")).FirstOrDefault(place => place is not null)
        ?? (reading.Mentions.Any(m => m.Motion is Motion.Surf) ? "beach"
            : reading.Mentions.Any(m => m.Kind is ActorKind.Swimmer or ActorKind.Boat || m.Motion is Motion.Swim) ? "sea"
            : reading.Mentions.Any(m => m.Motion is Motion.Ski or Motion.Snowboard) || reading.Weather?.Value == Weather.Snow ? "snow"
            : null);

    /// <summary>
    /// Every mention that is drawn on its own (what is held is drawn in its holder's hands), as many times as its count,
    /// each placed across and into the frame; and which actor stands for each mention.
    /// </summary>
    private static (List<Actor> Actors, Dictionary<int, int> ActorOf) Lay(IReadOnlyList<Mention> mentions, IReadOnlyList<string> cameos, CameraMove camera, Random random)
    {
        var actors = new List<Actor>();
        var actorOf = new Dictionary<int, int>();
        var free = mentions.Select((mention, index) => (mention, index)).Where(m => m.mention.HeldBy is null).ToList();
        var grounded = free.Where(m => m.mention.Relation is null or Relation.Beside or Relation.Behind && !ActorKinds.IsAloft(m.mention.Kind, m.mention.Motion)).Select(m => m.index).ToList();
        var remaining = cameos.Where(cameo => !mentions.Any(m => m.Cameo == cameo)).ToList();
        // Across the middle of the frame, each thing on the ground gets room by how many it is: a band more than a man.
        var room = grounded.Select(i => (float)Math.Clamp(mentions[i].Count, 1, 8)).ToList();
        foreach (var (mention, index) in free)
        {
            var slot = grounded.IndexOf(index);
            var span = slot < 0 ? 0.76f : 0.76f * room[slot] / room.Sum();
            var centre = slot < 0 ? 0.5f : 0.12f + 0.76f * room.Take(slot).Sum() / room.Sum() + span / 2;
            var direction = camera switch { CameraMove.PanRight => 1f, CameraMove.PanLeft => -1f, _ => random.Next(2) == 0 ? 1f : -1f };
            var depth = mention.Kind is ActorKind.Building ? 0.9f : mention.IsFixedProp() ? 0.32f : 0.3f + (float)random.NextDouble() * 0.15f;
            actorOf[index] = actors.Count;
            // Two wrestlers are one picture of the pair.
            var count = Math.Clamp(mention.Count, 1, 8);
            count = Drawable(mention, 0, null) is "people-wrestling" ? (count + 1) / 2 : count;
            for (var member = 0; member < count; member++)
            {
                // A pair that faces off stands a lunge apart; a group, shoulder to shoulder.
                var apart = count == 2 && mention.Motion is Motion.Duel or Motion.Fence ? 0.3f : Math.Min(0.14f, span / count);
                var spread = count == 1 ? 0 : (member - (count - 1) / 2f) * apart;
                var cameo = mention.Cameo ?? (mention.Kind == ActorKind.Person && remaining.Count > 0 ? remaining[0] : null);
                if (cameo is not null && mention.Cameo is null)
                {
                    remaining.RemoveAt(0);
                }

                var held = mention.Instruments is { } instruments ? instruments[member % instruments.Count] : mention.Held;
                actors.Add(new Actor(
                    mention.Phrase, Drawable(mention, member, cameo), mention.Kind, mention.Motion ?? Usual(mention.Kind),
                    Math.Clamp(centre + spread, 0.06f, 0.94f), Math.Clamp(depth + (member % 2) * 0.12f, 0, 0.95f),
                    (mention.Person?.Small == true ? 0.72f : 1f) * (0.92f + (float)random.NextDouble() * 0.16f), direction, random.Next(360),
                    held, mention.Instruments is null || held is null ? mention.Grip : PromptReading.GripFor(Motion.Play, held), Cameo: cameo));
            }
        }

        // Relations, once every mention has its actors: on, among, beside, under, above, behind, riding.
        foreach (var (mention, index) in free)
        {
            if (mention.Relation is not { } relation || mention.Target is not { } target || !actorOf.TryGetValue(target, out var under) || !actorOf.TryGetValue(index, out var first))
            {
                continue;
            }

            var members = actors.Skip(first).TakeWhile(actor => actor.Name == mention.Phrase).Count();
            var group = actors.Skip(under).TakeWhile(actor => actor.Name == actors[under].Name).ToList();
            for (var member = 0; member < members; member++)
            {
                var actor = actors[first + member];
                // A group is met at its middle: in the middle of a herd, beside a band.
                var anchor = actors[under] with { X = group.Average(a => a.X) };
                actors[first + member] = relation switch
                {
                    Relation.On or Relation.Ride => actor with { X = anchor.X, Depth = anchor.Depth, On = under },
                    Relation.Among => actor with { X = anchor.X + (member - (members - 1) / 2f) * 0.08f, Depth = Math.Max(0, anchor.Depth - 0.04f) },
                    Relation.Beside => actor with { X = Math.Clamp(anchor.X + (anchor.X < 0.5f ? 0.2f : -0.2f), 0.06f, 0.94f), Depth = anchor.Depth },
                    Relation.Under => actor with { X = anchor.X + 0.05f, Depth = Math.Max(0, anchor.Depth - 0.03f) },
                    Relation.Above => actor with { X = anchor.X, Depth = anchor.Depth },
                    // Face to face with the other, a stride apart, each turned to the other.
                    Relation.Against => actor with
                    {
                        X = Math.Clamp(anchor.X + (anchor.X < 0.5f ? 0.3f : -0.3f), 0.1f, 0.9f), Depth = anchor.Depth,
                        Direction = anchor.X < 0.5f ? -1 : 1,
                    },
                    // At a table, a counter, an easel: just behind it, spread along it, so it stands in front of them.
                    Relation.At => actor with { X = anchor.X + (member - (members - 1) / 2f) * 0.16f, Depth = Math.Min(0.95f, anchor.Depth + 0.07f) },
                    _ => actor,
                };
            }

            if (relation == Relation.Among)
            {
                // The group spreads around what stands in its middle.
                for (var member = 0; member < group.Count; member++)
                {
                    var around = actors[under + member];
                    var side = member % 2 == 0 ? -1 : 1;
                    actors[under + member] = around with { X = Math.Clamp(actors[first].X + side * (0.16f + member / 2 * 0.12f), 0.04f, 0.96f), Depth = around.Depth + 0.06f * (member % 3) };
                }
            }
            else if (relation == Relation.Behind)
            {
                actors[under] = actors[under] with { Depth = 0.85f };
            }
            else if (relation == Relation.Against)
            {
                actors[under] = actors[under] with { Direction = actors[under].X < actors[first].X ? 1 : -1 };
            }
        }

        return (actors, actorOf);
    }

    /// <summary>What draws one member of a mention: a person's pose for what they do, or a cameo (drawn to wear its face).</summary>
    private static string Drawable(Mention mention, int member, string? cameo)
    {
        if (mention.Kind != ActorKind.Person)
        {
            return mention.Drawable;
        }

        if (cameo is not null)
        {
            return Actor.Walker;
        }

        var motion = mention.Motion ?? Motion.Still;
        if (SharedPoses.TryGetValue(motion, out var shared))
        {
            return shared;
        }

        // A role (a chef, an astronaut) keeps its own illustration while they stay put; moving, they are posed.
        if (mention.Drawable != Actor.Walker && !Poses.ContainsKey(motion))
        {
            return mention.Drawable;
        }

        var gender = mention.Person?.Gender ?? (member % 2 == 0 ? "woman" : "man");
        // On a board (a skateboard's flip), the rider stays upright on it and the whole of them turns over.
        var pose = motion == Motion.Flip && mention.Grip == Grip.Under ? "standing" : Poses.GetValueOrDefault(motion, "standing");
        var named = $"{gender}-{pose}";
        return DrawableCatalogue.Default.HasIcon(named) ? named : DrawableCatalogue.Default.HasIcon($"person-{pose}") ? $"person-{pose}" : "person-standing";
    }

    /// <summary>How a thing of a kind moves when the prompt does not say: birds fly, fish swim, vehicles drive, the rest stay.</summary>
    private static Motion Usual(ActorKind kind) => kind switch
    {
        ActorKind.Bird or ActorKind.Aircraft => Motion.Fly,
        ActorKind.Swimmer => Motion.Swim,
        ActorKind.Vehicle => Motion.Drive,
        ActorKind.Boat => Motion.Drift,
        ActorKind.Person or ActorKind.Robot or ActorKind.Animal => Motion.Sway,
        _ => Motion.Still,
    };

    /// <summary>
    /// Spreads the quoted lines over the clip, each said by a person or a robot in turn (drawn to speak); a line with no
    /// one to say it is narration.
    /// </summary>
    private static (List<Actor> Actors, List<DialogueLine> Lines) Speak(List<Actor> actors, IReadOnlyList<string> quotes, int seconds)
    {
        var speakers = actors.Select((actor, index) => (actor, index))
            .Where(s => s.actor.Kind is ActorKind.Person or ActorKind.Robot && s.actor.On is null)
            .OrderBy(s => s.actor.Cameo is null ? 1 : 0)
            .Take(Math.Max(1, Math.Min(2, quotes.Count)))
            .ToList();
        var cast = new List<Actor>(actors);
        var slot = (seconds - 0.8) / Math.Max(1, quotes.Count);
        var lines = new List<DialogueLine>();
        for (var i = 0; i < quotes.Count; i++)
        {
            (Actor Actor, int Index)? speaker = speakers.Count > 0 ? speakers[i % speakers.Count] : null;
            if (speaker is { Actor.Kind: ActorKind.Person } person)
            {
                cast[person.Index] = cast[person.Index] with { Drawable = Actor.Walker };
            }

            lines.Add(new DialogueLine(
                quotes[i], Math.Round(0.5 + i * slot, 3),
                speaker?.Actor.Kind == ActorKind.Robot ? "robot" : i % 2 == 0 ? "first" : "second", speaker?.Index));
        }

        return (cast, lines);
    }

    /// <summary>
    /// The sounds the prompt's words make: those that go on (a crowd, waves, a sizzling pan) from the start, the rest
    /// a few times over the clip — a dive's splash when the diver meets the water.
    /// </summary>
    private static List<SoundCue> Cues(IReadOnlyList<CueKind> sounds, List<Actor> actors, int seconds, float tempo, Random random)
    {
        var cues = new List<SoundCue>();
        foreach (var kind in sounds)
        {
            if (StemSynthesizer.Continuous(kind))
            {
                cues.Add(new SoundCue(kind, 0.2));
                continue;
            }

            if (kind == CueKind.Splash && actors.Any(actor => actor.Motion == Motion.Dive))
            {
                cues.Add(new SoundCue(kind, Math.Round(Drawing.ActorMotion.DiveEntry / tempo, 3)));
                continue;
            }

            var times = kind switch
            {
                CueKind.Birdsong => Math.Max(2, seconds / 3),
                CueKind.Bark => Math.Max(2, seconds / 4),
                _ => Math.Max(1, seconds / 6),
            };
            for (var i = 0; i < times; i++)
            {
                cues.Add(new SoundCue(kind, Math.Round(0.4 + random.NextDouble() * (seconds - 1.2), 3)));
            }
        }

        return [.. cues.OrderBy(cue => cue.AtSeconds)];
    }

    /// <summary>The music the instruments being played make, when the prompt names no style: a saxophone plays jazz.</summary>
    private static MusicStyle Played(List<Actor> actors) =>
        actors.Where(actor => actor.Motion == Motion.Play).Select(actor => actor.Held).FirstOrDefault(held => held is not null) switch
        {
            "saxophone" or "trumpet" => MusicStyle.Jazz,
            "guitar" or "drum" => MusicStyle.Rock,
            "violin" or "flute" or "musical-keyboard" => MusicStyle.Classical,
            "banjo" or "accordion" => MusicStyle.Folk,
            "control-knobs" => MusicStyle.Electronic,
            _ => MusicStyle.Score,
        };

    /// <summary>What the plan draws because the prompt asked, in its words, each once, in the order the prompt names them.</summary>
    private static List<string> Depicted(PromptReading reading, List<Mention> mentions)
    {
        var items = new List<string>();
        foreach (var mention in mentions)
        {
            items.Add(mention.Phrase);
            if (mention.Verb is { } verb)
            {
                items.AddRange(verb.Split(", "));
            }
        }

        items.AddRange(new[] { reading.Place?.Phrase, reading.Time?.Phrase, reading.Camera?.Phrase, reading.Tempo?.Phrase }.OfType<string>());
        items.AddRange(reading.Weather?.Phrase.Split(", ") ?? []);
        items.AddRange(reading.Lights.Select(light => light.Phrase));
        return [.. items.Distinct()];
    }

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];
}
