namespace SoraFunctions.Core.Safety;

/// <summary>
/// The safety policy, from configuration (<c>Sora:Safety</c>) and shared by every analyzer: the severity at which each
/// category blocks, for adults and (stricter) for accounts under <see cref="AdultAge"/>; custom blocklists; extra
/// public figures; known harmful images by fingerprint.
/// </summary>
public sealed class SafetyPolicy
{
    public const string Section = "Sora:Safety";

    public int AdultAge { get; set; } = 18;

    public CategoryThresholds Adult { get; set; } = new() { Hate = 4, Sexual = 5, Violence = 6, SelfHarm = 5 };

    public CategoryThresholds Minor { get; set; } = new() { Hate = 2, Sexual = 3, Violence = 4, SelfHarm = 3 };

    /// <summary>A severity this many steps below the block threshold warns.</summary>
    public int WarnMargin { get; set; } = 2;

    /// <summary>Terms (whole words or phrases, matched after normalization) that always block.</summary>
    public List<string> BlockedTerms { get; set; } = [];

    /// <summary>Regular expressions (case-insensitive, over the normalized text) that always block.</summary>
    public List<string> BlockedPatterns { get; set; } = [];

    /// <summary>Real people, beyond the built-in list, who may not be depicted without their own cameo.</summary>
    public List<string> PublicFigures { get; set; } = [];

    /// <summary>Known harmful images: a 64-bit difference hash (hex) and the category it blocks as.</summary>
    public List<BlockedImage> BlockedImages { get; set; } = [];

    /// <summary>Fingerprints within this many differing bits of a blocked image match it.</summary>
    public int ImageMatchDistance { get; set; } = 6;

    public CategoryThresholds ThresholdsFor(int? age) => age < AdultAge ? Minor : Adult;
}

public sealed class CategoryThresholds
{
    public int Hate { get; set; }

    public int Sexual { get; set; }

    public int Violence { get; set; }

    public int SelfHarm { get; set; }

    public int For(HarmCategory category) => category switch
    {
        HarmCategory.Hate => Hate,
        HarmCategory.Sexual => Sexual,
        HarmCategory.Violence => Violence,
        _ => SelfHarm,
    };
}

public sealed class BlockedImage
{
    public string Fingerprint { get; set; } = "";

    public HarmCategory Category { get; set; }

    public string Label { get; set; } = "";
}
