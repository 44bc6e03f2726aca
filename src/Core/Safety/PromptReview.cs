using System.Text.RegularExpressions;

namespace SoraFunctions.Core.Safety;

/// <summary>One part of a well-made video prompt, the words that show it, and what to add when it is missing.</summary>
public sealed record PromptAspect(string Name, IReadOnlyList<Phrase> Cues, string Suggestion);

/// <summary>How specific a prompt is (0–1: the share of aspects it covers), what it could add, and whom it mentions (cameo handles).</summary>
public sealed partial record PromptReview(double Specificity, IReadOnlyList<string> Covered, IReadOnlyList<string> Suggestions, IReadOnlyList<string> Mentioned)
{
    /// <summary>Below this specificity a prompt is vague: a warning, or a rejection when strict.</summary>
    public const double VagueBelow = 0.4;

    public const string VagueCode = "VALIDATION.PROMPT.VAGUE";

    public bool Vague => Specificity < VagueBelow;

    /// <summary>How vague: the specificity and what the prompt covers.</summary>
    public string Summary =>
        $"The prompt is vague (specificity {Specificity:0.00}; covers {(Covered.Count == 0 ? "nothing yet" : string.Join(", ", Covered))}).";

    /// <summary>What a vague prompt is told: what it covers and what to add.</summary>
    public string Warning => $"{Summary} {string.Join(" ", Suggestions)}";

    public static IReadOnlyList<PromptAspect> Aspects { get; } =
    [
        Aspect("subject", "Say who or what is on screen, e.g. 'an old fisherman' or 'a red fox'.",
            "man", "woman", "person", "people", "boy", "girl", "child", "kid", "crowd", "couple", "family", "friends", "astronaut",
            "chef", "dancer", "soldier", "knight", "robot", "dog", "cat", "horse", "bird*", "fox", "wolf", "bear", "whale", "fish",
            "car", "train", "boat", "ship", "plane", "dragon", "character", "hero", "detective", "musician", "surfer", "skater",
            "runner", "farmer", "scientist", "doctor", "nurse", "teacher", "student*", "grandmother", "grandfather", "baby",
            "owl", "deer", "butterfly", "gull*", "seagull*", "crow*", "eagle*", "lion*", "tiger*", "elephant*", "monkey*",
            "rabbit*", "squirrel*", "duck*", "swan*", "shark*", "dolphin*", "octopus", "turtle*", "frog*", "snake*", "bee", "bees",
            "cow*", "sheep", "goat*", "pig*", "chicken*", "city", "skyline", "mountain*", "forest", "ocean", "waves", "flower*",
            "tree*", "sailor*", "pilot*", "painter*", "writer*", "player*", "girl*", "boy*", "men", "women", "he", "she", "they"),
        Aspect("action", "Say what happens, e.g. 'walks slowly toward the camera' or 'turns and smiles'.",
            "walk*", "run*", "jog*", "danc*", "fly*", "flies", "drive*", "driving", "jump*", "swim*", "talk*", "speak*", "says",
            "sing*", "play*", "cook*", "ride*", "riding", "sit*", "stand*", "look*", "turn*", "smil*", "laugh*", "climb*",
            "fall*", "chase*", "chasing", "wave*", "waving", "paint*", "read*", "write*", "writing", "build*", "explor*",
            "crash*", "rises", "rising", "sets", "setting", "drifts", "drifting", "spins", "spinning", "glides", "gliding",
            "moves", "moving", "races", "racing", "surf*", "skat*", "hug*", "kiss*", "cries", "crying", "whisper*", "shout*",
            "opens", "pours", "eats", "drinks", "sleeps", "wakes", "mend*", "fix*", "carr*", "hold*", "push*", "pull*", "throw*",
            "catch*", "kick*", "lift*", "sail*", "row*", "fish*", "hunt*", "dig*", "plant*", "sew*", "knit*", "pray*", "kneel*",
            "leap*", "dive*", "float*", "reach*", "grab*", "hides", "sneak*", "wander*", "stroll*", "march*", "crawl*", "fight*",
            "battle*", "attack*", "duel*", "chase*", "escape*", "search*", "watch*", "listen*"),
        Aspect("setting", "Say where and when it happens, e.g. 'on a rainy Tokyo street' or 'in a 1950s diner'.",
            "beach", "city", "street*", "forest", "woods", "desert", "mountain*", "room", "kitchen", "office", "space", "ocean",
            "sea", "park", "field", "meadow", "village", "castle", "lab", "laboratory", "school", "stadium", "cafe", "diner",
            "bar", "river", "lake", "snow*", "jungle", "island", "rooftop", "subway", "station", "market", "home", "house",
            "garden", "harbor", "harbour", "bridge", "alley", "highway", "road", "farm", "cave", "library", "studio", "stage",
            "hospital", "church", "temple", "warehouse", "spaceship", "planet", "moon", "underwater", "sky", "town", "valley",
            "hill*", "canyon", "shore", "coast", "apartment", "bedroom", "classroom"),
        Aspect("camera", "Say how it is filmed, e.g. 'slow dolly in', 'handheld tracking shot' or 'wide aerial shot'.",
            "pan*", "tilt*", "dolly", "zoom*", "tracking", "close up", "closeup", "wide shot", "wide angle", "aerial", "drone",
            "handheld", "static shot", "locked off", "over the shoulder", "pov", "point of view", "crane shot", "orbit*",
            "slow motion", "angle", "lens", "35mm", "50mm", "shot", "camera", "footage", "timelapse", "time lapse", "push in",
            "pull back", "follows", "following", "medium shot", "long take", "steadicam", "macro", "fisheye"),
        Aspect("lighting", "Say how it is lit, e.g. 'golden-hour backlight', 'neon reflections' or 'soft overcast light'.",
            "sunset", "sunrise", "dawn", "dusk", "night", "noon", "midday", "morning", "evening", "golden hour", "blue hour",
            "neon", "candle*", "moonlight", "moonlit", "backlit", "backlight", "soft light", "hard light", "shadow*",
            "overcast", "fog*", "mist*", "lit", "glow*", "lamp*", "lantern*", "sunlight", "sunlit", "daylight", "rim light",
            "lighting", "light", "bright", "dark", "dim", "silhouette*", "spotlight", "firelight", "twilight", "rain*", "storm*"),
        Aspect("audio", "Say what we hear: quoted dialogue, sound effects or music, e.g. 'waves crash' or 'soft piano'.",
            "music", "sound*", "dialogue", "says", "said", "whisper*", "ambient", "ambience", "score", "song", "silence",
            "silent", "narration", "voiceover", "voice over", "footsteps", "birdsong", "thunder", "hum*", "piano", "guitar",
            "drums", "violin", "orchestra*", "beat", "bass", "crash*", "echo*", "laughter", "applause", "bark*", "roar*",
            "chirp*", "wind", "rain", "audio", "noise", "sings", "singing", "shouts", "calls out", "cry", "cries", "bell*", "chime*",
            "siren*", "engine*", "rumbl*", "crackl*", "rustl*", "splash*", "howl*", "buzz*", "click*", "tick*"),
        Aspect("style", "Say the look, e.g. 'cinematic 35mm film', 'hand-drawn anime' or 'documentary realism'.",
            "cinematic", "anime", "noir", "vintage", "documentary", "film", "watercolor", "watercolour", "3d", "cgi", "realistic",
            "photorealistic", "photoreal", "claymation", "stop motion", "black and white", "pastel", "vivid", "moody", "dreamy",
            "retro", "vhs", "cartoon", "animated", "animation", "painterly", "surreal", "minimalist", "epic", "gritty", "pixel art",
            "hyperreal", "style", "aesthetic", "look", "grainy", "saturated", "muted", "technicolor", "neon", "oil painting"),
    ];

