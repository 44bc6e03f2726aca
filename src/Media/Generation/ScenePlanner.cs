using SoraFunctions.Media.Generation.Planning;

namespace SoraFunctions.Media.Generation;

/// <summary>
/// Reads a prompt into a <see cref="ScenePlan"/> (<see cref="PromptReading"/> then <see cref="SceneComposer"/>): what
/// the prompt names is drawn, what it leaves open comes from the seed, so the same prompt and seed always give the same
/// plan. A remix's plan reads the original's prompt and lays each later one over it.
/// </summary>
public static class ScenePlanner
{
    public static ScenePlan Plan(string prompt, int seconds, long seed, IReadOnlyCollection<string>? characters = null) =>
        Plan([prompt], seconds, seed, characters);

    /// <summary><paramref name="characters"/>: the mentions that cast characters (each drawn as itself), not people's cameos.</summary>
    public static ScenePlan Plan(IReadOnlyList<string> prompts, int seconds, long seed, IReadOnlyCollection<string>? characters = null)
    {
        var vocabulary = Vocabulary.Default;
        var reading = PromptReading.Of(prompts[0], vocabulary);
        foreach (var later in prompts.Skip(1))
        {
            reading = reading.ChangedBy(PromptReading.Of(later, vocabulary));
        }

        return SceneComposer.Compose(reading, seconds, seed, characters ?? []);
    }
}
