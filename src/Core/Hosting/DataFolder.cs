namespace SoraFunctions.Core.Hosting;

/// <summary>Settings of where a single-machine installation keeps its data (section <see cref="SectionName"/>).</summary>
public sealed class SoraOptions
{
    public const string SectionName = "Sora";

    /// <summary>The data folder: databases, published clips, job and work scratch. Default <c>./.sora</c>.</summary>
    public string DataPath { get; set; } = ".sora";

    /// <summary>
    /// <c>embedded</c> (the default: each port on its embedded adapter unless configuration names an Azure one) or
    /// <c>cloud</c>: the composition the Functions app runs, which then must be configured whole.
    /// </summary>
    public string Profile { get; set; } = EmbeddedProfile;

    public const string EmbeddedProfile = "embedded";

    public const string CloudProfile = "cloud";

    public bool IsCloud => string.Equals(Profile, CloudProfile, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The layout of the data folder.</summary>
public sealed class DataFolder(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string EngineDatabase => Path.Combine(Root, "engine.db");

    public string MetadataDatabase => Path.Combine(Root, "sora.db");

    public string Clips => Path.Combine(Root, "clips");

    /// <summary>Every local generation job's folder is under this one.</summary>
    public string Jobs => Path.Combine(Root, "jobs");

    public string JobFolder(string jobId) => Path.Combine(Jobs, jobId);

    /// <summary>Scratch space of one video's pipeline, removed once it is published or has failed.</summary>
    public string WorkFolder(string videoId) => Path.Combine(Root, "work", videoId);
}
