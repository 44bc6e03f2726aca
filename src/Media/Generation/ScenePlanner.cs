using System.Text.RegularExpressions;
using SoraFunctions.Core.Safety;

namespace SoraFunctions.Media.Generation;

/// <summary>
/// Reads a prompt into a <see cref="ScenePlan"/>: words pick the time of day, setting, weather, camera move, mood,
/// look and subjects; quoted text becomes dialogue. What the prompt leaves open is chosen from the seed, so the same
/// prompt and seed always give the same plan.
/// </summary>
public static partial class ScenePlanner
{
    private static readonly (TimeOfDay Value, string[] Words)[] Times =
    [
        (TimeOfDay.Night, ["night", "midnight", "moonlight", "moonlit", "starry", "nighttime", "neon"]),
        (TimeOfDay.Sunset, ["sunset", "dusk", "golden hour", "evening", "twilight"]),
        (TimeOfDay.Dawn, ["dawn", "sunrise", "daybreak", "early morning"]),
        (TimeOfDay.Day, ["noon", "midday", "afternoon", "daylight", "sunny", "morning", "day"]),
    ];

    private static readonly (Setting Value, string[] Words)[] Settings =
    [
        (Setting.Space, ["space", "galaxy", "nebula", "planet", "orbit around", "astronaut", "spaceship"]),
        (Setting.Interior, ["room", "kitchen", "office", "bedroom", "cafe", "café", "restaurant", "indoors", "studio", "library"]),
        (Setting.City, ["city", "street", "downtown", "skyline", "alley", "avenue", "tokyo", "new york", "rooftop", "traffic"]),
        (Setting.Sea, ["ocean", "sea", "sailing", "open water", "harbor", "harbour"]),
        (Setting.Beach, ["beach", "shore", "coast", "seaside", "waves"]),
        (Setting.Desert, ["desert", "dunes", "sand", "sahara", "canyon"]),
        (Setting.Snow, ["snow", "winter", "arctic", "glacier", "ice", "frozen"]),
        (Setting.Mountains, ["mountain", "mountains", "peak", "alps", "valley", "cliff", "hills"]),
        (Setting.Forest, ["forest", "woods", "jungle", "trees", "rainforest", "grove"]),
        (Setting.Field, ["field", "meadow", "farm", "prairie", "grassland", "park", "garden"]),
    ];

    private static readonly (Weather Value, string[] Words)[] Weathers =
    [
        (Weather.Rain, ["rain", "raining", "rainy", "storm", "stormy", "drizzle", "downpour", "thunder"]),
        (Weather.Snow, ["snowing", "snowfall", "blizzard", "snowflakes", "snowy"]),
        (Weather.Fog, ["fog", "foggy", "mist", "misty", "haze"]),
        (Weather.Wind, ["wind", "windy", "breeze", "gust", "gale"]),
    ];

    private static readonly (CameraMove Value, string[] Words)[] Cameras =
    [
        (CameraMove.Orbit, ["orbit", "orbiting", "circles around", "360", "arc shot", "revolves"]),
        (CameraMove.DollyIn, ["dolly in", "push in", "pushes in", "dolly forward", "moves closer"]),
        (CameraMove.DollyOut, ["dolly out", "pull back", "pulls back", "pulls out", "dolly back"]),
        (CameraMove.ZoomIn, ["zoom", "zooms", "zooming", "close-up", "closeup"]),
        (CameraMove.PanLeft, ["pan left", "pans left", "panning left"]),
        (CameraMove.PanRight, ["pan right", "pans right", "panning right", "pan", "pans", "panning", "tracking shot", "tracks"]),
        (CameraMove.Static, ["static", "locked-off", "locked off", "tripod", "still shot", "fixed camera"]),
    ];

    private static readonly (Mood Value, string[] Words)[] Moods =
    [
        (Mood.Tense, ["tense", "scary", "horror", "suspense", "ominous", "creepy", "eerie", "thriller", "menacing"]),
        (Mood.Sad, ["sad", "melancholy", "melancholic", "lonely", "somber", "sombre", "grief", "tearful"]),
        (Mood.Epic, ["epic", "heroic", "dramatic", "triumphant", "majestic", "battle", "cinematic"]),
        (Mood.Happy, ["happy", "joyful", "cheerful", "upbeat", "playful", "fun", "celebrate", "celebrating", "celebration", "sunny"]),
        (Mood.Calm, ["calm", "peaceful", "serene", "relaxing", "dreamy", "quiet", "gentle"]),
    ];

