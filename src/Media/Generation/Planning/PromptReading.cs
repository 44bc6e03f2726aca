using System.Globalization;
using SoraFunctions.Core.Safety;

namespace SoraFunctions.Media.Generation.Planning;

/// <summary>Where one thing is with respect to another the prompt names.</summary>
public enum Relation { On, Beside, Among, Under, Above, InFront, Behind, Ride, At, Against }

/// <summary>
/// A thing, person or group the prompt names: <see cref="Phrase"/> in its words (<c>zebra herd</c>, <c>two friends</c>),
/// what draws it, how many, and — as the rest of the prompt tells — what it does (<see cref="Verb"/> as written), what
/// it holds, and where it is with respect to another mention (<see cref="Target"/>, an index).
/// </summary>
public sealed record Mention(string Phrase, string Drawable, ActorKind Kind, int Count, PersonEntry? Person = null)
{
    public Motion? Motion { get; init; }

    public string? Verb { get; init; }

    public string? Held { get; init; }

    public string? HeldPhrase { get; init; }

    public Grip Grip { get; init; } = Grip.Hand;

    public Relation? Relation { get; init; }

    public int? Target { get; init; }

    /// <summary>Held by the mention at this index: drawn in its hands, not on its own.</summary>
    public int? HeldBy { get; init; }

    public string? Cameo { get; init; }

    /// <summary>What each member of a band plays, in turn (the first holds the first).</summary>
    public IReadOnlyList<string>? Instruments { get; init; }
}

/// <summary>
/// What one prompt says, read with the <see cref="Vocabulary"/>: the place, light, weather, time, camera, tempo, mood,
/// look and music it names (each with its words), the things and people it names with what they do and hold, its
/// quoted lines and cameo mentions, and the words it uses for things the planner cannot draw. A remix's later prompt
/// changes what it names (<see cref="ChangedBy"/>).
/// </summary>
public sealed record PromptReading
{
    public (string Scenery, string Phrase)? Place { get; init; }

    public (TimeOfDay Value, string Phrase)? Time { get; init; }

    public (Weather Value, string Phrase)? Weather { get; init; }

    public (CameraMove Value, string Phrase)? Camera { get; init; }

    public (float Value, string Phrase)? Tempo { get; init; }

    public Mood? Mood { get; init; }

    public Look? Look { get; init; }

    public MusicStyle? Music { get; init; }

    public IReadOnlyList<(LightKind Kind, string Phrase, int? On)> Lights { get; init; } = [];

    public IReadOnlyList<CueKind> Sounds { get; init; } = [];

    public IReadOnlyList<Mention> Mentions { get; init; } = [];

    /// <summary>A motion named with no one to do it (<c>they run</c>): every mention's, in a remix.</summary>
    public (Motion Value, string Phrase)? LoneMotion { get; init; }

    public IReadOnlyList<string> Quotes { get; init; } = [];

    public IReadOnlyList<string> Cameos { get; init; } = [];

    public IReadOnlyList<string> Unknown { get; init; } = [];

    /// <summary>Whether its one mention is only a pronoun's (<c>she walks</c>): someone, not someone new.</summary>
    public bool Pronominal { get; init; }

    /// <summary>What each group word means standing alone (<c>a band</c>): who makes the group.</summary>
    private static readonly Dictionary<string, string> GroupsAlone = new(StringComparer.Ordinal)
    {
        ["band"] = "musician", ["orchestra"] = "musician", ["choir"] = "singer", ["crowd"] = "person", ["audience"] = "person",
        ["team"] = "person", ["class"] = "student", ["family"] = "person", ["army"] = "guard", ["gang"] = "person", ["squad"] = "person",
        ["group"] = "person", ["troop"] = "monkey", ["flock"] = "bird", ["herd"] = "cow", ["school"] = "fish", ["pack"] = "wolf",
        ["swarm"] = "bee", ["fleet"] = "boat", ["pod"] = "dolphin", ["colony"] = "penguin", ["parade"] = "person", ["convoy"] = "truck",
    };

    /// <summary>The instruments a band of musicians plays, by the music it is named for.</summary>
    private static readonly Dictionary<MusicStyle, string[]> BandInstruments = new()
    {
        [MusicStyle.Jazz] = ["saxophone", "trumpet", "drum", "musical-keyboard", "guitar"],
        [MusicStyle.Rock] = ["guitar", "drum", "guitar", "microphone"],
        [MusicStyle.Classical] = ["violin", "violin", "musical-keyboard", "trumpet", "flute"],
        [MusicStyle.Folk] = ["guitar", "banjo", "accordion", "violin"],
        [MusicStyle.Electronic] = ["control-knobs", "musical-keyboard"],
        [MusicStyle.Score] = ["guitar", "drum", "trumpet", "microphone"],
    };

