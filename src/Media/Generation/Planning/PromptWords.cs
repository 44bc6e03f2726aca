using System.Text.RegularExpressions;

namespace SoraFunctions.Media.Generation.Planning;

/// <summary>A word of a prompt as written (lower case), its base form, and where it stands.</summary>
public sealed record Word(string Text, string Lemma, int Index);

/// <summary>
/// A prompt read as words: quoted lines taken out (they are dialogue), the rest split into lower-case words with their
/// base forms — plurals singular (<c>zebras</c> → <c>zebra</c>), verbs bare (<c>flipping</c>, <c>flips</c> → <c>flip</c>)
/// — so that one entry of the vocabulary finds every form.
/// </summary>
public static partial class PromptWords
{
    [GeneratedRegex("[\"“”«»]([^\"“”«»]{1,200})[\"“”«»]")]
    private static partial Regex QuotedText();

    /// <summary>A word, or a cameo's handle (<c>@ann.lee</c>) whole.</summary>
    [GeneratedRegex(@"@[A-Za-z0-9_][A-Za-z0-9_.]*|[\p{L}\p{N}][\p{L}\p{N}'’\-]*")]
    private static partial Regex Token();

    /// <summary>Irregular forms and the few regular ones the rules below would undo wrongly.</summary>
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["men"] = "man", ["women"] = "woman", ["children"] = "child", ["people"] = "person", ["feet"] = "foot", ["geese"] = "goose",
        ["mice"] = "mouse", ["teeth"] = "tooth", ["wolves"] = "wolf", ["leaves"] = "leaf", ["knives"] = "knife", ["shelves"] = "shelf",
        ["fish"] = "fish", ["sheep"] = "sheep", ["deer"] = "deer", ["octopi"] = "octopus", ["cacti"] = "cactus", ["dice"] = "die",
        ["ran"] = "run", ["flew"] = "fly", ["swam"] = "swim", ["rode"] = "ride", ["sang"] = "sing", ["ate"] = "eat", ["drank"] = "drink",
        ["sat"] = "sit", ["stood"] = "stand", ["fell"] = "fall", ["threw"] = "throw", ["caught"] = "catch", ["took"] = "take",
        ["drove"] = "drive", ["spun"] = "spin", ["dove"] = "dive", ["held"] = "hold", ["built"] = "build", ["lit"] = "lit", ["dimly"] = "dimly",
        ["news"] = "news", ["glasses"] = "glasses", ["pants"] = "pants", ["jeans"] = "jeans", ["scissors"] = "scissors", ["bus"] = "bus",
        ["gas"] = "gas", ["grass"] = "grass", ["glass"] = "glass", ["class"] = "class", ["dress"] = "dress", ["chess"] = "chess",
        ["tennis"] = "tennis", ["always"] = "always", ["sometimes"] = "sometimes", ["physics"] = "physics", ["lotus"] = "lotus",
        ["cactus"] = "cactus", ["octopus"] = "octopus", ["canvas"] = "canvas", ["circus"] = "circus", ["bonus"] = "bonus",
        ["walrus"] = "walrus", ["hippopotamus"] = "hippopotamus", ["platypus"] = "platypus", ["campus"] = "campus", ["dolphins"] = "dolphin",
        ["does"] = "do", ["goes"] = "go", ["has"] = "have", ["is"] = "be", ["are"] = "be", ["was"] = "be", ["were"] = "be",
        ["its"] = "its", ["his"] = "his", ["this"] = "this", ["as"] = "as", ["us"] = "us", ["yes"] = "yes", ["across"] = "across",
        ["skies"] = "sky", ["flies"] = "fly", ["dies"] = "die", ["lies"] = "lie", ["ties"] = "tie", ["pies"] = "pie",
        ["lying"] = "lie", ["dying"] = "die", ["tying"] = "tie", ["ceiling"] = "ceiling", ["evening"] = "evening", ["morning"] = "morning",
        ["building"] = "building", ["clothing"] = "clothing", ["painting"] = "painting", ["wedding"] = "wedding", ["ring"] = "ring",
        ["king"] = "king", ["spring"] = "spring", ["string"] = "string", ["wing"] = "wing", ["swing"] = "swing", ["sling"] = "sling",
        ["thing"] = "thing", ["nothing"] = "nothing", ["something"] = "something", ["pudding"] = "pudding", ["stuffing"] = "stuffing",
        ["ceilings"] = "ceiling", ["buildings"] = "building", ["paintings"] = "painting", ["rings"] = "ring", ["wings"] = "wing",
        ["lightning"] = "lightning", ["sibling"] = "sibling", ["duckling"] = "duckling", ["seedling"] = "seedling", ["dumpling"] = "dumpling",
    };

    /// <summary>The prompt's quoted lines, trimmed, in order.</summary>
    public static IReadOnlyList<string> Quotes(string prompt) =>
        [.. QuotedText().Matches(prompt).Select(match => match.Groups[1].Value.Trim()).Where(text => text.Length > 0)];

    /// <summary>The prompt's words outside its quotes.</summary>
    public static IReadOnlyList<Word> Read(string prompt) =>
        [.. Token().Matches(QuotedText().Replace(prompt, " . ")).Select((match, index) =>
        {
            var text = match.Value.ToLowerInvariant().Replace('’', '\'').Trim('\'', '-');
            return new Word(text, Lemma(text), index);
        }).Where(word => word.Text.Length > 0)];

    /// <summary>The base form of a lower-case word, by rule (and the exceptions above).</summary>
    public static string Lemma(string word)
    {
        if (Irregular.TryGetValue(word, out var irregular))
        {
            return irregular;
        }

        if (word.Length <= 3 || word.EndsWith('\'') || word.EndsWith("'s", StringComparison.Ordinal))
        {
            return word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word;
        }

        if (word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5)
        {
            return Stem(word[..^3]);
        }

        if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4 && !word.EndsWith("eed", StringComparison.Ordinal))
        {
            return Stem(word[..^2]);
        }

        if (word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("zzes", StringComparison.Ordinal) || word.EndsWith("oes", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        return word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal)
            ? word[..^1]
            : word;
    }

    /// <summary>A verb's stem once -ing or -ed is taken off: a doubled last letter undone (<c>swimm</c>), a silent e put back (<c>danc</c>).</summary>
    private static string Stem(string stem)
    {
        if (stem.Length >= 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z' or 'f'))
        {
            return stem[..^1];
        }

        return stem.Length >= 2 && NeedsE(stem) ? stem + "e" : stem;
    }

    /// <summary>Stems that end as only a silent e leaves them: consonant, vowel, consonant (<c>danc</c>, <c>rid</c>), and a few endings.</summary>
    private static bool NeedsE(string stem)
    {
        const string Vowels = "aeiou";
        if (stem.EndsWith('c') || stem.EndsWith("dg", StringComparison.Ordinal) || stem.EndsWith("rg", StringComparison.Ordinal))
        {
            return true;
        }

        if (stem.EndsWith("bl", StringComparison.Ordinal) || stem.EndsWith("tl", StringComparison.Ordinal) || stem.EndsWith("gl", StringComparison.Ordinal)
            || stem.EndsWith("dl", StringComparison.Ordinal) || stem.EndsWith("kl", StringComparison.Ordinal) || stem.EndsWith("zl", StringComparison.Ordinal)
            || stem.EndsWith("pl", StringComparison.Ordinal) || stem.EndsWith("ffl", StringComparison.Ordinal) || stem.EndsWith("ddl", StringComparison.Ordinal))
        {
            return true;
        }

        return stem.Length >= 3 && !Vowels.Contains(stem[^1]) && stem[^1] is not ('w' or 'x' or 'y' or 'r')
            && Vowels.Contains(stem[^2]) && !Vowels.Contains(stem[^3]) && stem.Length <= 4;
    }
}
