namespace SoraFunctions.Orchestrations.Pipeline;

/// <summary>Publishing settings (section <see cref="SectionName"/>).</summary>
public sealed class PublishOptions
{
    public const string SectionName = "Sora:Publish";

    /// <summary>Burn the visible label ("AI-generated", and a remix's credit) into the master and preview; an installation's owner may turn it off.</summary>
    public bool Watermark { get; set; } = true;
}
