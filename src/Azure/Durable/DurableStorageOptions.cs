using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;

namespace SoraFunctions.Azure.Durable;

/// <summary>
/// Durable Task on Azure Storage (section <see cref="Section"/>): the backend Durable Functions runs on, here for hosts
/// that run the orchestrations themselves across several processes or machines (the local server's cloud profile).
/// Every instance pointing at one account and task hub shares the work; the defaults recover a lost instance's
/// partitions within a lease (15 s) and its claimed messages within a visibility timeout (30 s).
/// </summary>
public sealed class DurableStorageOptions
{
    public const string Section = "Sora:Durable";

    /// <summary>The Storage account's connection string (Azurite's: <c>UseDevelopmentStorage=true</c>); none means the embedded engine.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The task hub: the queues, tables and lease blobs the instances share (3–45 letters and digits).</summary>
    public string TaskHub { get; set; } = "sora";

    /// <summary>This instance's name among the workers; by default the machine's name, the process id and a random tag (two hosts in one process are two workers).</summary>
    public string? WorkerId { get; set; }

    /// <summary>How many control queues the orchestrations are spread over: at most this many instances run orchestrations at once (activities spread over all).</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>How long a partition stays an instance's without renewal: how soon another takes over from one that died.</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a claimed message stays hidden from the others: how soon work a dead instance held is run again.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between polls of an idle queue: the latency a new instance or activity may see.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);

    public AzureStorageOrchestrationServiceSettings Settings(ILoggerFactory loggers) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(
            ConnectionString ?? throw new InvalidOperationException($"{Section}:ConnectionString is required.")),
        TaskHubName = TaskHub,
        WorkerId = WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}",
        PartitionCount = Partitions,
        LeaseInterval = LeaseInterval,
        LeaseRenewInterval = LeaseInterval / 3,
        LeaseAcquireInterval = LeaseInterval / 3,
        ControlQueueVisibilityTimeout = VisibilityTimeout,
        WorkItemQueueVisibilityTimeout = VisibilityTimeout,
        MaxQueuePollingInterval = MaxPollingInterval,
        // A second instance of an id is refused, not silently dropped (the client answers OrchestrationAlreadyExists).
        ThrowExceptionOnInvalidDedupeStatus = true,
        // The app lease lets one of two deployments of an app (slots being swapped) own a task hub; the instances of
        // one service share it through the partitions' leases alone. (Against Azurite keeping its data on disk, the app
        // lease's blob reads back without its metadata, and no instance ever takes a partition.)
        UseAppLease = false,
        LoggerFactory = loggers,
    };
}
