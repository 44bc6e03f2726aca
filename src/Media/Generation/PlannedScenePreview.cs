using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Media.Generation;

/// <summary>
/// The procedural generator's answer to "what will you draw": the plan it would make of the prompt, which names in the
/// prompt's words what it draws and what it cannot. A generator at a remote <see cref="GeneratorOptions.Endpoint"/>
/// cannot be asked, so there it says nothing.
/// </summary>
public sealed class PlannedScenePreview(GeneratorOptions? options) : IScenePreview
{
    /// <summary>The seconds the preview plans for: what is drawn does not depend on the clip's length.</summary>
    private const int Seconds = 8;

    public ScenePreview? Preview(string prompt)
    {
        if (options?.Endpoint is not null || string.IsNullOrWhiteSpace(prompt) || prompt.Length > VideoCatalog.MaxPromptLength)
        {
            return null;
        }

        var plan = ScenePlanner.Plan(prompt, Seconds, seed: 0);
        return new ScenePreview(plan.Depicted, plan.NotDepicted);
    }
}