    /// <summary>Prepositions that say where one thing is with respect to the next one named.</summary>
    private static readonly (string[] Words, Relation Relation)[] Prepositions =
    [
        (["in", "the", "middle", "of"], Planning.Relation.Among),
        (["in", "the", "center", "of"], Planning.Relation.Among),
        (["in", "front", "of"], Planning.Relation.Behind),
        (["next", "to"], Planning.Relation.Beside),
        (["on", "top", "of"], Planning.Relation.On),
        (["among"], Planning.Relation.Among),
        (["amid"], Planning.Relation.Among),
        (["surrounded", "by"], Planning.Relation.Among),
        (["beside"], Planning.Relation.Beside),
        (["by"], Planning.Relation.Beside),
        (["near"], Planning.Relation.Beside),
        (["with"], Planning.Relation.Beside),
        (["on"], Planning.Relation.On),
        (["onto"], Planning.Relation.On),
        (["off", "of"], Planning.Relation.On),
        (["off"], Planning.Relation.On),
        (["atop"], Planning.Relation.On),
        (["under"], Planning.Relation.Under),
        (["underneath"], Planning.Relation.Under),
        (["beneath"], Planning.Relation.Under),
        (["below"], Planning.Relation.Under),
        (["over"], Planning.Relation.Above),
        (["above"], Planning.Relation.Above),
        (["behind"], Planning.Relation.InFront),
        (["at"], Planning.Relation.At),
    ];

    /// <summary>Motions whose object is held (played, eaten, read, carried, thrown…), rather than met.</summary>
    private static readonly HashSet<Motion> Holding =
    [
        Motion.Play, Motion.Eat, Motion.Drink, Motion.Work, Motion.Throw, Motion.Juggle, Motion.Fly, Motion.Walk, Motion.Run, Motion.Sway,
        Motion.Dribble, Motion.Golf, Motion.Hug, Motion.Flip,
    ];

    /// <summary>
    /// Words that make the noun after them a setting ("in the snow", "across the ice"); some of them also relate two
    /// things (<see cref="Prepositions"/>) when what follows is a thing rather than a place or a weather.
    /// </summary>
    private static readonly HashSet<string> WhereWords = ["in", "on", "into", "onto", "through", "across", "over"];

    private static readonly HashSet<string> StyleNouns = ["look", "style", "feel", "tone", "vibe", "aesthetic", "mood"];

    private static readonly HashSet<string> Pronouns = ["he", "she", "they", "him", "her", "them"];

    private static readonly HashSet<string> Determiners =
        ["a", "an", "the", "his", "her", "their", "its", "my", "our", "your", "this", "that", "these", "those", "some", "every", "each", "no"];

