using SoraFunctions.Azure.Metadata;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Emulators;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Azure.Tests;

/// <summary>The member store contract against cosmosdb-server; the store is its own outbox.</summary>
public sealed class CosmosMemberStoreTests : MemberStoreContract, IAsyncLifetime
{
    private CosmosDbServer server = null!;

    public async Task InitializeAsync() => server = await CosmosDbServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    protected override async Task<(IMemberStore Members, IOutbox Outbox)> OpenAsync()
    {
        var options = new CosmosVideoStoreOptions { Endpoint = server.Endpoint, Key = CosmosDbServer.Key };
        var container = await CosmosMemberStore.CreateIfMissingAsync(options.CreateClient(server.Endpoint), options.Database, options.MembersContainer);
        var store = new CosmosMemberStore(container);
        return (store, store);
    }
}
