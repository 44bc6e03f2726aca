using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using SoraFunctions.Media.Generation.Drawing;

namespace SoraFunctions.Media.Generation.Planning;

/// <summary>A kind of person the prompt may name: how many it means, their icon (a role's), pose, what they hold.</summary>
public sealed record PersonEntry(
    IReadOnlyList<string> Words, string? Gender = null, bool Small = false, string? Icon = null, int Count = 1, Motion? Motion = null,
    string? Held = null, Grip? Grip = null, bool Robot = false);

/// <summary>What a phrase of a prompt means to the planner, with the words (base forms) that say it.</summary>
public sealed record Meaning(Category Category, string Value, object? Entry = null);

public enum Category { Count, Group, Person, Motion, Thing, Place, Light, Weather, Time, Camera, Tempo, Mood, Look, Music, Sound }

/// <summary>
/// The planner's words (<c>vocabulary.json</c>, embedded): counts, groups, people, motions, places, lights, weather,
/// times, camera moves, tempos, moods, looks, music and sounds, and the names of things it draws; every phrase kept as
/// the base forms of its words, so that a prompt's <c>flipping zebras</c> finds <c>flip</c> and <c>zebra</c>. A thing
/// not listed is looked for in the illustrations' own CLDR names and keywords.
/// </summary>
public sealed class Vocabulary
{
    private static readonly Lazy<Vocabulary> Embedded = new(() => Load(DrawableCatalogue.Default));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Phrases by their first word's base form, longest first.</summary>
    private readonly Dictionary<string, List<(string[] Lemmas, Meaning Meaning)>> phrases = new(StringComparer.Ordinal);

    private Vocabulary(DrawableCatalogue drawables, HashSet<string> ignored)
    {
        Drawables = drawables;
        Ignored = ignored;
    }

    public static Vocabulary Default => Embedded.Value;

    public DrawableCatalogue Drawables { get; }

    /// <summary>Words that name nothing to draw (articles, prepositions, colours, feelings…), as written and as base forms.</summary>
    public IReadOnlySet<string> Ignored { get; }

    public static Vocabulary Load(DrawableCatalogue drawables)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SoraFunctions.Media.Generation.Planning.vocabulary.json")
            ?? throw new MediaException("The planner's vocabulary is not embedded.");
        var file = JsonSerializer.Deserialize<VocabularyFile>(stream, Json) ?? throw new MediaException("The planner's vocabulary is empty.");
        var vocabulary = new Vocabulary(drawables, [.. file.Ignore.SelectMany(word => new[] { word, PromptWords.Lemma(word) })]);
        // Every drawable the file names is one the illustrations (or the painter's props) have: a misspelt one would
        // fail only when a prompt asks for it.
        var missing = file.People.Select(person => person.Held).OfType<string>().Where(held => drawables.Named(held) is null && !drawables.CanDraw(held))
            .Concat(file.Things.Values.Where(thing => !drawables.CanDraw(thing) && drawables.Named(thing) is null && vocabulary.Drawable(thing) is null))
            .Distinct().ToList();
        if (missing.Count > 0)
        {
            throw new MediaException($"The planner's vocabulary names what the illustrations lack: {string.Join(", ", missing)}.");
        }

        void Add(Category category, IEnumerable<(string Phrase, string Value, object? Entry)> entries)
        {
            foreach (var (phrase, value, entry) in entries)
            {
                vocabulary.Add(phrase, new Meaning(category, value, entry));
            }
        }

        static IEnumerable<(string, string, object?)> Lists<T>(Dictionary<T, string[]> table) where T : notnull =>
            table.SelectMany(pair => pair.Value.Select(word => (word, pair.Key.ToString()!, (object?)null)));