    public static PromptReading Of(string prompt, Vocabulary vocabulary)
    {
        var words = PromptWords.Read(prompt);
        var mentions = new List<Mention>();
        var lights = new List<(LightKind, string, int?)>();
        var sounds = new List<CueKind>();
        var unknown = new List<string>();
        var reading = new PromptReading { Quotes = PromptWords.Quotes(prompt), Cameos = PromptReview.Mentions(prompt) };
        int? count = null;
        string? countWord = null;
        (Relation Relation, int Subject, bool With)? relation = null;
        var heardUntil = 0; // the words a sound's phrase takes ("waves crash"): heard, not left out
        (Motion Motion, string Phrase, int Subject)? action = null;
        (LightKind Kind, int Light)? lightOn = null;
        (Motion Motion, string Phrase)? participle = null;
        var afterVerb = false;
        var definite = false;
        Mention? someone = null;

        void Place(Mention mention)
        {
            var index = mentions.Count;
            var last = mention.Phrase.Split(' ')[^1];
            if (definite && mentions.FindIndex(m => m.HeldBy is null && m.Phrase.Split(' ')[^1] == last) is var known and >= 0)
            {
                // "the singer" again: the one already named, whom a light or a relation may now point at.
                if (lightOn is { } spot)
                {
                    lights[spot.Light] = (spot.Kind, lights[spot.Light].Item2, known);
                    lightOn = null;
                }
                else if (relation is { } toward && toward.Subject != known && mentions[toward.Subject].Relation is null)
                {
                    mentions[toward.Subject] = mentions[toward.Subject] with { Relation = toward.Relation, Target = known };
                    relation = null;
                }

                return;
            }

            if (participle is { } adjective)
            {
                // "a steaming cup", "a sleeping cat": the participle before a noun is what it does.
                mention = mention with { Motion = adjective.Motion, Verb = adjective.Phrase };
                participle = null;
            }

            if (action is { } doing && doing.Subject != index && Holding.Contains(doing.Motion) && Holdable(mention) && mentions[doing.Subject].HeldBy is null
                && mentions[doing.Subject].Held is null && mentions[doing.Subject].Kind is ActorKind.Person or ActorKind.Robot or ActorKind.Animal)
            {
                // The object of an action that holds: in the doer's hands (their trumpet, their kite, their book), an animal's mouth
                // (a panda's bamboo); a thing flipped is tossed over, not the doer (a chef flips pancakes).
                var motion = doing.Motion == Motion.Flip ? Motion.Toss : mentions[doing.Subject].Motion;
                mentions[doing.Subject] = mentions[doing.Subject] with
                {
                    Held = mention.Drawable, HeldPhrase = mention.Phrase, Motion = motion,
                    Grip = mentions[doing.Subject].Kind == ActorKind.Animal ? Grip.Mouth : GripFor(motion ?? doing.Motion, mention.Drawable),
                };
                mentions.Add(mention with { HeldBy = doing.Subject });
                action = null;
                return;
            }

            if (relation is { With: true } with && with.Subject != index && Holdable(mention) && mentions[with.Subject] is { Held: null, HeldBy: null, Kind: ActorKind.Person or ActorKind.Robot } holder)
            {
                // "a woman with an umbrella": what a person is with, if hands hold it, is in their hands.
                mentions[with.Subject] = holder with
                {
                    Held = mention.Drawable, HeldPhrase = mention.Phrase, Grip = GripFor(holder.Motion ?? Motion.Sway, mention.Drawable),
                };
                mentions.Add(mention with { HeldBy = with.Subject });
                relation = null;
                return;
            }

            if (action is { Motion: Motion.Duel or Motion.Fence or Motion.Wrestle or Motion.Hug } meeting && meeting.Subject != index
                && mention.Kind is ActorKind.Person or ActorKind.Robot or ActorKind.Animal or ActorKind.Bird && mentions[meeting.Subject].Relation is null)
            {
                // "a knight fights a dragon", "she hugs her father": the two face each other and do it together.
                mentions.Add(mention with { Motion = meeting.Motion, Verb = mention.Verb ?? meeting.Phrase });
                mentions[meeting.Subject] = mentions[meeting.Subject] with { Relation = Planning.Relation.Against, Target = index };
                action = null;
                return;
            }

            if (action is { Motion: Motion.Ride or Motion.Surf or Motion.Bike or Motion.Skate or Motion.Ski or Motion.Gallop or Motion.Drive } riding
                && riding.Subject != index && mentions[riding.Subject].Kind is ActorKind.Person or ActorKind.Robot)
            {
                // What is ridden says how: a wave is surfed, a bicycle pedalled, a horse galloped, a tractor driven.
                var ridden = mention.Drawable switch
                {
                    "water-wave" or "prop:surfboard" => Motion.Surf,
                    "bicycle" => Motion.Bike,
                    "horse" => Motion.Gallop,
                    "skateboard" => Motion.Skate,
                    _ => Motion.Ride,
                };
                mentions.Add(mention with { Motion = mention.Kind == ActorKind.Vehicle ? Motion.Drive : mention.Motion });
                mentions[riding.Subject] = mentions[riding.Subject] with
                {
                    Relation = Planning.Relation.Ride, Target = index, Motion = ridden == Motion.Ride ? mentions[riding.Subject].Motion : ridden,
                };
                action = null;
                return;
            }

            mentions.Add(mention);
            if (action is { Motion: Motion.Dive } leaping && leaping.Subject != index && mention.IsFixedProp() && mentions[leaping.Subject].Relation is null)
            {
                // "jumps off a diving board": the diver starts on what they leave.
                mentions[leaping.Subject] = mentions[leaping.Subject] with { Relation = Planning.Relation.On, Target = index };
                action = null;
            }

            if (lightOn is { } lit)
            {
                lights[lit.Light] = (lit.Kind, lights[lit.Light].Item2, index);
                lightOn = null;
            }
            else if (relation is { } where && where.Subject != index && mentions[where.Subject].Relation is null)
            {
                mentions[where.Subject] = mentions[where.Subject] with { Relation = where.Relation, Target = index };
                relation = null;
            }
        }

        // Mentions joined by "and" ("a woman and her dog walk") do what follows together: each one's first of the pair.
        var together = new Dictionary<int, int>();
        int? joining = null;
        var (mentionEnd, seen) = (-1, 0);
        for (var i = 0; i < words.Count;)
        {
            if (mentions.Count > seen)
            {
                // The word before this one ended a mention: joined to the one before it if "and" came between.
                (mentionEnd, seen) = (i, mentions.Count);
                if (joining is { } first)
                {
                    together[mentions.Count - 1] = first;
                    together.TryAdd(first, first);
                    joining = null;
                }
            }

            var lemma = words[i].Lemma;
            if (words[i].Text == "and" && mentionEnd == i && mentions.Count > 0)
            {
                joining = together.GetValueOrDefault(mentions.Count - 1, mentions.Count - 1);
                i++;
                continue;
            }

            if (Prepositions.FirstOrDefault(p => Matches(words, i, p.Words)) is { Words: { } preposition } found)
            {
                if (SubjectFor(mentions) is { } subject)
                {
                    relation = (found.Relation, subject, preposition is ["with"]);
                }

                if (lights.Count > 0 && found.Relation == Planning.Relation.On && lightOn is null && i > 0 && vocabulary.At(words, i - 1).Any(m => m.Meaning.Category == Category.Light))
                {
                    lightOn = (lights[^1].Item1, lights.Count - 1);
                }

                i += preposition.Length;
                continue;
            }

            if (words[i].Text.StartsWith('@'))
            {
                i++; // a cameo's handle: the composer casts it on a person
                continue;
            }

            if (i > 0 && StyleNouns.Contains(lemma) && vocabulary.At(words, i - 1).Any(m => m.Meaning.Category is Category.Look or Category.Mood))
            {
                i++; // "a noir look", "a dreamy feel": the look itself, not someone looking
                continue;
            }

            var candidates = vocabulary.At(words, i).ToList();
            definite = i > 0 && words[i - 1].Text == "the";
            var nounFirst = i == 0 || Determiners.Contains(words[i - 1].Lemma) || count is not null || afterVerb
                || vocabulary.At(words, i - 1).Any(m => m.Meaning.Category is Category.Count);
            if (nounFirst && !afterVerb && words[i].Text.EndsWith("ing", StringComparison.Ordinal) && candidates.Count > 0
                && candidates.Where(c => c.Length == candidates[0].Length).FirstOrDefault(c => c.Meaning.Category == Category.Motion) is { Meaning: not null } verbal
                && i + verbal.Length < words.Count
                && vocabulary.At(words, i + verbal.Length).Any(m => m.Meaning.Category is Category.Thing or Category.Person or Category.Group))
            {
                participle = (Enum.Parse<Motion>(verbal.Meaning.Value), string.Join(' ', words.Skip(i).Take(verbal.Length).Select(word => word.Text)));
                i += verbal.Length;
                continue;
            }

            // A word may also sound (a dog barks, a crowd cheers, waves crash): sounds are read from every word, whatever it drew.
            foreach (var (sound, soundLength) in candidates.Where(m => m.Meaning.Category == Category.Sound))
            {
                sounds.Add(Enum.Parse<CueKind>(sound.Value));
                heardUntil = Math.Max(heardUntil, i + soundLength);
            }

            var chosen = Choose(candidates, nounFirst, mentions.Count > 0);
            if (chosen is not { } meaning)
            {
                if (!vocabulary.Ignored.Contains(lemma) && !vocabulary.Ignored.Contains(words[i].Text) && !lemma.All(char.IsDigit)
                    && vocabulary.Drawable(lemma) is { } drawable)
                {
                    Place(ThingMention(Phrase(countWord, words[i].Text), drawable.Icon, drawable.Group, drawable.Subgroup, count ?? Plural(words[i])));
                    (count, countWord) = (null, null);
                    afterVerb = false;
                }
                else if (i >= heardUntil && !vocabulary.Ignored.Contains(lemma) && !vocabulary.Ignored.Contains(words[i].Text) && lemma.Length > 2 && !lemma.All(char.IsDigit))
                {
                    unknown.Add(words[i].Text);
                }

                i++;
                continue;
            }

            var (what, length) = meaning;
            var phrase = string.Join(' ', words.Skip(i).Take(length).Select(word => word.Text));
            afterVerb = what.Category == Category.Motion;
            switch (what.Category)
            {
                case Category.Count:
                    count = int.Parse(what.Value, CultureInfo.InvariantCulture);
                    countWord = count > 1 ? phrase : null;
                    break;
                case Category.Group when mentions.Count > 0 && i > 0 && mentions[^1] is { HeldBy: null } previous && EndsAt(words, i, previous.Phrase):
                    // "zebra herd", "jazz band" after its musicians' music: the group of what was just named.
                    mentions[^1] = previous with { Phrase = $"{previous.Phrase} {phrase}", Count = int.Parse(what.Value, CultureInfo.InvariantCulture) };
                    break;
                case Category.Group when i + length < words.Count && words[i + length].Lemma == "of":
                    // "a herd of zebras": the count of what follows, named as the prompt names it.
                    count = int.Parse(what.Value, CultureInfo.InvariantCulture);
                    countWord = $"{phrase} of";
                    length++;
                    break;
                case Category.Group:
                {
                    var members = GroupsAlone.GetValueOrDefault(string.Join(' ', words.Skip(i).Take(length).Select(word => word.Lemma)), "person");
                    var named = MusicBefore(words, i, vocabulary) is { } music ? $"{music} {phrase}" : phrase;
                    var groupCount = int.Parse(what.Value, CultureInfo.InvariantCulture);
                    if (Person(vocabulary, members) is { } person)
                    {
                        Place(PersonMention(named, person, groupCount));
                    }
                    else if (vocabulary.Drawable(members) is { } drawable)
                    {
                        Place(ThingMention(named, drawable.Icon, drawable.Group, drawable.Subgroup, groupCount));
                    }

                    (count, countWord) = (null, null);
                    break;
                }

                case Category.Person when Pronouns.Contains(phrase):
                    // "she", "they": someone already named; in a prompt that names no one, someone all the same.
                    if (!mentions.Any(m => m.Kind is ActorKind.Person or ActorKind.Robot))
                    {
                        someone ??= PersonMention(phrase, (PersonEntry)what.Entry!, null);
                    }

                    break;
                case Category.Person:
                    Place(PersonMention(Phrase(countWord, phrase), (PersonEntry)what.Entry!, count ?? (Plural(words[i + length - 1]) > 1 ? Math.Max(3, ((PersonEntry)what.Entry!).Count) : null)));
                    (count, countWord) = (null, null);
                    break;
                case Category.Thing:
                {
                    var target = what.Value;
                    var drawable = target.StartsWith(Actor.PropPrefix, StringComparison.Ordinal) ? null : vocabulary.Drawables.Named(target) ?? vocabulary.Drawable(target);
                    Place(drawable is null
                        ? new Mention(Phrase(countWord, phrase), target.StartsWith(Actor.PropPrefix, StringComparison.Ordinal) ? target : Actor.PropPrefix + target, ActorKind.Thing, count ?? Plural(words[i + length - 1]))
                        : ThingMention(Phrase(countWord, phrase), drawable.Icon, drawable.Group, drawable.Subgroup, count ?? Plural(words[i + length - 1])));
                    (count, countWord) = (null, null);
                    break;
                }

                case Category.Motion:
                {
                    var motion = Enum.Parse<Motion>(what.Value);
                    if (SubjectFor(mentions) is { } subject)
                    {
                        // A doer's first verb sets what they do, unless what they are (a fencer) already says it more particularly; a
                        // second verb ("jumps off a diving board doing a cannonball") is drawn when it is the more particular one. Those
                        // named together do it together.
                        IEnumerable<int> doers = together.TryGetValue(subject, out var pair) ? [.. together.Where(t => t.Value == pair).Select(t => t.Key)] : [subject];
                        joining = null;
                        foreach (var doing in doers)
                        {
                            var doer = mentions[doing];
                            mentions[doing] = doer with
                            {
                                Motion = doer.Motion is { } already ? Particular(already, motion) : motion,
                                Verb = doer.Verb is null ? phrase : $"{doer.Verb}, {phrase}",
                            };
                        }

                        action = (motion, phrase, subject);
                    }
                    else
                    {
                        reading = reading with { LoneMotion = (motion, phrase) };
                        action = null;
                    }

                    break;
                }

                case Category.Place:
                    reading = reading.Place is null ? reading with { Place = (what.Value, phrase) } : reading;
                    if (reading.Place?.Phrase != phrase)
                    {
                        unknown.Add(phrase); // a second place: the scene is one place
                    }

                    break;
                case Category.Light:
                    lights.Add((Enum.Parse<LightKind>(what.Value), phrase, null));
                    break;
                case Category.Weather:
                {
                    var weather = Enum.Parse<Generation.Weather>(what.Value);
                    reading = reading.Weather is not { } said ? reading with { Weather = (weather, phrase) }
                        : Together(said.Value, weather) is { } both ? reading with { Weather = (both, $"{said.Phrase}, {phrase}") }
                        : reading;
                    if (reading.Place is null && SaidAsWhere(words, i)
                        && candidates.FirstOrDefault(c => c.Length == length && c.Meaning.Category == Category.Place) is { Meaning: { } ground })
                    {
                        reading = reading with { Place = (ground.Value, phrase) }; // "in the snow": the ground as well as the sky
                    }

                    break;
                }

                case Category.Time:
                    relation = null; // "at night": a when, not a where
                    reading = reading.Time is null ? reading with { Time = (Enum.Parse<TimeOfDay>(what.Value), phrase) } : reading;
                    break;
                case Category.Camera:
                    reading = reading.Camera is null ? reading with { Camera = (Enum.Parse<CameraMove>(what.Value), phrase) } : reading;
                    break;
                case Category.Tempo:
                    reading = reading with { Tempo = (float.Parse(what.Value, CultureInfo.InvariantCulture), phrase) };
                    break;
                case Category.Mood:
                    reading = reading with { Mood = reading.Mood ?? Enum.Parse<Mood>(what.Value) };
                    break;
                case Category.Look:
                    reading = reading with { Look = reading.Look ?? Enum.Parse<Look>(what.Value) };
                    break;
                case Category.Music:
                    reading = reading with { Music = reading.Music ?? Enum.Parse<MusicStyle>(what.Value) };
                    break;
            }

            // A light, a weather or a time that is also a thing (a full moon, lightning, candles) is drawn as the thing too; so is a
            // place that is also a prop (a kitchen table, a stage).
            if ((what.Category is Category.Light or Category.Weather or Category.Time
                    || what.Category is Category.Place && candidates.Any(c => c.Length == length && c.Meaning.Value.StartsWith(Actor.PropPrefix, StringComparison.Ordinal)))
                && candidates.FirstOrDefault(c => c.Length == length && c.Meaning.Category == Category.Thing) is { Meaning: { } thing })
            {
                if (thing.Value.StartsWith(Actor.PropPrefix, StringComparison.Ordinal))
                {
                    Place(new Mention(Phrase(countWord, phrase), thing.Value, ActorKind.Thing, count ?? 1));
                    (count, countWord) = (null, null);
                }
                else if ((vocabulary.Drawables.Named(thing.Value) ?? vocabulary.Drawable(thing.Value)) is { } drawable)
                {
                    Place(ThingMention(Phrase(countWord, phrase), drawable.Icon, drawable.Group, drawable.Subgroup, count ?? 1));
                    (count, countWord) = (null, null);
                }
            }

            i += length;
        }

        if (mentions.Count == 0 && someone is not null)
        {
            // Only a pronoun names who is there: one person, doing what is done. A remix's "they run" changes who was named.
            mentions.Add(someone with { Motion = reading.LoneMotion?.Value ?? someone.Motion, Verb = reading.LoneMotion?.Phrase });
            reading = reading with { Pronominal = true };
        }

        return reading with
        {
            Mentions = Musicians(mentions, reading.Music ?? MusicStyle.Score),
            Lights = lights,
            Sounds = [.. sounds.Distinct()],
            Unknown = unknown,
        };
    }

