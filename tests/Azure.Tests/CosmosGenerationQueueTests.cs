using SoraFunctions.Azure.Metadata;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Emulators;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Azure.Tests;

/// <summary>The generation queue contract against cosmosdb-server, in the lines' container.</summary>
public sealed class CosmosGenerationQueueTests : GenerationQueueContract, IAsyncLifetime
{
    private CosmosDbServer server = null!;

    public async Task InitializeAsync() => server = await CosmosDbServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    protected override Task<IGenerationQueueStore> OpenAsync() => Task.FromResult<IGenerationQueueStore>(
        new CosmosAccount(new CosmosVideoStoreOptions { Endpoint = server.Endpoint, Key = CosmosDbServer.Key, CreateIfMissing = true }).GenerationQueue());
}
