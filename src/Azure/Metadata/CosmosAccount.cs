using Microsoft.Azure.Cosmos;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// The process's one client of the configured Cosmos DB account (a client is meant to live as long as the process, and
/// every store shares it), and the stores' containers in it — created first where <see cref="CosmosVideoStoreOptions.CreateIfMissing"/>
/// asks (a host starting up may block on it).
/// </summary>
public sealed class CosmosAccount(CosmosVideoStoreOptions options)
{
    private readonly Lazy<CosmosClient> client = new(() => options.CreateClient(
        options.Endpoint ?? throw new InvalidOperationException("The setting Sora__Metadata__Endpoint is required.")));

    private Container? members;

    public bool IsConfigured => options.Endpoint is not null;

    public Container Open(string container, Func<CosmosClient, string, string, CancellationToken, Task<Container>> createIfMissing) =>
        options.CreateIfMissing
            ? createIfMissing(client.Value, options.Database, container, CancellationToken.None).GetAwaiter().GetResult()
            : client.Value.GetContainer(options.Database, container);

    public CosmosVideoStore Videos() => new(Open(options.Container, CosmosVideoStore.CreateIfMissingAsync));

    public CosmosMemberStore Members() => new(MembersContainer());

    /// <summary>Relations share the members' container (and its outbox).</summary>
    public CosmosRelationStore Relations() => new(MembersContainer());

    public CosmosEngagementStore Engagement() => new(Open(options.EngagementContainer, CosmosEngagementStore.CreateIfMissingAsync));

    public CosmosFeedStore Feeds() => new(Open(options.FeedsContainer, CosmosFeedStore.CreateIfMissingAsync));

    public CosmosGenerationQueueStore GenerationQueue() => new(Open(options.GenerationContainer, CosmosGenerationQueueStore.CreateIfMissingAsync));

    /// <summary>Moderation cases share the members' container (and its outbox).</summary>
    public CosmosModerationStore Moderation() => new(MembersContainer());

    /// <summary>Notifications share the members' container.</summary>
    public CosmosNotificationStore Notifications() => new(MembersContainer());

    /// <summary>Webhook endpoints and deliveries share the members' container.</summary>
    public CosmosWebhookStore Webhooks() => new(MembersContainer());

    /// <summary>Cameos share the members' container (and its outbox).</summary>
    public CosmosCameoStore Cameos() => new(MembersContainer());

    /// <summary>The members' container, opened (and created where asked) once for the stores in it.</summary>
    private Container MembersContainer() => members ??= Open(options.MembersContainer, CosmosMemberStore.CreateIfMissingAsync);
}
