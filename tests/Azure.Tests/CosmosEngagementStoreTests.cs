using SoraFunctions.Azure.Metadata;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Emulators;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Azure.Tests;

/// <summary>The engagement store contract against cosmosdb-server, in its container partitioned by video; the store is its own outbox.</summary>
public sealed class CosmosEngagementStoreTests : EngagementStoreContract, IAsyncLifetime
{
    private CosmosDbServer server = null!;

    public async Task InitializeAsync() => server = await CosmosDbServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    protected override Task<(IEngagementStore Engagement, IOutbox Outbox)> OpenAsync()
    {
        var store = new CosmosAccount(new CosmosVideoStoreOptions { Endpoint = server.Endpoint, Key = CosmosDbServer.Key, CreateIfMissing = true }).Engagement();
        return Task.FromResult<(IEngagementStore, IOutbox)>((store, store));
    }
}
