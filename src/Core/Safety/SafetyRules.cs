using System.Text.RegularExpressions;

namespace SoraFunctions.Core.Safety;

/// <summary>
/// A harm rule: a text is at <see cref="Severity"/> in <see cref="Category"/> when it holds a phrase of each list of
/// <see cref="AllOf"/>, all within <see cref="Window"/> words of one another, and none of <see cref="Unless"/> (the
/// frames in which those words say something else: a memorial, a history lecture). A rule of one list is a list of
/// terms. Its name is what a hit reports.
/// </summary>
public sealed record HarmRule(
    string Name, HarmCategory Category, int Severity, IReadOnlyList<IReadOnlyList<Phrase>> AllOf, int Window = int.MaxValue,
    IReadOnlyList<Phrase>? Unless = null)
{
    /// <summary>What the rule found in the text (its terms, quoted), or null when it does not apply.</summary>
    public string? Match(NormalizedText text)
    {
        if (Unless is not null && Unless.Any(text.Contains))
        {
            return null;
        }

        var hits = AllOf.Count == 1
            ? AllOf[0].FirstOrDefault(text.Contains) is { } hit ? [hit] : null
            : text.FindTogether(AllOf, Window);
        return hits is null ? null : string.Join(" + ", hits.Select(phrase => $"'{phrase.Term}'"));
    }
}

/// <summary>
/// The built-in rules the local screener and the policy read. Severities follow Azure AI Content Safety's 0–7 scale:
/// 2–3 depicts (a battle, a kiss, a grave), 4–5 dwells on it, 6–7 is graphic, instructional or aimed at real people.
/// Ordinary cinema must pass for adults, so war, horror, crime, surgery and contact sports sit below the adult
/// thresholds. Terms cover common synonyms, evasions and a few other languages' words.
/// </summary>
public static partial class SafetyRules
{
    // The word lists the rules combine. Declared first: static fields initialize in the order written.

    /// <summary>
    /// People by religion, ethnicity or race, nationality, sexual orientation, gender identity or disability, and
    /// immigrants and refugees: whom the hate rules protect.
    /// </summary>
    private static readonly List<Phrase> ProtectedGroups = Phrases(
        "muslim*", "islamic", "jew", "jews", "jewish", "christian*", "catholic*", "protestant*", "hindu*", "sikh*", "buddhist*",
        "atheist*", "mormon*",
        "black people", "black person", "black men", "black man", "black women", "black woman", "black children", "black families",
        "black community", "blacks", "white people", "whites", "asian*", "arab*", "latino*", "latina*", "hispanic*", "african*",
        "roma", "romani", "gypsies", "gypsy", "indigenous", "native american*", "aborigin*",
        "mexican*", "chinese", "japanese", "korean*", "indian*", "pakistani*", "bangladeshi*", "filipino*", "vietnamese",
        "armenian*", "kurd*", "palestinian*", "israeli*", "iranian*", "iraqi*", "syrian*", "afghan*", "somali*", "nigerian*",
        "haitian*", "ukrainian*", "russian*", "polish", "poles", "irish", "italians", "turks", "turkish people", "tutsi*",
        "hutu*", "uyghur*", "rohingya", "yazidi*", "tamil*", "bosniak*", "ethiopian*", "eritrean*", "sudanese", "congolese",
        "mosque*", "synagogue*", "church*", "temple*", "gurdwara*", "worshippers", "congregation*",
        "immigrant*", "refugee*", "migrant*", "asylum seeker*", "foreigners",
        "gay", "gays", "lesbian*", "bisexual*", "homosexual*", "queer*", "lgbt*",
        "trans", "transgender*", "trans people", "trans women", "trans men", "nonbinary", "non binary",
        "disabled", "handicapped", "autistic", "the deaf", "deaf people", "the blind", "blind people", "wheelchair users",
        "cripple*", "retard*", "mentally disabled", "down syndrome");

