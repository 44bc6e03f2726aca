using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Azure.Metadata;

/// <summary>
/// Moderation cases on Cosmos DB, in the members' container (its outbox is drained through <see cref="CosmosMemberStore"/>):
/// <c>{case id}</c> — a case with its reports and audit trail: a point read (1 RU a KB), created once per target, saved
/// by a patch guarded by the ETag; the queue: one cross-partition query on <c>status</c> ordered by <c>queueKey</c>, one
/// string that sorts as the queue does (severity, then report count, both descending, then opening time and id), so a
/// page after a cursor is a single range on it.
/// </summary>
public sealed class CosmosModerationStore(Container container) : IModerationStore
{
    private readonly CosmosDocuments documents = new(container);

    public async Task<ModerationCase?> GetAsync(string caseId, CancellationToken cancellation = default) =>
        caseId.StartsWith("case_", StringComparison.Ordinal) ? (await documents.ReadAsync<Document>(caseId, cancellation))?.Read() : null;

    public async Task<bool> TryCreateAsync(ModerationCase moderationCase, CancellationToken cancellation = default)
    {
        var (created, etag) = await documents.CreateAsync(moderationCase.Id, Document.From(moderationCase, []), cancellation);
        if (created)
        {
            moderationCase.Version = etag;
        }

        return created;
    }

    public async Task SaveAsync(ModerationCase moderationCase, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        var version = moderationCase.Version ?? throw new InvalidOperationException($"{moderationCase.Id} was not read from the store.");
        moderationCase.Version = await documents.PatchAsync(
            moderationCase.Id,
            [
                PatchOperation.Set("/case", moderationCase), PatchOperation.Set("/status", Document.StatusOf(moderationCase.Status)),
                PatchOperation.Set("/queueKey", Document.QueueKeyOf(moderationCase)),
                .. CosmosDocuments.Enqueue(events),
            ],
            version,
            cancellation)
            ?? throw new VersionConflictException(moderationCase.Id);
    }

    public async Task<IReadOnlyList<ModerationCase>> ListAsync(CaseStatus status, int limit, string? after = null, CancellationToken cancellation = default)
    {
        var query = "SELECT * FROM c WHERE c.type = 'case' AND c.status = @status";
        string? key = null;
        if (after is not null)
        {
            key = (await documents.ReadAsync<Document>(after, cancellation))?.QueueKey;
            if (key is null)
            {
                return [];
            }

            query += " AND c.queueKey > @key";
        }

        var definition = new QueryDefinition($"{query} ORDER BY c.queueKey").WithParameter("@status", Document.StatusOf(status)).WithParameter("@key", key);
        return [.. (await documents.QueryAsync<Document>(definition, limit, cancellation)).Take(limit).Select(document => document.Read())];
    }

    private sealed record Document(string Id, string Type, string Status, string QueueKey, ModerationCase Case, IReadOnlyList<CloudEvent> Outbox, bool Pending)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public static string StatusOf(CaseStatus status) => System.Text.Json.JsonSerializer.Serialize(status).Trim('"');

        /// <summary>Most severe, then most reported (both counted down from their largest), then oldest, then by id.</summary>
        public static string QueueKeyOf(ModerationCase moderationCase) => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{9 - moderationCase.Severity}{999_999_999 - moderationCase.ReportCount:D9}{moderationCase.OpenedAt.ToUnixTimeMilliseconds():D15}{moderationCase.Id}");

        public static Document From(ModerationCase moderationCase, IReadOnlyList<CloudEvent> events) => new(
            moderationCase.Id, "case", StatusOf(moderationCase.Status), QueueKeyOf(moderationCase), moderationCase, events, events.Count > 0);

        public ModerationCase Read()
        {
            Case.Version = ETag;
            return Case;
        }
    }
}
