namespace SoraFunctions.Media.Generation;

public enum TimeOfDay { Dawn, Day, Sunset, Night }

public enum Setting { Field, City, Forest, Beach, Sea, Desert, Mountains, Snow, Space, Interior }

public enum Weather { Clear, Rain, Snow, Fog, Wind }

public enum CameraMove { Static, PanLeft, PanRight, DollyIn, DollyOut, ZoomIn, Orbit }

public enum Mood { Calm, Happy, Sad, Tense, Epic }

public enum Look { Natural, Noir, Vintage, Neon, Pastel }

public enum SubjectKind { Person, Dog, Cat, Car, Bird, Boat, Robot, Horse }

public enum Motion { Still, Walk, Run, Fly, Drive, Dance, Drift }

/// <summary>
/// Something on screen: where it starts (0–1 across the frame), where it heads, and how big it is; a person cast as a
/// cameo carries the username the prompt mentioned them by.
/// </summary>
public sealed record Subject(SubjectKind Kind, Motion Motion, float StartX, float Direction, float Scale, int Hue, string? Cameo = null);

/// <summary>A quoted line: when it starts, the voice, and which subject (index into the plan's subjects) says it.</summary>
public sealed record DialogueLine(string Text, double StartSeconds, string Voice, int? Speaker = null);

/// <summary>How open the speaker's mouth is at each frame while a line is heard (0–1, from the speech's loudness).</summary>
public sealed record SpeechTrack(int? Speaker, string Text, double StartSeconds, IReadOnlyList<float> Openness);

public enum CueKind { Thunder, Bark, Horn, Birdsong, Meow, Neigh }

public sealed record SoundCue(CueKind Kind, double AtSeconds);

/// <summary>What the prompt asks for, resolved into concrete choices; seeded choices fill what it leaves open.</summary>
public sealed record ScenePlan(
    TimeOfDay TimeOfDay,
    Setting Setting,
    Weather Weather,
    CameraMove Camera,
    Mood Mood,
    Look Look,
    IReadOnlyList<Subject> Subjects,
    IReadOnlyList<DialogueLine> Dialogue,
    IReadOnlyList<SoundCue> Cues,
    int Seconds,
    long Seed);