        Add(Category.Count, file.Counts.Select(pair => (pair.Key, pair.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)null)));
        Add(Category.Group, file.Groups.Select(pair => (pair.Key, pair.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)null)));
        // A person's held thing is named by its CLDR label in the file; drawn by its icon.
        var people = file.People.Select(person => person.Held is { } held ? person with { Held = drawables.Named(held)?.Icon ?? held } : person);
        Add(Category.Person, people.SelectMany(person => person.Words.Select(word => (word, word, (object?)person))));
        Add(Category.Motion, Lists(file.Motions));
        Add(Category.Thing, file.Things.Select(pair => (pair.Key, pair.Value, (object?)null)));
        Add(Category.Place, Lists(file.Places));
        Add(Category.Light, Lists(file.Lights));
        Add(Category.Weather, Lists(file.Weather));
        Add(Category.Time, Lists(file.Times));
        Add(Category.Camera, Lists(file.Cameras));
        Add(Category.Tempo, Lists(file.Tempos));
        Add(Category.Mood, Lists(file.Moods));
        Add(Category.Look, Lists(file.Looks));
        Add(Category.Music, Lists(file.Music));
        Add(Category.Sound, Lists(file.Sounds));
        foreach (var list in vocabulary.phrases.Values)
        {
            list.Sort((a, b) => b.Lemmas.Length.CompareTo(a.Lemmas.Length));
        }

        return vocabulary;
    }

    /// <summary>
    /// Every meaning a phrase starting at <paramref name="at"/> may have, longest phrases first, with how many words it
    /// takes; a phrase matches on the words' base forms.
    /// </summary>
    public IEnumerable<(Meaning Meaning, int Length)> At(IReadOnlyList<Word> words, int at)
    {
        if (!phrases.TryGetValue(words[at].Lemma, out var candidates))
        {
            yield break;
        }

        foreach (var (lemmas, meaning) in candidates)
        {
            if (at + lemmas.Length <= words.Count && lemmas.Select((lemma, i) => words[at + i].Lemma == lemma).All(same => same))
            {
                yield return (meaning, lemmas.Length);
            }
        }
    }

    /// <summary>
    /// The drawable a noun names in the illustrations' own words: the one whose CLDR name it is, else one whose name ends
    /// with it (<c>sunflower</c>; a <c>beetle</c> is a <c>lady beetle</c>), else one that has it as a keyword — among
    /// things, animals, food, places and vehicles, never a face, a hand or a symbol.
    /// </summary>
    public Drawable? Drawable(string noun)
    {
        if (Drawables.Named(noun) is { } named && Drawn(named))
        {
            return named;
        }

        var candidates = Drawables.Entries.Where(Drawn).ToList();
        return candidates.Where(entry => entry.Label.EndsWith(" " + noun, StringComparison.Ordinal)).MinBy(entry => entry.Label.Length)
            ?? candidates.Where(entry => entry.Tags.Contains(noun)).MinBy(entry => (Rank(entry.Group), entry.Label.Length));

        static bool Drawn(Drawable entry) => Rank(entry.Group) < 9 && !entry.Subgroup.StartsWith("hand", StringComparison.Ordinal)
            && entry.Subgroup is not ("body-parts" or "person-gesture" or "person-symbol" or "family" or "skin-tone" or "hair-style" or "emotion" or "heart")
            && !entry.Label.Contains("face", StringComparison.Ordinal);

        static int Rank(string group) => group switch
        {
            "animals-nature" => 0,
            "food-drink" => 1,
            "travel-places" => 2,
            "objects" => 3,
            "activities" => 4,
            "people-body" => 5,
            _ => 9,
        };
    }

    private void Add(string phrase, Meaning meaning)
    {
        var lemmas = PromptWords.Read(phrase).Select(word => word.Lemma).ToArray();
        if (lemmas.Length == 0)
        {
            return;
        }

        if (!phrases.TryGetValue(lemmas[0], out var list))
        {
            phrases[lemmas[0]] = list = [];
        }

        list.Add((lemmas, meaning));
    }

    private sealed record VocabularyFile(
        Dictionary<string, int> Counts,
        Dictionary<string, int> Groups,
        IReadOnlyList<PersonEntry> People,
        Dictionary<Motion, string[]> Motions,
        Dictionary<string, string> Things,
        Dictionary<string, string[]> Places,
        Dictionary<LightKind, string[]> Lights,
        Dictionary<Weather, string[]> Weather,
        Dictionary<TimeOfDay, string[]> Times,
        Dictionary<CameraMove, string[]> Cameras,
        Dictionary<string, string[]> Tempos,
        Dictionary<Mood, string[]> Moods,
        Dictionary<Look, string[]> Looks,
        Dictionary<MusicStyle, string[]> Music,
        Dictionary<CueKind, string[]> Sounds,
        IReadOnlyList<string> Ignore);
}
