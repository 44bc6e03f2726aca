using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Webhook endpoints and deliveries on Cosmos DB, in the members' container: a document each under its own id (a point
/// read); a member's endpoints one query on the indexed <c>memberId</c> (their count checked by a <c>COUNT</c> before
/// one is added), an endpoint's deliveries one on <c>endpointId</c> ordered by the composite index (createdAtMs DESC,
/// id DESC) the notifications use. A redelivered event's delivery is a create answered 409, left as it is.
/// </summary>
public sealed class CosmosWebhookStore(Container container) : IWebhookStore
{
    private readonly CosmosDocuments documents = new(container);

    public async Task<bool> TryAddEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellation = default)
    {
        var count = (await documents.QueryAsync<int>(
            new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.type = 'webhook_endpoint' AND c.memberId = @member").WithParameter("@member", endpoint.MemberId),
            1, cancellation)).Single();
        return count < WebhookEndpoint.MaxPerMember
            && (await documents.CreateAsync(endpoint.Id, new EndpointDocument(endpoint.Id, "webhook_endpoint", endpoint.MemberId, endpoint.CreatedAt.ToUnixTimeMilliseconds(), endpoint), cancellation)).Created;
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> ListEndpointsAsync(string memberId, CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<EndpointDocument>(
            new QueryDefinition("SELECT * FROM c WHERE c.type = 'webhook_endpoint' AND c.memberId = @member ORDER BY c.createdAtMs").WithParameter("@member", memberId),
            WebhookEndpoint.MaxPerMember * 2, cancellation)).Select(document => document.Endpoint)];

    public async Task<WebhookEndpoint?> GetEndpointAsync(string endpointId, CancellationToken cancellation = default) =>
        (await documents.ReadAsync<EndpointDocument>(endpointId, cancellation)) is { Type: "webhook_endpoint" } document ? document.Endpoint : null;

    public async Task<bool> SaveEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellation = default)
    {
        if (await GetEndpointAsync(endpoint.Id, cancellation) is not { } stored || stored.MemberId != endpoint.MemberId)
        {
            return false;
        }

        return await documents.PatchAsync(endpoint.Id, [PatchOperation.Set("/endpoint", endpoint)], etag: null, cancellation) is not null;
    }

    public async Task<bool> DeleteEndpointAsync(string memberId, string endpointId, CancellationToken cancellation = default)
    {
        if (await GetEndpointAsync(endpointId, cancellation) is not { } endpoint || endpoint.MemberId != memberId)
        {
            return false;
        }

        await documents.DeleteAsync(endpointId, cancellation);
        return true;
    }

    public async Task<bool> TryAddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellation = default) =>
        (await documents.CreateAsync(delivery.Id, DeliveryDocument.From(delivery), cancellation)).Created;

    public async Task<WebhookDelivery?> GetDeliveryAsync(string deliveryId, CancellationToken cancellation = default) =>
        (await documents.ReadAsync<DeliveryDocument>(deliveryId, cancellation)) is { Type: "webhook_delivery" } document ? document.Delivery : null;

    public async Task SaveDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellation = default) =>
        await documents.PatchAsync(delivery.Id, [PatchOperation.Set("/delivery", delivery)], etag: null, cancellation);

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string endpointId, int limit, CancellationToken cancellation = default) =>
        [.. (await documents.QueryAsync<DeliveryDocument>(
            new QueryDefinition("SELECT * FROM c WHERE c.type = 'webhook_delivery' AND c.endpointId = @endpoint ORDER BY c.createdAtMs DESC, c.id DESC")
                .WithParameter("@endpoint", endpointId),
            limit, cancellation)).Take(limit).Select(document => document.Delivery)];

    private sealed record EndpointDocument(string Id, string Type, string MemberId, long CreatedAtMs, WebhookEndpoint Endpoint);

    private sealed record DeliveryDocument(string Id, string Type, string EndpointId, long CreatedAtMs, WebhookDelivery Delivery)
    {
        public static DeliveryDocument From(WebhookDelivery delivery) =>
            new(delivery.Id, "webhook_delivery", delivery.EndpointId, delivery.CreatedAt.ToUnixTimeMilliseconds(), delivery);
    }
}
