using SoraFunctions.Azure.Metadata;
using SoraFunctions.Core.Social;
using SoraFunctions.Emulators;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Azure.Tests;

/// <summary>The feed store contract against cosmosdb-server, in its container partitioned by member.</summary>
public sealed class CosmosFeedStoreTests : FeedStoreContract, IAsyncLifetime
{
    private CosmosDbServer server = null!;

    public async Task InitializeAsync() => server = await CosmosDbServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    protected override Task<IFeedStore> OpenAsync() => Task.FromResult<IFeedStore>(
        new CosmosAccount(new CosmosVideoStoreOptions { Endpoint = server.Endpoint, Key = CosmosDbServer.Key, CreateIfMissing = true }).Feeds());
}
