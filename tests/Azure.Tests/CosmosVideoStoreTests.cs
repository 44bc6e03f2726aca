using SoraFunctions.Azure.Metadata;
using SoraFunctions.Core.Ports;
using SoraFunctions.Emulators;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Azure.Tests;

/// <summary>The store contract against cosmosdb-server, each test in a container of its own.</summary>
public sealed class CosmosVideoStoreTests : VideoStoreContract, IAsyncLifetime
{
    private CosmosDbServer server = null!;

    public async Task InitializeAsync() => server = await CosmosDbServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    protected override async Task<(IVideoStore Videos, IOutbox Outbox)> OpenAsync()
    {
        var options = new CosmosVideoStoreOptions { Endpoint = server.Endpoint, Key = CosmosDbServer.Key };
        var container = await CosmosVideoStore.CreateIfMissingAsync(options.CreateClient(server.Endpoint), options.Database, options.Container);
        var store = new CosmosVideoStore(container);
        return (store, store);
    }
}
