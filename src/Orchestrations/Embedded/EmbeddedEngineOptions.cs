namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>Settings of the embedded orchestration engine (section <see cref="SectionName"/>).</summary>
public sealed class EmbeddedEngineOptions
{
    public const string SectionName = "Sora:Engine";

    /// <summary>The SQLite file holding instances, histories and work items.</summary>
    public string DatabasePath { get; set; } = Path.Combine(".sora", "engine.db");

    public int MaxConcurrentOrchestrations { get; set; } = 64;

    public int MaxConcurrentActivities { get; set; } = 16;

    /// <summary>How long a worker owns a work item before another may take it; running activities renew it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest an idle dispatcher sleeps before looking for work written by other processes.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a write waits for the database while another process holds it before it fails (whole seconds).</summary>
    public TimeSpan BusyTimeout { get; set; } = SqlSession.DefaultBusyTimeout;

    /// <summary>An activity whose worker died this many times is failed instead of being run again.</summary>
    public int MaxActivityDeliveries { get; set; } = 5;
}