    /// <summary>Violence done to people, or their removal.</summary>
    private static readonly List<Phrase> ViolenceAgainst = Phrases(
        "kill*", "shot", "shoot*", "murder*", "massacre*", "slaughter*", "exterminat*", "annihilat*", "eradicat*", "purge*",
        "wipe out", "wiped out", "gas", "gassed", "gassing", "lynch*", "hang", "hanged", "hung", "burn*", "beat", "beaten",
        "beating", "stab*", "euthaniz*", "euthanis*", "cull*", "round up", "rounded up", "rounding up", "herded", "drown*",
        "rape*", "tortur*", "attack*", "bomb*", "eliminat*", "cleans*", "suffer*", "punish*", "expel*", "get rid of",
        "destroy*", "death to", "hunted", "hunt down", "stone*", "whipped", "enslav*", "sterili*", "set fire", "sets fire",
        "torch*", "locked up", "lock up", "imprison*", "put in camps", "driven out", "drive out", "deported");

    /// <summary>Words that take the side of the violence: calling for it, wishing it, celebrating it, recruiting for it.</summary>
    private static readonly List<Phrase> Endorsing = Phrases(
        "should", "must", "deserve*", "urging", "urge*", "calling for", "call for", "calls for", "called for", "celebrat*",
        "cheer*", "as justice", "justice served", "a victory", "as punishment", "heroic", "propaganda", "recruitment",
        "recruit*", "let s", "lets", "need to be", "needs to be", "have to be", "has to be", "glorif*", "prais*",
        "good riddance", "it s time to", "we will", "rally", "sermon", "declar*", "psa", "manifesto", "incit*", "applaud*",
        "triumphant", "for points", "bonus points", "parody", "poster", "joke", "comedy sketch");

    /// <summary>People called less than human, or vermin, or a disease, or a danger by nature.</summary>
    private static readonly List<Phrase> Dehumanizing = Phrases(
        "vermin", "cockroach*", "roaches", "subhuman*", "untermensch*", "freaks", "parasite*", "infestation", "plague of",
        "leeches", "bloodsucking", "blood sucking", "not human", "less than human", "not even human", "defective",
        "degenerate*", "inferior", "savages", "predators", "pedophiles", "a burden", "a disease", "a cancer", "a virus");

    /// <summary>Words that liken someone to something: "shown as", "are", "like".</summary>
    private static readonly List<Phrase> Likening = Phrases("as", "like", "are", "were", "into", "become*");

    /// <summary>Animals people are likened to, to deny them humanity.</summary>
    private static readonly List<Phrase> Animals = Phrases(
        "rats", "rat", "apes", "ape", "monkeys", "animals", "beasts", "insects", "pigs", "dogs", "cattle", "swarm", "horde",
        "snakes", "bugs", "lice");

    /// <summary>Killing a whole people: words that mean it, said of every one of them.</summary>
    private static readonly List<Phrase> Eliminating = Phrases("exterminat*", "annihilat*", "eradicat*", "wipe out", "wiping out", "purge", "cleanse");

    private static readonly List<Phrase> Every = Phrases("every", "all", "all the", "the whole", "the entire", "each and every");

    /// <summary>
    /// Sport and the stage, where beating, destroying, killing it and shooting are how a game or a show goes and cheers
    /// are for the players.
    /// </summary>
    private static readonly List<Phrase> SportAndStage = Phrases(
        "team*", "match", "matches", "final", "finals", "stadium", "fans", "player*", "goal*", "score*", "tournament*",
        "championship*", "league", "record", "on stage", "concert", "song", "audience", "comedian*", "basketball", "football",
        "soccer", "rugby", "hockey", "boxing match", "marathon");

    /// <summary>What may be exterminated without hate: pests, and the creatures of fiction and games.</summary>
    private static readonly List<Phrase> Pests = Phrases(
        "bugs", "pests", "insects", "termites", "ants", "weeds", "mice", "rats", "roaches", "cockroaches", "mold", "germs",
        "bacteria", "zombies", "aliens", "robots", "monsters", "demons", "orcs", "daleks", "invaders", "virus");