    /// <summary>
    /// The reading of a remix: the later prompt changes what it names — the place, time, weather, camera, tempo, mood,
    /// look, music and lights one by one; the things when it names others (a motion alone changes how they move); the
    /// lines when it quotes new ones — and keeps the rest. Cameos stay cast; new mentions are cast too.
    /// </summary>
    public PromptReading ChangedBy(PromptReading later)
    {
        // "the same kite at night": a thing named again without a motion keeps the one it had.
        var mentions = later.Mentions.Count > 0 && !later.Pronominal
            ? [.. later.Mentions.Select(mention => mention.Motion is null && Mentions.FirstOrDefault(earlier => earlier.Drawable == mention.Drawable) is { } same
                ? mention with { Motion = same.Motion, Verb = same.Verb }
                : mention)]
            : later.LoneMotion is { } motion
                ? [.. Mentions.Select(mention => mention.HeldBy is null ? mention with { Motion = motion.Value, Verb = motion.Phrase } : mention)]
                : Mentions;
        return this with
        {
            Place = later.Place ?? Place,
            Time = later.Time ?? Time,
            Weather = later.Weather ?? Weather,
            Camera = later.Camera ?? Camera,
            Tempo = later.Tempo ?? Tempo,
            Mood = later.Mood ?? Mood,
            Look = later.Look ?? Look,
            Music = later.Music ?? Music,
            Lights = later.Lights.Count > 0 ? later.Lights : Lights,
            Sounds = [.. Sounds.Concat(later.Sounds).Distinct()],
            Mentions = mentions,
            Quotes = later.Quotes.Count > 0 ? later.Quotes : Quotes,
            Cameos = [.. Cameos.Concat(later.Cameos.Where(cameo => !Cameos.Contains(cameo, StringComparer.OrdinalIgnoreCase)))],
            Unknown = [.. Unknown.Concat(later.Unknown).Distinct()],
        };
    }

