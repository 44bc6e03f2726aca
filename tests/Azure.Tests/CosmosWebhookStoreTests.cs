using SoraFunctions.Azure.Metadata;
using SoraFunctions.Core.Social;
using SoraFunctions.Emulators;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Azure.Tests;

/// <summary>The webhook store contract against cosmosdb-server, in the members' container.</summary>
public sealed class CosmosWebhookStoreTests : WebhookStoreContract, IAsyncLifetime
{
    private CosmosDbServer server = null!;

    public async Task InitializeAsync() => server = await CosmosDbServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    protected override Task<IWebhookStore> OpenAsync() => Task.FromResult<IWebhookStore>(
        new CosmosAccount(new CosmosVideoStoreOptions { Endpoint = server.Endpoint, Key = CosmosDbServer.Key, CreateIfMissing = true }).Webhooks());
}