    /// <summary>Frames that tell of such things rather than take their side: history, remembrance, reporting.</summary>
    private static readonly List<Phrase> Remembering = Phrases(
        "history", "historical", "historian*", "museum", "memorial*", "remembrance", "commemorat*", "lecture", "vigil",
        "mourn*", "tribute", "in memory", "survivor*", "victims of", "anniversary", "news report*", "exhibit*", "investigat*");

    /// <summary>A cutting or burning act, or the thing it is done with.</summary>
    private static readonly List<Phrase> CuttingOrBurning = Phrases(
        "razor*", "blade*", "box cutter*", "knife", "knives", "scissors", "shard*", "glass", "broken bottle", "lighter",
        "cigarette*", "hot iron", "cut", "cuts", "cutting", "slash*", "slit*", "carve*", "carving", "gash*", "scratch*",
        "burns", "burning", "burned", "bleed*");

    /// <summary>A body part of the person themselves: her wrist, his own arm.</summary>
    private static readonly List<Phrase> OwnBody = Phrases([.. Combine(
        ["her", "his", "their", "my", "your", "her own", "his own", "their own", "my own", "your own"],
        ["wrist", "wrists", "forearm", "forearms", "arm", "arms", "thigh", "thighs", "skin", "leg", "legs", "stomach", "belly",
         "veins", "throat", "flesh", "palm", "palms"])]);

    /// <summary>What a hanging is done with.</summary>
    private static readonly List<Phrase> Ligatures = Phrases("belt", "cord", "rope", "noose", "cable", "wire", "ligature", "extension cord");

    private static readonly List<Phrase> OwnNeck = Phrases("his neck", "her neck", "their neck", "my neck", "your neck", "his own neck", "her own neck");

    /// <summary>Means people use to end their lives.</summary>
    private static readonly List<Phrase> LethalMeans = Phrases([
        "pills", "sleeping pills", "tablets", "overdose*", "lethal dose", "aspirin", "paracetamol", "acetaminophen", "ibuprofen",
        "painkillers", "antidepressants", "insulin", "opioids", "noose", "rope", "car exhaust", "carbon monoxide", "bleach",
        "rooftop", "ledge", "bridge", "train tracks", "cliff edge", "in front of a train", "in front of a subway train",
        "in front of the train", "in front of a bus", "in front of a truck", "oncoming train",
        .. Combine(["gun to", "pistol to", "revolver to"], ["his head", "her head", "their head", "my head", "your head",
            "his own head", "her own head", "their own head", "my own head", "his temple", "her temple"])]);

    /// <summary>Words that aim an act at dying.</summary>
    private static readonly List<Phrase> AimedAtDeath = Phrases(
        "to die", "to his death", "to her death", "to their death*", "to my death", "end it all", "end my life", "end your life",
        "lethal", "painless*", "die tonight", "pulls the trigger", "pull the trigger", "never wake up", "won t wake up",
        "wont wake up", "not wake up", "kill myself", "kill himself", "kill herself", "kill yourself", "goodbye note",
        "goodbye letter", "suicide note", "farewell note", "hang from", "hang by the neck", "so i can hang");

    /// <summary>Asking how, or showing how.</summary>
    private static readonly List<Phrase> HowTo = Phrases(
        "how to", "how do i", "how can i", "how many", "how much", "step by step", "guide", "tutorial*", "instruction*",
        "ways to", "best way*", "easiest way*", "quickest way*", "fastest way*", "painless way*", "method*", "recipe for",
        "teach me", "show me how");

    /// <summary>Ending one's life, or harming oneself, as something to be taught.</summary>
    private static readonly List<Phrase> SelfHarmSubjects = Phrases(
        "noose", "lethal dose", "lethal amount", "overdose", "kill yourself", "kill myself", "end your life", "end my life",
        "end it all", "die painlessly", "painless death", "hang yourself", "hang myself", "slit your wrists", "slit my wrists",
        "cut yourself", "cut myself", "starv*", "commit suicide", "suicide method*", "bleed out", "bleeding out",
        "hang from", "so i can hang");