    /// <summary>
    /// Of the meanings a phrase may have (longest first), the one this place in the sentence takes: after an article or
    /// a count, a thing or person (a <c>cast</c>, a <c>walk</c>); after a doer, a motion (<c>casts</c>, <c>walks</c>).
    /// </summary>
    private static (Meaning Meaning, int Length)? Choose(List<(Meaning Meaning, int Length)> candidates, bool nounFirst, bool hasDoer)
    {
        if (candidates.Count == 0)
        {
            return null;
        }

        var longest = candidates[0].Length;
        var tied = candidates.Where(c => c.Length == longest && c.Meaning.Category != Category.Sound).ToList();
        if (tied.Count == 0)
        {
            return candidates.FirstOrDefault(c => c.Meaning.Category != Category.Sound) is { Meaning: not null } other ? other : (candidates[0].Meaning, candidates[0].Length);
        }

        int Rank(Category category) => category switch
        {
            Category.Camera or Category.Tempo => 0,
            Category.Light or Category.Weather or Category.Time => 1,
            Category.Count => 2,
            Category.Group => 3,
            Category.Person => 4,
            Category.Place => nounFirst ? 5 : 7,
            Category.Thing => nounFirst ? 6 : 8,
            Category.Motion => nounFirst || !hasDoer ? 9 : 5,
            _ => 10,
        };

        return tied.MinBy(candidate => Rank(candidate.Meaning.Category));
    }