    private static readonly (Look Value, string[] Words)[] Looks =
    [
        (Look.Noir, ["noir", "black and white", "black-and-white", "monochrome"]),
        (Look.Vintage, ["vintage", "retro", "8mm", "16mm", "film grain", "grainy", "old film", "sepia", "70s", "1970s"]),
        (Look.Neon, ["neon", "cyberpunk", "synthwave", "vaporwave"]),
        (Look.Pastel, ["pastel", "anime", "cartoon", "watercolor", "watercolour", "whimsical"]),
    ];

    private static readonly (SubjectKind Kind, Motion Default, string[] Words)[] SubjectWords =
    [
        (SubjectKind.Dog, Motion.Run, ["dog", "dogs", "puppy", "puppies", "corgi", "retriever"]),
        (SubjectKind.Cat, Motion.Walk, ["cat", "cats", "kitten", "kittens"]),
        (SubjectKind.Horse, Motion.Run, ["horse", "horses", "pony", "stallion"]),
        (SubjectKind.Bird, Motion.Fly, ["bird", "birds", "seagull", "seagulls", "eagle", "crow", "crows", "pigeon", "pigeons"]),
        (SubjectKind.Car, Motion.Drive, ["car", "cars", "taxi", "truck", "jeep", "convertible", "sports car", "motorbike"]),
        (SubjectKind.Boat, Motion.Drift, ["boat", "boats", "ship", "sailboat", "yacht", "canoe"]),
        (SubjectKind.Robot, Motion.Walk, ["robot", "robots", "android", "droid", "mech"]),
        (SubjectKind.Person, Motion.Walk,
        [
            "man", "men", "woman", "women", "person", "people", "girl", "boy", "child", "children", "kid", "kids",
            "chef", "detective", "astronaut", "dancer", "dancers", "runner", "surfer", "skater", "couple", "friends",
            "soldier", "knight", "farmer", "musician", "she", "he", "grandmother", "grandfather",
        ]),
    ];

    private static readonly (Motion Value, string[] Words)[] Motions =
    [
        (Motion.Dance, ["dance", "dances", "dancing"]),
        (Motion.Run, ["run", "runs", "running", "sprint", "sprints", "chase", "chases", "chasing", "gallop", "races"]),
        (Motion.Fly, ["fly", "flies", "flying", "soar", "soars", "glides"]),
        (Motion.Drive, ["drive", "drives", "driving", "speeds"]),
        (Motion.Walk, ["walk", "walks", "walking", "stroll", "strolls", "wander", "wanders", "hikes"]),
        (Motion.Still, ["sits", "sitting", "stands", "standing", "waits", "sleeps", "sleeping", "still"]),
    ];

