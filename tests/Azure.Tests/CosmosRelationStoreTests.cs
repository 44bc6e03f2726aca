using SoraFunctions.Azure.Metadata;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Emulators;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Azure.Tests;

/// <summary>The relation store contract against cosmosdb-server; its events wait in the members' container, drained by the member store.</summary>
public sealed class CosmosRelationStoreTests : RelationStoreContract, IAsyncLifetime
{
    private CosmosDbServer server = null!;

    public async Task InitializeAsync() => server = await CosmosDbServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    protected override Task<(IRelationStore Relations, IOutbox Outbox)> OpenAsync()
    {
        var account = new CosmosAccount(new CosmosVideoStoreOptions { Endpoint = server.Endpoint, Key = CosmosDbServer.Key, CreateIfMissing = true });
        return Task.FromResult<(IRelationStore, IOutbox)>((account.Relations(), account.Members()));
    }
}
