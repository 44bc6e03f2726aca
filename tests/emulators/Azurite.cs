using System.Diagnostics;

namespace SoraFunctions.Emulators;

/// <summary>Azurite's Blob service. Its API version check is off: the SDK may speak a newer version than it knows.</summary>
public sealed class Azurite : EmulatorProcess
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Azurite(Process process, int port)
        : base(process, port)
    {
    }

    public int BlobPort => Port;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};";

    public static async Task<Azurite> StartBlobAsync()
    {
        var (process, port) = await StartAsync(
            "node_modules/.bin/azurite-blob",
            port => ["--blobHost", "127.0.0.1", "--blobPort", port, "--inMemoryPersistence", "--skipApiVersionCheck", "--silent"]);
        return new Azurite(process, port);
    }
}
