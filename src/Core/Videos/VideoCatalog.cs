namespace SoraFunctions.Core.Videos;

/// <summary>The models, durations and sizes the service offers.</summary>
public static class VideoCatalog
{
    public const int MaxPromptLength = 32_000;

    /// <summary>The most pixels an input image may have (read from its header, before decoding it): 40 million.</summary>
    public const long MaxInputPixels = 40_000_000;

    /// <summary>The most cameos (@mentions) one video casts.</summary>
    public const int MaxCameos = 2;

    /// <summary>How many remixes a chain may have below its original: each keeps every earlier prompt.</summary>
    public const int MaxRemixDepth = 20;

    /// <summary>Seeds are 32-bit: every client, JavaScript included, reads them back exactly.</summary>
    public const long MaxSeed = uint.MaxValue;

    public const string Sora2 = "sora-2";

    public const string Sora2Pro = "sora-2-pro";

    /// <summary>As OpenAI's API: a clip asked for without a duration is 4 seconds.</summary>
    public const int DefaultSeconds = 4;

    public const string DefaultSize = "720x1280";

    public static IReadOnlyList<string> Models { get; } = [Sora2, Sora2Pro];

    /// <summary>
    /// The dated snapshots OpenAI's SDKs name, each an alias of the model it is a snapshot of: a video asked for by one
    /// is made by that model and reports the name it was asked by.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Snapshots { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sora-2-2025-10-06"] = Sora2,
        ["sora-2-2025-12-08"] = Sora2,
        ["sora-2-pro-2025-10-06"] = Sora2Pro,
    };

    /// <summary>The model a name asks for (a snapshot's model, or the model named), or null for a name not offered.</summary>
    public static string? ModelOf(string name) => Models.Contains(name) ? name : Snapshots.GetValueOrDefault(name);

    public static IReadOnlyList<int> Seconds { get; } = [4, 8, 12, 16, 20];

    /// <summary>How long a clip extended, and extended again, may grow.</summary>
    public const int MaxExtendedSeconds = 60;

    public static IReadOnlyList<string> Sizes { get; } = ["720x1280", "1280x720", "1024x1792", "1792x1024"];

    /// <summary>sora-2 (and its snapshots) renders the two 720p sizes only; sora-2-pro renders every size.</summary>
    public static IReadOnlyList<string> SizesFor(string model) => ModelOf(model) == Sora2 ? ["720x1280", "1280x720"] : Sizes;
}
