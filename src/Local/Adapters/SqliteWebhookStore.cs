using System.Text.Json;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Social;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>Webhook endpoints and deliveries in the metadata database (<see cref="SqliteMetadata"/>), as JSON documents indexed by member and endpoint.</summary>
public sealed class SqliteWebhookStore(DataFolder data) : IWebhookStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string connectionString = SqliteMetadata.Prepare(data);

    public Task<bool> TryAddEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellation = default)
    {
        using var session = Open();
        var added = false;
        session.InTransaction(() => added = session.Execute(
            """
            INSERT INTO webhook_endpoints (id, member_id, created_at, doc)
            SELECT $id, $member, $at, $doc WHERE (SELECT count(*) FROM webhook_endpoints WHERE member_id = $member) < $max
            """,
            ("$id", endpoint.Id), ("$member", endpoint.MemberId), ("$at", endpoint.CreatedAt.ToUnixTimeMilliseconds()),
            ("$doc", JsonSerializer.Serialize(endpoint, Json)), ("$max", WebhookEndpoint.MaxPerMember)) == 1);
        return Task.FromResult(added);
    }

    public Task<IReadOnlyList<WebhookEndpoint>> ListEndpointsAsync(string memberId, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<WebhookEndpoint> endpoints = session.Query(
            "SELECT doc FROM webhook_endpoints WHERE member_id = $member ORDER BY created_at, id", reader => Read<WebhookEndpoint>(reader.GetString(0)), ("$member", memberId));
        return Task.FromResult(endpoints);
    }

    public Task<WebhookEndpoint?> GetEndpointAsync(string endpointId, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query("SELECT doc FROM webhook_endpoints WHERE id = $id", reader => Read<WebhookEndpoint>(reader.GetString(0)), ("$id", endpointId))
            .Cast<WebhookEndpoint?>().SingleOrDefault());
    }

    public Task<bool> SaveEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Execute(
            "UPDATE webhook_endpoints SET doc = $doc WHERE id = $id AND member_id = $member",
            ("$id", endpoint.Id), ("$member", endpoint.MemberId), ("$doc", JsonSerializer.Serialize(endpoint, Json))) == 1);
    }

    public Task<bool> DeleteEndpointAsync(string memberId, string endpointId, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Execute("DELETE FROM webhook_endpoints WHERE id = $id AND member_id = $member", ("$id", endpointId), ("$member", memberId)) == 1);
    }

    public Task<bool> TryAddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Execute(
            "INSERT OR IGNORE INTO webhook_deliveries (id, endpoint_id, created_at, doc) VALUES ($id, $endpoint, $at, $doc)",
            ("$id", delivery.Id), ("$endpoint", delivery.EndpointId), ("$at", delivery.CreatedAt.ToUnixTimeMilliseconds()),
            ("$doc", JsonSerializer.Serialize(delivery, Json))) == 1);
    }

    public Task<WebhookDelivery?> GetDeliveryAsync(string deliveryId, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query("SELECT doc FROM webhook_deliveries WHERE id = $id", reader => Read<WebhookDelivery>(reader.GetString(0)), ("$id", deliveryId))
            .Cast<WebhookDelivery?>().SingleOrDefault());
    }

    public Task SaveDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellation = default)
    {
        using var session = Open();
        session.Execute("UPDATE webhook_deliveries SET doc = $doc WHERE id = $id", ("$id", delivery.Id), ("$doc", JsonSerializer.Serialize(delivery, Json)));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string endpointId, int limit, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<WebhookDelivery> deliveries = session.Query(
            "SELECT doc FROM webhook_deliveries WHERE endpoint_id = $endpoint ORDER BY created_at DESC, id DESC LIMIT $limit",
            reader => Read<WebhookDelivery>(reader.GetString(0)), ("$endpoint", endpointId), ("$limit", limit));
        return Task.FromResult(deliveries);
    }

    private static T Read<T>(string doc) => JsonSerializer.Deserialize<T>(doc, Json)!;

    private SqlSession Open() => SqliteMetadata.Open(connectionString);
}
