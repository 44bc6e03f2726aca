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

    public const int DefaultSeconds = 8;

    public const string DefaultSize = "720x1280";

    public static IReadOnlyList<string> Models { get; } = [Sora2, Sora2Pro];

    public static IReadOnlyList<int> Seconds { get; } = [4, 8, 12, 16, 20];

    /// <summary>How long a clip extended, and extended again, may grow.</summary>
    public const int MaxExtendedSeconds = 60;

    public static IReadOnlyList<string> Sizes { get; } = ["720x1280", "1280x720", "1024x1792", "1792x1024"];

    /// <summary>sora-2 renders the two 720p sizes only; sora-2-pro renders every size.</summary>
    public static IReadOnlyList<string> SizesFor(string model) => model == Sora2 ? ["720x1280", "1280x720"] : Sizes;
}
