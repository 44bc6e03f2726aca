using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// Moderation cases in the metadata database (<see cref="SqliteMetadata"/>): a row per case with the columns the queue is
/// ordered by, indexed in that order; a save and its events commit together.
/// </summary>
public sealed class SqliteModerationStore(DataFolder data) : IModerationStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string connectionString = SqliteMetadata.Prepare(data);

    public Task<ModerationCase?> GetAsync(string caseId, CancellationToken cancellation = default)
    {
        using var session = Open();
        return Task.FromResult(session.Query("SELECT doc, version FROM moderation_cases WHERE id = $id", Read, ("$id", caseId)).SingleOrDefault());
    }

    public Task<bool> TryCreateAsync(ModerationCase moderationCase, CancellationToken cancellation = default)
    {
        using var session = Open();
        var created = session.Execute(
            """
            INSERT OR IGNORE INTO moderation_cases (id, status, severity, reports, opened_at, doc, version)
            VALUES ($id, $status, $severity, $reports, $opened, $doc, 1)
            """,
            [.. Columns(moderationCase), ("$id", moderationCase.Id)]) == 1;
        if (created)
        {
            moderationCase.Version = "1";
        }

        return Task.FromResult(created);
    }

    public Task SaveAsync(ModerationCase moderationCase, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        moderationCase.Version = SqliteMetadata.SaveVersioned(
            connectionString, moderationCase.Id, moderationCase.Version,
            """
            UPDATE moderation_cases SET status = $status, severity = $severity, reports = $reports, doc = $doc, version = version + 1
            WHERE id = $id AND version = $version
            """,
            Columns(moderationCase),
            events);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ModerationCase>> ListAsync(CaseStatus status, int limit, string? after = null, CancellationToken cancellation = default)
    {
        using var session = Open();
        IReadOnlyList<ModerationCase> page = session.Query(
            """
            SELECT c.doc, c.version FROM moderation_cases c
            LEFT JOIN moderation_cases a ON a.id = $after
            WHERE c.status = $status
              AND ($after IS NULL OR c.severity < a.severity
                OR (c.severity = a.severity AND (c.reports < a.reports
                  OR (c.reports = a.reports AND (c.opened_at, c.id) > (a.opened_at, a.id)))))
            ORDER BY c.severity DESC, c.reports DESC, c.opened_at, c.id
            LIMIT $limit
            """,
            Read, ("$status", StatusOf(status)), ("$after", after), ("$limit", limit));
        return Task.FromResult(page);
    }

    /// <summary>The row's columns but its id and version.</summary>
    private static (string, object?)[] Columns(ModerationCase moderationCase) =>
    [
        ("$status", StatusOf(moderationCase.Status)), ("$severity", moderationCase.Severity),
        ("$reports", moderationCase.ReportCount), ("$opened", moderationCase.OpenedAt.ToUnixTimeMilliseconds()),
        ("$doc", JsonSerializer.Serialize(moderationCase, Json)),
    ];

    private static string StatusOf(CaseStatus status) => JsonSerializer.Serialize(status).Trim('"');

    private static ModerationCase Read(SqliteDataReader reader)
    {
        var moderationCase = JsonSerializer.Deserialize<ModerationCase>(reader.GetString(0), Json)!;
        moderationCase.Version = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        return moderationCase;
    }

    private SqlSession Open() => SqliteMetadata.Open(connectionString);
}