    /// <summary>Harm done to oneself: <see cref="ReflexiveHarm"/> next to a reflexive pronoun.</summary>
    private static readonly List<Phrase> ReflexiveHarm = Phrases(
        "cut", "cuts", "cutting", "slash*", "slit*", "stab*", "poison*", "starv*", "hang", "hangs", "hanging", "hanged",
        "drown*", "kill", "kills", "killing", "shoot", "shoots", "shooting", "suffocat*", "strangl*", "overdos*", "harm", "harms",
        "harming", "mutilat*");

    private static readonly List<Phrase> Reflexive = Phrases("myself", "himself", "herself", "themselves", "themself", "yourself", "oneself");

    public static IReadOnlyList<HarmRule> Harm { get; } =
    [
        Rule("violence.depicted", HarmCategory.Violence, 2,
            "fight*", "battle*", "war", "warzone", "gun*", "gunfight", "gunfire", "shootout", "explosion*", "sword*", "punch*",
            "zombie*", "monster*", "blood", "wound*", "injured", "soldier*", "combat", "sniper", "ambush*", "duel", "brawl*",
            "attack*", "kill*", "murder mystery", "crime scene", "dead body", "corpse*", "grave", "graves", "graveyard", "skeleton*", "horror", "slasher",
            "bleeding", "stab", "stabs", "stabbed", "stabbing", "shoot*", "shot", "weapon*", "knife", "bomb*", "tank*", "assault", "riot*", "chainsaw", "vampire*"),
        Rule("violence.dwelt-on", HarmCategory.Violence, 4,
            "bloody", "blood splatter*", "blood spray*", "pool of blood", "covered in blood", "blood soaked", "murder*", "slaughter*",
            "public execution", "execution style", "firing squad", "strangl*", "bludgeon*", "mutilated body", "burned alive",
            "bloodbath", "carnage", "massacre*", "impale*", "lynching", "lynched", "lynch mob", "rape", "raped", "raping", "rapist*", "asesinato", "sangriento", "meurtre", "mord"),
        Rule("violence.graphic", HarmCategory.Violence, 6,
            "gore", "gory", "gorefest", "behead*", "decapitat*", "dismember*", "disembowel*", "eviscerat*", "mutilat*", "torture",
            "torturing", "tortures", "being tortured", "torture chamber", "flay*", "skinned alive", "entrails", "guts spilling", "brains splattered", "head explodes", "snuff film", "snuff video",
            "massacre of civilians", "massacre of children", "ethnic massacre", "tortura",
            "decapitacion", "decapitation", "enthauptung", "gemetzel", "masacre", "massacre des", "shooting up a school",
            "shoot up a school", "shoot up the school", "shoot up my school", "killing children", "kill children", "kills children",
            "killing a child", "kill a child", "kills a child", "killing babies"),
        new("violence.atrocity", HarmCategory.Violence, 6, [Phrases("mass shooting", "school shooting", "shooting spree")], Unless: Remembering),
        new("violence.real-world", HarmCategory.Violence, 7, [Phrases([
            "how to make a bomb", "how to build a bomb", "make a pipe bomb", "build a pipe bomb", "attack my school",
            "kill the president", "assassinate the president", "terrorist attack instructions", "recruit for isis", "join isis",
            .. Combine(["kill my", "murder my", "shoot my", "stab my", "poison my", "shoot up my", "bomb my"],
                ["teacher", "teachers", "boss", "wife", "husband", "classmates", "class", "school", "neighbor", "neighbour", "family",
                 "mom", "dad", "mother", "father", "ex", "coworkers", "sister", "brother"])])]),

        Rule("sexual.suggestive", HarmCategory.Sexual, 2,
            "kiss*", "romantic", "romance", "flirt*", "date night", "cuddl*", "bikini", "swimsuit", "lingerie ad", "making out"),
        Rule("sexual.sexualized", HarmCategory.Sexual, 4,
            "sexy", "seduc*", "sensual*", "striptease", "stripper*", "strip tease", "strips off", "undress*",
            "topless", "lingerie", "erotic*", "provocative pose*", "twerk*", "lap dance", "busty", "cleavage", "in her underwear", "in his underwear", "in underwear", "scantily clad", "sexualized"),
        Rule("sexual.explicit", HarmCategory.Sexual, 6,
            "nude", "nudes", "nudity", "naked", "porn*", "xxx", "nsfw", "sex scene", "sex tape", "having sex", "have sex", "sex act*",
            "explicit sex", "sexual intercourse", "intercourse", "orgasm*", "genital*", "penis", "vagina", "breasts exposed",
            "bare breasts", "nipple*", "masturbat*", "blowjob", "hentai", "onlyfans", "fetish", "bdsm", "orgy", "threesome",
            "birthday suit", "in the buff", "without any clothes", "without clothes", "no clothes on", "unclothed", "seggs",
            "adult film", "adult video", "pron", "rape", "raped", "raping", "rapist*", "molest*", "grope*", "groping", "desnudo", "desnuda", "desnudos", "nackt*", "nudo", "nuda", "porno",
            "pornografia", "pornographie", "sexo explicito", "sesso", "nue", "sexe"),

        Rule("hate.demeaning", HarmCategory.Hate, 2,
            "stereotyp*", "mocking his accent", "mocking her accent", "ugly foreigners"),
        Rule("hate.dehumanizing", HarmCategory.Hate, 4,
            "inferior race", "subhuman*", "untermensch*", "vermin immigrants", "immigrants are vermin", "racial slur*",
            "slur", "slurs", "go back to your country", "dirty jews", "dirty muslims", "dirty immigrants", "raza inferior",
            "race inferieure", "sale race", "racist caricature*", "white power", "white supremac*", "master race",
            "heil hitler", "sieg heil", "nazi propaganda", "kkk rally", "kkk recruitment", "antisemitic", "homophobic rant",
            "transphobic rant", "hate speech", "hate symbol*"),
        new("hate.violent", HarmCategory.Hate, 6, [Phrases([
            "ethnic cleansing", "genocide of", "extermination of", "race war", "limpieza etnica", "nettoyage ethnique",
            "burn the mosque", "burn the synagogue",
            .. Combine(["kill all", "kill the", "exterminate the", "exterminate all", "gas the", "death to", "death to all",
                    "eradicate the", "wipe out the", "wipe out all", "hang the", "deport all"],
                ["jews", "muslims", "christians", "immigrants", "gays", "blacks", "whites", "asians", "mexicans", "arabs",
                 "refugees", "gypsies", "trans people", "roma", "hindus", "sikhs"])])]),
        new("hate.violence-endorsed", HarmCategory.Hate, 6, [ProtectedGroups, ViolenceAgainst, Endorsing], Window: 14,
            Unless: [.. Remembering, .. SportAndStage]),
        new("hate.dehumanized", HarmCategory.Hate, 6, [ProtectedGroups, Dehumanizing], Window: 8, Unless: Remembering),
        new("hate.likened-to-animals", HarmCategory.Hate, 6, [ProtectedGroups, Likening, Animals], Window: 6, Unless: Remembering),
        new("hate.eliminationist", HarmCategory.Hate, 6, [Eliminating, Every], Window: 2, Unless: [.. Remembering, .. Pests]),
        new("hate.violence-depicted", HarmCategory.Hate, 3, [ProtectedGroups, ViolenceAgainst], Window: 10),

        Rule("self-harm.mentioned", HarmCategory.SelfHarm, 2,
            "grief", "grieving", "funeral", "depressed", "depression", "mental health", "therapy session", "crisis hotline",
            "in memory of"),
        Rule("self-harm.depicted", HarmCategory.SelfHarm, 4,
            "suicide", "suicidal", "self harm", "selfharm", "overdose*", "suicidio", "selbstmord", "suicidaire", "unalive*", "sewer slide", "kys"),
        new("self-harm.enacted", HarmCategory.SelfHarm, 6, [Phrases([
            "kill myself", "killing myself", "kill himself", "kills himself", "kill herself", "kills herself", "end my life",
            "ends his life", "ends her life", "end his life", "end her life", "take my own life", "takes his own life",
            "takes her own life", "hang myself", "hangs himself", "hangs herself", "hanging himself", "hanging herself",
            "slit my wrists", "slits his wrists", "slits her wrists", "slitting wrists", "jump off a bridge to die",
            "jumps off a bridge to die", "commit suicide", "commits suicide", "committing suicide", "suicide attempt",
            "attempts suicide", "attempting suicide", "how to kill yourself", "best way to die", "pro ana", "thinspo*",
            "starve myself", "cutting myself", "cut myself", "cuts himself", "cuts herself", "cutting himself", "cutting herself",
            "self harm tutorial", "me quiero morir", "matarme",
            .. Combine(["leaps to", "leapt to", "leaping to", "jumps to", "jumped to", "jumping to"], ["his death", "her death", "their death", "my death"])])]),
        new("self-harm.instructions", HarmCategory.SelfHarm, 7, [HowTo, SelfHarmSubjects], Window: 12,
            Unless: Phrases("prevent*", "warning signs", "hotline", "support*", "recover*", "help someone", "help a friend")),
        new("self-harm.cutting", HarmCategory.SelfHarm, 6, [CuttingOrBurning, OwnBody], Window: 6, Unless: Phrases("shav*", "stitch*", "bandag*")),
        new("self-harm.reflexive", HarmCategory.SelfHarm, 6, [ReflexiveHarm, Reflexive], Window: 2,
            Unless: Phrases("a slice", "a piece", "a portion", "a break")),
        new("self-harm.lethal-means", HarmCategory.SelfHarm, 6, [LethalMeans, AimedAtDeath], Window: 10),
        new("self-harm.ligature", HarmCategory.SelfHarm, 6, [Ligatures, OwnNeck], Window: 5),
    ];