    public static PromptReview Of(string prompt)
    {
        var text = NormalizedText.Of(prompt);
        bool Shows(PromptAspect aspect) => aspect.Cues.Any(text.Contains) || aspect.Name switch
        {
            "subject" => prompt.Contains('@') || Person().IsMatch(text.Text),
            "action" => Doing().Matches(text.Text).Any(m => !NotDoing.Contains(m.Groups[1].Value)),
            "audio" => prompt.Contains('"') || prompt.Contains('“'),
            _ => false,
        };

        var covered = Aspects.Where(Shows).ToList();
        return new PromptReview(
            Math.Round(covered.Count / (double)Aspects.Count, 2),
            [.. covered.Select(a => a.Name)],
            [.. Aspects.Except(covered).Select(a => a.Suggestion)],
            Mentions(prompt));
    }

    /// <summary>The cameo handles a prompt mentions (<c>@name</c>), without the @, each once.</summary>
    public static IReadOnlyList<string> Mentions(string prompt) =>
        [.. Mention().Matches(prompt).Select(m => m.Groups[1].Value.TrimEnd('.')).Distinct(StringComparer.OrdinalIgnoreCase)];

    [GeneratedRegex(@"(?<![\w@])@([A-Za-z0-9_][A-Za-z0-9_.]{0,29})")]
    private static partial Regex Mention();

    /// <summary>A word for a person by trade or role: fisherman, businesswomen.</summary>
    [GeneratedRegex(@" \w{2,}(?:man|woman|men|women) ")]
    private static partial Regex Person();

    /// <summary>A word in -ing, mostly something happening: mending, glowing.</summary>
    [GeneratedRegex(@" (\w{2,}ing) ")]
    private static partial Regex Doing();

    private static readonly HashSet<string> NotDoing =
    [
        "morning", "evening", "building", "buildings", "ceiling", "lighting", "something", "nothing", "everything", "anything",
        "clothing", "spring", "string", "king", "ring", "thing", "during", "wedding", "pudding", "ending", "beginning",
        "awning", "railing", "wing", "sibling", "darling", "viking", "bling",
    ];

    private static PromptAspect Aspect(string name, string suggestion, params string[] cues) =>
        new(name, [.. cues.Select(NormalizedText.Phrase)], suggestion);
}