    private static readonly Dictionary<string, int> Counts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["a pair of"] = 2, ["several"] = 3, ["couple"] = 2,
    };

    [GeneratedRegex("[\"“”«»]([^\"“”«»]{1,200})[\"“”«»]")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"[^\p{L}\p{N}\-' ]+")]
    private static partial Regex NonWords();

    public static ScenePlan Plan(string prompt, int seconds, long seed) => Plan([prompt], seconds, seed);

    /// <summary>
    /// A remix's plan: the original's (its prompt, <paramref name="prompts"/>[0], with the seed), then each later prompt
    /// changes what it names and keeps the rest — setting, time, weather, camera, mood and look one by one; the subjects
    /// when it names others (a motion alone changes how they move); the lines when it quotes new ones. Cameos stay cast.
    /// </summary>
    public static ScenePlan Plan(IReadOnlyList<string> prompts, int seconds, long seed)
    {
        var plan = PlanOriginal(prompts[0], seconds, seed);
        for (var depth = 1; depth < prompts.Count; depth++)
        {
            plan = Change(plan, prompts[depth], depth);
        }

        return plan;
    }

    /// <summary>The choices left open at each depth of a remix chain come from the seed, differently at each depth.</summary>
    private static Random RandomFor(long seed, int depth) => new(unchecked((int)seed ^ (int)(seed >> 32) ^ (depth * 7919)));

    /// <summary>A prompt's quoted lines, and the rest of it as lower-case words padded with spaces.</summary>
    private static (List<string> Dialogue, string Text) Read(string prompt) =>
        ([.. QuotedText().Matches(prompt).Select(m => m.Groups[1].Value.Trim()).Where(t => t.Length > 0)],
            " " + NonWords().Replace(QuotedText().Replace(prompt, " "), " ").ToLowerInvariant() + " ");

    private static ScenePlan PlanOriginal(string prompt, int seconds, long seed)
    {
        var random = RandomFor(seed, depth: 0);
        var (dialogue, text) = Read(prompt);

        var setting = First(Settings, text) ?? Pick(random, Setting.Field, Setting.Forest, Setting.Beach, Setting.City, Setting.Mountains);
        var time = First(Times, text) ?? Pick(random, TimeOfDay.Day, TimeOfDay.Sunset, TimeOfDay.Dawn);
        var weather = First(Weathers, text) ?? Weather.Clear;
        var camera = First(Cameras, text)
            ?? Pick(random, CameraMove.PanRight, CameraMove.DollyIn, CameraMove.Orbit, CameraMove.ZoomIn, CameraMove.PanLeft);
        var mood = First(Moods, text) ?? (time == TimeOfDay.Night ? Mood.Tense : Pick(random, Mood.Calm, Mood.Happy));
        var look = First(Looks, text) ?? Look.Natural;
        var subjects = CastCameos(PromptReview.Mentions(prompt), PlanSubjects(text, setting, camera, random), First(Motions, text), camera, random);
        var lines = PlanDialogue(dialogue, subjects, seconds);
        var cues = PlanCues(subjects, setting, weather, text, seconds, random);
        return new ScenePlan(time, setting, weather, camera, mood, look, subjects, lines, cues, seconds, seed);
    }

    private static ScenePlan Change(ScenePlan plan, string prompt, int depth)
    {
        var random = RandomFor(plan.Seed, depth);
        var (dialogue, text) = Read(prompt);
        var setting = First(Settings, text) ?? plan.Setting;
        var camera = First(Cameras, text) ?? plan.Camera;
        var weather = First(Weathers, text) ?? plan.Weather;

        var named = PlanSubjects(text, setting, camera, random);
        var kept = named.Count == 0 && First(Motions, text) is { } motion
            ? [.. plan.Subjects.Select(subject => subject with { Motion = MotionOf(subject.Kind, subject.Motion, motion) })]
            : plan.Subjects;
        var cast = kept.Where(subject => subject.Cameo is not null).ToList();
        var others = named.Count > 0 ? named : [.. kept.Where(subject => subject.Cameo is null)];
        var added = PromptReview.Mentions(prompt).Where(mention => !cast.Any(subject => string.Equals(subject.Cameo, mention, StringComparison.OrdinalIgnoreCase)));
        List<Subject> subjects = [.. cast, .. CastCameos([.. added], others, First(Motions, text), camera, random)];
        var lines = PlanDialogue(dialogue.Count > 0 ? dialogue : [.. plan.Dialogue.Select(line => line.Text)], subjects, plan.Seconds);
        var cues = subjects.SequenceEqual(plan.Subjects) && setting == plan.Setting && weather == plan.Weather
            ? plan.Cues
            : PlanCues(subjects, setting, weather, text, plan.Seconds, random);
        return plan with
        {
            TimeOfDay = First(Times, text) ?? plan.TimeOfDay,
            Setting = setting,
            Weather = weather,
            Camera = camera,
            Mood = First(Moods, text) ?? plan.Mood,
            Look = First(Looks, text) ?? plan.Look,
            Subjects = subjects,
            Dialogue = lines,
            Cues = cues,
        };
    }

    private static List<Subject> PlanSubjects(string text, Setting setting, CameraMove camera, Random random)
    {
        var motion = First(Motions, text);
        var subjects = new List<Subject>();
        foreach (var (kind, defaultMotion, words) in SubjectWords)
        {
            var word = words.FirstOrDefault(w => Contains(text, w));
            if (word is null || (kind == SubjectKind.Person && subjects.Count > 0 && word is "she" or "he"))
            {
                continue;
            }

            var count = CountBefore(text, word) ?? (word.EndsWith('s') && word != "bus" ? 3 : 1);
            var kindMotion = MotionOf(kind, defaultMotion, motion ?? defaultMotion);
            // A panning camera tracks its subjects: they move the way it pans.
            var direction = camera switch
            {
                CameraMove.PanRight => 1f,
                CameraMove.PanLeft => -1f,
                _ => random.Next(2) == 0 ? 1f : -1f,
            };
            for (var i = 0; i < Math.Min(count, 5); i++)
            {
                subjects.Add(new Subject(
                    kind,
                    kindMotion,
                    StartX: Math.Clamp(0.5f - direction * 0.25f + (i - (count - 1) / 2f) * 0.16f, 0.05f, 0.95f),
                    Direction: direction,
                    Scale: 0.85f + (float)random.NextDouble() * 0.3f,
                    Hue: random.Next(360)));
            }
        }

        if (subjects.Count == 0 && setting is Setting.Sea)
        {
            subjects.Add(new Subject(SubjectKind.Boat, Motion.Drift, 0.3f, 1f, 1f, random.Next(360)));
        }

        return subjects;
    }

    /// <summary>
    /// Each mentioned cameo is a person, first in line (so the first quoted lines are theirs): a person the prompt
    /// already has takes the part, or one comes in, moving as the prompt says.
    /// </summary>
    private static List<Subject> CastCameos(IReadOnlyList<string> mentions, List<Subject> subjects, Motion? motion, CameraMove camera, Random random)
    {
        var cast = new List<Subject>();
        var others = new List<Subject>(subjects);
        foreach (var mention in mentions)
        {
            var person = others.FirstOrDefault(subject => subject.Kind == SubjectKind.Person);
            if (person is not null)
            {
                others.Remove(person);
            }

            var direction = camera == CameraMove.PanLeft ? -1f : 1f;
            cast.Add((person ?? new Subject(SubjectKind.Person, MotionOf(SubjectKind.Person, Motion.Walk, motion ?? Motion.Walk), 0.4f + cast.Count * 0.2f, direction, 1f, random.Next(360))) with { Cameo = mention });
        }

        return [.. cast, .. others];
    }

    /// <summary>How a subject of this kind moves when asked to: birds fly, cars drive and boats drift whatever is said, and nothing else does those.</summary>
    private static Motion MotionOf(SubjectKind kind, Motion usual, Motion asked) => kind switch
    {
        SubjectKind.Bird => Motion.Fly,
        SubjectKind.Car => Motion.Drive,
        SubjectKind.Boat => Motion.Drift,
        _ => asked is Motion.Fly or Motion.Drive or Motion.Drift ? usual : asked,
    };

    private static int? CountBefore(string text, string word)
    {
        foreach (var (countWord, count) in Counts)
        {
            if (Contains(text, $"{countWord} {word}") || Regex.IsMatch(text, $@"\b{countWord} \w+ {Regex.Escape(word)}\b"))
            {
                return count;
            }
        }

        return null;
    }

    /// <summary>Spreads the quoted lines over the clip, leaving room for each to be spoken.</summary>
    private static List<DialogueLine> PlanDialogue(List<string> lines, List<Subject> subjects, int seconds)
    {
        var speakers = subjects.Select((subject, index) => (subject, index))
            .Where(s => s.subject.Kind is SubjectKind.Person or SubjectKind.Robot)
            .ToList();
        var slot = (seconds - 0.8) / Math.Max(1, lines.Count);
        return lines.Select((line, i) =>
            {
                (Subject Subject, int Index)? speaker = speakers.Count > 0 ? speakers[i % speakers.Count] : null;
                return new DialogueLine(
                    line,
                    Math.Round(0.5 + i * slot, 3),
                    speaker?.Subject.Kind == SubjectKind.Robot ? "robot" : i % 2 == 0 ? "first" : "second",
                    speaker?.Index);
            })
            .ToList();
    }

    private static List<SoundCue> PlanCues(
        List<Subject> subjects, Setting setting, Weather weather, string text, int seconds, Random random)
    {
        var cues = new List<SoundCue>();
        void AddAtRandom(CueKind kind, int count)
        {
            for (var i = 0; i < count; i++)
            {
                cues.Add(new SoundCue(kind, Math.Round(0.4 + random.NextDouble() * (seconds - 1.2), 3)));
            }
        }

        if (weather == Weather.Rain && (Contains(text, "storm") || Contains(text, "thunder") || Contains(text, "stormy")))
        {
            AddAtRandom(CueKind.Thunder, Math.Max(1, seconds / 8));
        }

        if (subjects.Any(s => s.Kind == SubjectKind.Dog))
        {
            AddAtRandom(CueKind.Bark, Math.Max(2, seconds / 4));
        }

        if (subjects.Any(s => s.Kind == SubjectKind.Cat))
        {
            AddAtRandom(CueKind.Meow, Math.Max(1, seconds / 6));
        }

        if (subjects.Any(s => s.Kind == SubjectKind.Horse))
        {
            AddAtRandom(CueKind.Neigh, 1);
        }

        if (setting == Setting.City || subjects.Any(s => s.Kind == SubjectKind.Car))
        {
            AddAtRandom(CueKind.Horn, Math.Max(1, seconds / 6));
        }

        if (setting is Setting.Forest or Setting.Field || subjects.Any(s => s.Kind == SubjectKind.Bird))
        {
            AddAtRandom(CueKind.Birdsong, Math.Max(2, seconds / 3));
        }

        return [.. cues.OrderBy(c => c.AtSeconds)];
    }

    private static T? First<T>((T Value, string[] Words)[] table, string text) where T : struct =>
        table.Where(entry => entry.Words.Any(word => Contains(text, word))).Select(entry => (T?)entry.Value).FirstOrDefault();

    /// <summary>Whole-word (or whole-phrase) match; the text is padded with spaces.</summary>
    private static bool Contains(string text, string word) => text.Contains(" " + word + " ", StringComparison.Ordinal);

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];
}