    /// <summary>Everyday phrases whose words would otherwise read as harm; removed before the harm rules run.</summary>
    public static IReadOnlyList<Phrase> Harmless { get; } = Phrases(
        "shooting star*", "photo shoot*", "photoshoot", "film shoot", "shooting a film", "shooting a movie", "shoots a film",
        "shoot a film", "shooting hoops", "shoots hoops", "shoot hoops", "shot glass", "espresso shot", "wide shot", "close shot",
        "long shot", "tracking shot", "establishing shot", "drone shot", "aerial shot", "over the shoulder shot", "shot on",
        "shot from", "shot in", "shot with", "slow motion shot", "single shot", "shot of", "blood orange*", "blood moon", "killer whale*",
        "dressed to kill", "kill the lights", "killing time", "kill time", "pillow fight*", "food fight", "snowball fight*",
        "water gun*", "glue gun", "nail gun", "staple gun", "gun metal", "gunmetal", "kiss cam", "punch line", "fruit punch",
        "battle of the bands", "dance battle", "rap battle", "knife and fork", "butter knife", "bath bomb*", "photo bomb*",
        "tank top*", "fish tank*", "water tank*", "think tank", "attack of the", "heart attack", "panic attack",
        "war paint", "pillow war", "star wars", "drop dead gorgeous", "dead end", "dead of night", "dead calm",
        "skeleton key", "grave expression", "suicide prevention", "suicide squad", "suicide awareness",
        "suicide hotline", "al gore", "a shot at", "barbershop", "nude lipstick", "nude color*", "nude heels",
        "nude tones", "grave digger", "graveyard shift", "horror film", "horror movie", "christmas", "bloodhound",
        "blood donation", "blood drive", "blood test", "blood pressure", "the blood bank", "monster truck*", "cookie monster");