    /// <summary>The mention an action or a place is said of: the doer of the last one named (a held thing's holder).</summary>
    private static int? SubjectFor(List<Mention> mentions) =>
        mentions.Count == 0 ? null : mentions[^1].HeldBy ?? FirstDoer(mentions, mentions.Count - 1);

    /// <summary>The doer at or before <paramref name="at"/>: a target of a relation hands the action back to whoever stands on it.</summary>
    private static int FirstDoer(List<Mention> mentions, int at)
    {
        for (var i = at; i >= 0; i--)
        {
            if (mentions[i].Kind is ActorKind.Person or ActorKind.Robot or ActorKind.Animal or ActorKind.Bird or ActorKind.Swimmer or ActorKind.Vehicle
                or ActorKind.Aircraft or ActorKind.Boat && mentions.All(other => other.Target != i || other.Relation == Planning.Relation.Ride))
            {
                return i;
            }
        }

        return at;
    }

    /// <summary>
    /// Of two motions said of one doer, the more particular: one with a pose of its own (a fencer's lunge over a duel), else
    /// the later unless it is only a way of going (a cannonball over a jump, a flip over a run).
    /// </summary>
    private static Motion Particular(Motion first, Motion second) =>
        SceneComposer.HasPose(first) && !SceneComposer.HasPose(second) ? first
        : second is Motion.Walk or Motion.Sway or Motion.Still or Motion.Run ? first
        : second;

