using System.Text.Json;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Where video and member records go on Cosmos DB for NoSQL (<c>Sora:Metadata</c>): an endpoint alone signs in with Microsoft
/// Entra ID (managed identity in Azure; data-plane RBAC, so the database and container come from the deployment), an
/// endpoint with a key uses the key (emulators). No endpoint: the local SQLite store.
/// </summary>
public sealed class CosmosVideoStoreOptions
{
    public const string Section = "Sora:Metadata";

    public Uri? Endpoint { get; set; }

    public string? Key { get; set; }

    public string Database { get; set; } = "sora";

    public string Container { get; set; } = "videos";

    /// <summary>The members' container (members, usernames, invites, credentials, relations, cameos).</summary>
    public string MembersContainer { get; set; } = "members";

    /// <summary>The likes' and comments' container, partitioned by video.</summary>
    public string EngagementContainer { get; set; } = "engagement";

    /// <summary>The Following feeds' container, partitioned by member.</summary>
    public string FeedsContainer { get; set; } = "feeds";

    /// <summary>The generators' lines' container, partitioned by pool.</summary>
    public string GenerationContainer { get; set; } = "generation";

    /// <summary>Creates the database and container when missing (key auth only: Entra ID may not manage them).</summary>
    public bool CreateIfMissing { get; set; }

    /// <summary>
    /// A client in Gateway mode (HTTPS only, fewer connections: the right mode for serverless hosts) that serializes with
    /// System.Text.Json, as the records do; <paramref name="handlers"/> see every request and response (e.g. to meter them).
    /// </summary>
    public CosmosClient CreateClient(Uri endpoint, params RequestHandler[] handlers)
    {
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            UseSystemTextJsonSerializerWithOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web),
            ApplicationName = "sorafunctions",
            // An emulator answers on the address it was given, not on the regional ones it would advertise.
            LimitToEndpoint = !string.IsNullOrEmpty(Key),
        };
        foreach (var handler in handlers)
        {
            options.CustomHandlers.Add(handler);
        }

        return string.IsNullOrEmpty(Key)
            ? new CosmosClient(endpoint.ToString(), new DefaultAzureCredential(), options)
            : new CosmosClient(endpoint.ToString(), Key, options);
    }
}