    /// <summary>Words that place a minor in the scene.</summary>
    public static IReadOnlyList<Phrase> Minors { get; } = Phrases(
        "child", "children", "kid", "kids", "minor", "minors", "underage", "teen", "teens", "teenage*", "preteen*", "schoolgirl*",
        "schoolboy*", "toddler*", "infant*", "little girl*", "little boy*", "young girl*", "young boy*", "loli*",
        "shota*", "middle schooler*", "high schooler*", "enfant*", "minderjahrig*", "menor de edad", "menores");

    /// <summary>An age under eighteen: "15 year old", "a 12-year-old".</summary>
    [GeneratedRegex(@" (?:[1-9]|1[0-7]) (?:year|yr|yo|jahre|anos|ans)")]
    public static partial Regex MinorAge();

    /// <summary>Attempts to talk the service out of its rules.</summary>
    public static IReadOnlyList<(string Name, Regex Pattern)> Jailbreaks { get; } =
    [
        ("jailbreak.ignore-rules", JailbreakIgnore()),
        ("jailbreak.persona", JailbreakPersona()),
        ("jailbreak.no-filter", JailbreakNoFilter()),
        ("jailbreak.system-prompt", JailbreakSystemPrompt()),
    ];

    [GeneratedRegex(@" (?:ignore|disregard|forget|override|bypass) (?:all |any |of )*(?:your|previous|prior|above|earlier|the safety|the content|safety|content|these|system|openai s|the previous)(?: \w+)? (?:rules|instructions|guidelines|policies|policy|filters?|restrictions|guardrails|moderation|programming) ")]
    private static partial Regex JailbreakIgnore();