    /// <summary>How a thing is held for a motion: an instrument blown at the mouth, a drum in front, a kite on its string.</summary>
    public static Grip GripFor(Motion motion, string held) => (motion, held) switch
    {
        (_, "trumpet" or "saxophone" or "flute" or "microphone") => Grip.Mouth,
        (_, "drum" or "musical-keyboard" or "control-knobs" or "open-book" or "laptop") => Grip.Front,
        (Motion.Fly, _) => Grip.String,
        (Motion.Eat or Motion.Drink, _) => Grip.Mouth,
        (Motion.Juggle, _) => Grip.Overhead,
        _ => Grip.Hand,
    };

    /// <summary>Small things hands hold: not furniture, buildings, vehicles, animals or people.</summary>
    private static bool Holdable(Mention mention) =>
        mention.Kind == ActorKind.Thing && !mention.IsFixedProp();

    /// <summary>Musicians of a band hold its instruments: by the music it plays, one each.</summary>
    private static List<Mention> Musicians(List<Mention> mentions, MusicStyle music) =>
        [.. mentions.Select(mention => mention.Person is { Held: "guitar" } && mention.Count > 1 && mention.Phrase.EndsWith("band", StringComparison.Ordinal)
            ? mention with { Held = BandInstruments[music][0], Instruments = BandInstruments[music], Grip = GripFor(Motion.Play, BandInstruments[music][0]) }
            : mention)];

    private static PersonEntry? Person(Vocabulary vocabulary, string word) =>
        vocabulary.At([new Word(word, PromptWords.Lemma(word), 0)], 0).Select(m => m.Meaning).FirstOrDefault(m => m.Category == Category.Person)?.Entry as PersonEntry;

