using System.Diagnostics;

namespace SoraFunctions.Emulators;

/// <summary>Azurite's Blob service. Its API version check is off: the SDK may speak a newer version than it knows.</summary>
public sealed class Azurite : EmulatorProcess
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly int? queuePort;
    private readonly int? tablePort;

    private Azurite(Process process, int port, int? queuePort = null, int? tablePort = null)
        : base(process, port)
    {
        (this.queuePort, this.tablePort) = (queuePort, tablePort);
    }

    public int BlobPort => Port;

    /// <summary>The account's connection string: its blob endpoint, and its queue and table endpoints when they run.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};"
        + (queuePort is { } queue ? $"QueueEndpoint=http://127.0.0.1:{queue}/{AccountName};" : "")
        + (tablePort is { } table ? $"TableEndpoint=http://127.0.0.1:{table}/{AccountName};" : "");

    /// <summary>Blob, Queue and Table Storage in one process: what Durable Task's Azure Storage backend uses.</summary>
    public static async Task<Azurite> StartStorageAsync()
    {
        var (queue, table) = (FreePort(), FreePort());
        var (process, port) = await StartAsync(
            "node_modules/.bin/azurite",
            port =>
            [
                "--blobHost", "127.0.0.1", "--blobPort", port, "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
                "--tableHost", "127.0.0.1", "--tablePort", $"{table}", "--inMemoryPersistence", "--skipApiVersionCheck", "--silent",
            ],
            queue, table);
        return new Azurite(process, port, queue, table);
    }

    public static async Task<Azurite> StartBlobAsync()
    {
        var (process, port) = await StartAsync(
            "node_modules/.bin/azurite-blob",
            port => ["--blobHost", "127.0.0.1", "--blobPort", port, "--inMemoryPersistence", "--skipApiVersionCheck", "--silent"]);
        return new Azurite(process, port);
    }
}