    [GeneratedRegex(@" (?:you are now|act as|pretend to be|pretend you are|roleplay as|from now on you are) (?:an? |in )?(?:dan|unfiltered|uncensored|unrestricted|jailbroken|developer mode)| do anything now | dan mode | developer mode enabled ")]
    private static partial Regex JailbreakPersona();

    [GeneratedRegex(@" (?:without|with no|no) (?:any )?(?:censorship|content filters?|safety filters?|moderation|content restrictions|safety restrictions|content policy) | uncensored version | (?:pretend|imagine) (?:there are|you have) no (?:rules|restrictions|filters|guidelines) | not bound by (?:your |any )?(?:rules|policies|guidelines) | no longer bound by ")]
    private static partial Regex JailbreakNoFilter();

    [GeneratedRegex(@" (?:reveal|print|show|repeat|output) (?:your |the )?(?:system prompt|hidden instructions|initial instructions) | new instructions follow | admin override ")]
    private static partial Regex JailbreakSystemPrompt();

    /// <summary>Living public figures: they may appear only through their own cameo.</summary>
    public static IReadOnlyList<Phrase> PublicFigures { get; } = Phrases(
        "taylor swift", "donald trump", "trump", "joe biden", "biden", "barack obama", "obama", "michelle obama", "kamala harris",
        "elon musk", "mark zuckerberg", "jeff bezos", "bill gates", "kim kardashian", "kanye west", "beyonce", "rihanna",
        "ariana grande", "justin bieber", "billie eilish", "selena gomez", "lady gaga", "ed sheeran", "bad bunny", "shakira",
        "tom cruise", "tom hanks", "brad pitt", "leonardo dicaprio", "scarlett johansson", "emma watson", "keanu reeves",
        "morgan freeman", "dwayne johnson", "zendaya", "timothee chalamet", "margot robbie", "jennifer lopez", "oprah winfrey",
        "lebron james", "cristiano ronaldo", "lionel messi", "serena williams", "usain bolt", "roger federer", "michael jordan",
        "vladimir putin", "putin", "xi jinping", "volodymyr zelensky", "zelensky", "emmanuel macron", "narendra modi",
        "king charles", "prince harry", "prince william", "pope francis", "pope leo", "greta thunberg", "sam altman",
        "benjamin netanyahu", "kim jong un", "olaf scholz", "keir starmer", "justin trudeau", "rishi sunak", "boris johnson");

