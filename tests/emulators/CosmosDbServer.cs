using System.Diagnostics;

namespace SoraFunctions.Emulators;

/// <summary>
/// @vercel/cosmosdb-server (Cosmos DB for NoSQL, in memory) over plain HTTP, with the compatibility fixes for the .NET
/// SDK that <c>cosmos.js</c> describes (query plans, 404 for a missing document). It has one partition key range, no
/// TTL, no change feed and charges 1 RU for everything.
/// </summary>
public sealed class CosmosDbServer : EmulatorProcess
{
    /// <summary>The server checks no signature; the SDK only needs a well-formed key.</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private CosmosDbServer(Process process, int port)
        : base(process, port)
    {
    }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    public static async Task<CosmosDbServer> StartAsync()
    {
        var (process, port) = await StartAsync("cosmos.js", port => [port]);
        return new CosmosDbServer(process, port);
    }
}
