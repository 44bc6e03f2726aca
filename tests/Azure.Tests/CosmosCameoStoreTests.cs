using SoraFunctions.Azure.Metadata;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Emulators;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Azure.Tests;

/// <summary>The cameo store contract against cosmosdb-server; its events wait in the members' container, drained by the member store.</summary>
public sealed class CosmosCameoStoreTests : CameoStoreContract, IAsyncLifetime
{
    private CosmosDbServer server = null!;

    public async Task InitializeAsync() => server = await CosmosDbServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    protected override Task<(ICameoStore Cameos, IOutbox Outbox, IMemberStore Members)> OpenAsync()
    {
        var account = new CosmosAccount(new CosmosVideoStoreOptions { Endpoint = server.Endpoint, Key = CosmosDbServer.Key, CreateIfMissing = true });
        return Task.FromResult<(ICameoStore, IOutbox, IMemberStore)>((account.Cameos(), account.Members(), account.Members()));
    }
}