    /// <summary>Characters owned by others.</summary>
    public static IReadOnlyList<Phrase> Characters { get; } = Phrases(
        "mickey mouse", "minnie mouse", "donald duck", "goofy", "spider man", "spiderman", "batman", "superman", "wonder woman",
        "iron man", "captain america", "the hulk", "thor odinson", "black panther", "deadpool", "wolverine", "darth vader",
        "yoda", "luke skywalker", "baby yoda", "grogu", "harry potter", "hermione granger", "voldemort", "gandalf", "frodo",
        "gollum", "pikachu", "pokemon", "super mario", "mario kart", "luigi", "princess peach", "bowser", "sonic the hedgehog",
        "shrek", "homer simpson", "bart simpson", "the simpsons", "spongebob", "patrick star", "buzz lightyear",
        "woody from toy story", "elsa from frozen", "olaf from frozen", "simba", "winnie the pooh", "snoopy", "garfield",
        "hello kitty", "optimus prime", "bumblebee transformer", "master chief", "lara croft", "naruto", "goku", "totoro",
        "james bond", "indiana jones", "jack sparrow", "scooby doo", "tom and jerry", "bugs bunny", "peppa pig", "paw patrol",
        "minions", "kermit the frog", "barbie", "link from zelda", "kratos", "pac man", "sherlock bbc");

    /// <summary>Well-known songs: asking for them sung, or their lyrics, is blocked.</summary>
    public static IReadOnlyList<Phrase> Songs { get; } = Phrases(
        "bohemian rhapsody", "never gonna give you up", "shape of you", "blinding lights", "hotel california",
        "stairway to heaven", "let it go from frozen", "shake it off", "bad guy by billie eilish", "thriller by michael jackson",
        "billie jean", "imagine by john lennon",
        "hey jude", "let it be by the beatles", "yesterday by the beatles", "smells like teen spirit", "sweet child o mine", "despacito",
        "rolling in the deep", "someone like you", "hello by adele", "happy birthday song", "wonderwall", "yellow submarine",
        "we will rock you", "we are the champions", "dancing queen", "africa by toto", "single ladies", "umbrella by rihanna",
        "uptown funk", "old town road", "gangnam style", "call me maybe", "baby shark", "all i want for christmas is you",
        "my heart will go on", "purple rain", "like a prayer", "lose yourself", "hallelujah by leonard cohen",
        "the sound of silence", "born to run", "born in the usa", "sweet caroline", "livin on a prayer", "halo by beyonce");

    /// <summary>Opening lines of well-known songs, when quoted as something to say or sing.</summary>
    public static IReadOnlyList<Phrase> LyricLines { get; } = Phrases(
        "is this the real life is this just fantasy", "never gonna give you up never gonna let you down",
        "hello darkness my old friend", "we will we will rock you", "i m in love with the shape of you",
        "welcome to the hotel california", "let it go let it go", "cause the players gonna play play play",
        "just a small town girl", "load up on guns bring your friends", "you used to call me on my cell phone",
        "hello from the other side", "is it too late now to say sorry", "i got the eye of the tiger",
        "somebody once told me the world is gonna roll me", "i want it that way", "don t stop believin",
        "sweet caroline bah bah bah", "all i want for christmas is you", "baby shark doo doo");

    /// <summary>Words that ask for a song to be performed.</summary>
    public static IReadOnlyList<Phrase> Singing { get; } = Phrases(
        "sing", "sings", "singing", "singer*", "sang", "sung", "lyrics", "lyric", "karaoke", "perform*", "cover of", "rap",
        "raps", "rapping", "rapper*", "chorus", "verse", "verses",
        "music video", "plays the song", "song");

    private static HarmRule Rule(string name, HarmCategory category, int severity, params string[] terms) =>
        new(name, category, severity, [Phrases(terms)]);

    private static List<Phrase> Phrases(params string[] terms) => [.. terms.Select(NormalizedText.Phrase)];

    /// <summary>Every verb phrase followed by every target: "kill my" × "boss" → "kill my boss".</summary>
    private static IEnumerable<string> Combine(string[] verbs, string[] targets) =>
        verbs.SelectMany(verb => targets.Select(target => $"{verb} {target}"));
}