    private static Mention PersonMention(string phrase, PersonEntry person, int? count) =>
        new(phrase, person.Robot ? "robot" : person.Icon ?? Actor.Walker, person.Robot ? ActorKind.Robot : ActorKind.Person, count ?? person.Count, person)
        {
            Motion = person.Motion,
            Held = person.Held,
            HeldPhrase = null,
            Grip = person.Grip ?? Grip.Hand,
        };

    private static Mention ThingMention(string phrase, string icon, string group, string subgroup, int count) =>
        new(phrase, icon, KindOf(icon, group, subgroup), count);

    /// <summary>What a drawable is, from its group and subgroup in the set.</summary>
    public static ActorKind KindOf(string icon, string group, string subgroup) => (group, subgroup) switch
    {
        (_, "animal-bird") => ActorKind.Bird,
        (_, "animal-marine") => ActorKind.Swimmer,
        (_, "animal-bug") when icon is "butterfly" or "honeybee" or "fly" or "mosquito" or "lady-beetle" => ActorKind.Bird,
        ("animals-nature", "animal-mammal" or "animal-amphibian" or "animal-reptile" or "animal-bug") => ActorKind.Animal,
        (_, "transport-ground") => ActorKind.Vehicle,
        (_, "transport-air") => ActorKind.Aircraft,
        (_, "transport-water") => ActorKind.Boat,
        (_, "place-building" or "place-religious" or "place-other" or "place-geographic") => ActorKind.Building,
        (_, "sky-weather") when icon is not ("umbrella" or "closed-umbrella" or "umbrella-with-rain-drops" or "umbrella-on-ground" or "snowman"
            or "snowman-without-snow" or "fire" or "droplet" or "water-wave") => ActorKind.Sky,
        (_, "event") when icon is "fireworks" => ActorKind.Sky,
        _ when icon.StartsWith("globe-showing", StringComparison.Ordinal) => ActorKind.Sky,
        _ when icon is "dragon" or "fairy" => ActorKind.Bird,
        _ => ActorKind.Thing,
    };

    /// <summary>Two weathers a prompt names that make one: rain and lightning are a storm; otherwise the first said stays.</summary>
    private static Generation.Weather? Together(Generation.Weather first, Generation.Weather second) =>
        (first, second) is (Generation.Weather.Rain or Generation.Weather.Storm, Generation.Weather.Rain or Generation.Weather.Storm) ? Generation.Weather.Storm
        : first == second ? first
        : null;

    /// <summary>The music word just before a group (<c>jazz</c> band), if any.</summary>
    private static string? MusicBefore(IReadOnlyList<Word> words, int at, Vocabulary vocabulary) =>
        at > 0 && vocabulary.At(words, at - 1).Any(m => m.Meaning.Category == Category.Music) ? words[at - 1].Text : null;

    private static bool SaidAsWhere(IReadOnlyList<Word> words, int at)
    {
        var before = at - 1;
        while (before >= 0 && Determiners.Contains(words[before].Lemma))
        {
            before--;
        }

        return before >= 0 && WhereWords.Contains(words[before].Text);
    }

    private static bool Matches(IReadOnlyList<Word> words, int at, string[] phrase) =>
        at + phrase.Length <= words.Count && phrase.Select((word, i) => words[at + i].Text == word).All(same => same);

    private static bool EndsAt(IReadOnlyList<Word> words, int at, string phrase) =>
        phrase.Split(' ')[^1] == words[at - 1].Text;

    /// <summary>How many a noun names with no count said: a plural (<c>seagulls</c>) is a few, else one.</summary>
    private static int Plural(Word noun) => noun.Text != noun.Lemma && noun.Text.EndsWith('s') ? 3 : 1;

    private static string Phrase(string? countWord, string phrase) => countWord is null ? phrase : $"{countWord} {phrase}";
}

public static class MentionExtensions
{
    /// <summary>Props that stand where they are and are never carried: furniture, the painter's scenery pieces.</summary>
    public static bool IsFixedProp(this Mention mention) =>
        mention.Drawable.StartsWith(Actor.PropPrefix, StringComparison.Ordinal) && mention.Drawable is not ("prop:hose" or "prop:water jet" or "prop:fishing line" or "prop:surfboard" or "prop:stroller" or "prop:boots")
        || mention.Drawable is "couch-and-lamp" or "bed" or "chair" or "window" or "door" or "goal-net" or "potted-plant" or "deciduous-tree"
            or "evergreen-tree" or "palm-tree" or "rock" or "ladder" or "fountain" or "tent";
}
