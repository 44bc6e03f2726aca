namespace SoraFunctions.Media.Generation;

public enum TimeOfDay { Dawn, Day, Sunset, Night }

public enum Weather { Clear, Rain, Storm, Snow, Fog, Wind }

public enum CameraMove { Static, PanLeft, PanRight, DollyIn, DollyOut, ZoomIn, Orbit, Aerial, Wide }

public enum Mood { Calm, Happy, Sad, Tense, Epic }

public enum Look { Natural, Noir, Vintage, Neon, Pastel }

/// <summary>What an actor is, which decides where it is (the ground, the air, the water, the sky) and how it may move.</summary>
public enum ActorKind
{
    /// <summary>A person the planner poses (an illustration of the pose), or draws itself when they speak or wear a cameo's face.</summary>
    Person,
    Robot,
    Animal,
    Bird,
    /// <summary>What lives in the water: fish, whales, dolphins.</summary>
    Swimmer,
    Vehicle,
    Aircraft,
    Boat,
    /// <summary>Something set down in the scene: a cup, a ball, a table, a plant.</summary>
    Thing,
    Building,
    /// <summary>What hangs in the sky: the moon, a planet, a rainbow, fireworks.</summary>
    Sky,
}

public static class ActorKinds
{
    /// <summary>
    /// Whether what moves so is in the air, not on the ground: what flies by nature (a bird, a plane), what hangs in the
    /// sky, and a thing that flies by itself (a kite, a paper plane: "a kite flies over the beach").
    /// </summary>
    public static bool IsAloft(ActorKind kind, Motion? motion) =>
        kind is ActorKind.Bird or ActorKind.Aircraft or ActorKind.Sky || (kind is ActorKind.Thing && motion is Motion.Fly);
}

/// <summary>How an actor moves: each has its own path and timing (<see cref="Drawing.ActorMotion"/>).</summary>
public enum Motion
{
    Still, Walk, Run, Gallop, Fly, Flutter, Swim, Float, Drift, Drive, Dance, Jump, Hop, Flip, Spin, Dive, Play, Eat, Drink, Work, Sway,
    Lie, Hug, Swing, Climb, Duel, Fence, Wrestle, Juggle, Throw, Dribble, Golf, Surf, Skate, Ski, Snowboard, Bike, Row, Meditate, Lift,
    Burst, Fall, Rise, Ride, Burn,

    /// <summary>Tossing what is held up and over and catching it: pancakes flipped from a pan.</summary>
    Toss,
}

/// <summary>Where an actor holds what it holds.</summary>
public enum Grip { Hand, Mouth, Overhead, Front, Under, Feet, String }

public enum LightKind { Spotlight, Dim, Window, Candle, Neon, Floodlight, Strobe, Fire, Lamp }

/// <summary>A light the scene is lit by; a spotlight falls on the actor it names (an index), else on the middle.</summary>
public sealed record Light(LightKind Kind, int? On = null);

/// <summary>
/// Something drawn in the scene. <see cref="Name"/> is what the prompt called it (<c>zebra herd</c>: each zebra of a herd
/// carries it); <see cref="Drawable"/> is the illustration (an icon of the set), a prop the painter draws
/// (<c>prop:table</c>), or <see cref="Walker"/> for a person drawn to speak and to wear a cameo's face. Where it stands:
/// <see cref="X"/> across the frame (0–1) and <see cref="Depth"/> into it (0 at the front, 1 at the horizon), or on top
/// of the actor <see cref="On"/> names. It faces <see cref="Direction"/> (1 right, -1 left) and holds
/// <see cref="Held"/> (an icon) as <see cref="Grip"/> says.
/// </summary>
public sealed record Actor(
    string Name, string Drawable, ActorKind Kind, Motion Motion, float X, float Depth, float Scale, float Direction, int Hue,
    string? Held = null, Grip Grip = Grip.Hand, int? On = null, string? Cameo = null)
{
    public const string Walker = "walker";

    /// <summary>A prop the painter draws itself, not an icon of the set.</summary>
    public const string PropPrefix = "prop:";

    public bool IsProp => Drawable.StartsWith(PropPrefix, StringComparison.Ordinal);
}

/// <summary>A quoted line: when it starts, the voice, and which actor (an index into the plan's actors) says it.</summary>
public sealed record DialogueLine(string Text, double StartSeconds, string Voice, int? Speaker = null);

/// <summary>How open the speaker's mouth is at each frame while a line is heard (0–1, from the speech's loudness).</summary>
public sealed record SpeechTrack(int? Speaker, string Text, double StartSeconds, IReadOnlyList<float> Openness);

public enum CueKind
{
    Thunder, Bark, Horn, Birdsong, Meow, Neigh, Crowd, Splash, Sizzle, Squeak, Waves, Roar, Engine, Train, Bell, Fire, Firework, Bubbles,
    Clink, Buzz,
}

public sealed record SoundCue(CueKind Kind, double AtSeconds);

public enum MusicStyle { Score, Jazz, Rock, Electronic, Classical, Folk }

/// <summary>
/// What the prompt asks for, resolved into concrete choices; seeded choices fill what it leaves open. The scenery is
/// one of <see cref="Drawing.Sceneries"/>. <see cref="Depicted"/> names, in the prompt's own words, every thing, group,
/// action, place, light, weather, time, camera and sound the plan draws because the prompt asked; <see cref="NotDepicted"/>
/// the things it understood the prompt to name but cannot draw.
/// </summary>
public sealed record ScenePlan(
    TimeOfDay TimeOfDay,
    string Scenery,
    Weather Weather,
    CameraMove Camera,
    Mood Mood,
    Look Look,
    IReadOnlyList<Actor> Actors,
    IReadOnlyList<Light> Lights,
    IReadOnlyList<DialogueLine> Dialogue,
    IReadOnlyList<SoundCue> Cues,
    MusicStyle Music,
    float Tempo,
    int Seconds,
    long Seed,
    IReadOnlyList<string> Depicted,
    IReadOnlyList<string> NotDepicted);
