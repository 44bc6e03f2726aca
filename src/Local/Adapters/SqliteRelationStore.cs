using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// Relations in the metadata database (<see cref="SqliteMetadata"/>): one row per follow, block or mute, indexed from
/// both ends, so a relationship is two primary-key lookups and a page of followers one index range.
/// </summary>
public sealed class SqliteRelationStore(DataFolder data) : IRelationStore
{
    private readonly string connectionString = SqliteMetadata.Prepare(data);

    public Task<bool> ChangeAsync(IReadOnlyList<Relation> add, IReadOnlyList<Relation> remove, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        using var session = Open();
        var changed = 0;
        session.InTransaction(() =>
        {
            foreach (var relation in add)
            {
                changed += session.Execute(
                    "INSERT OR IGNORE INTO relations (from_id, kind, to_id, created_at) VALUES ($from, $kind, $to, $at)",
                    ("$from", relation.From), ("$kind", relation.Kind.ToString()), ("$to", relation.To), ("$at", relation.CreatedAt.ToUnixTimeMilliseconds()));
            }

            foreach (var relation in remove)
            {
                changed += session.Execute(
                    "DELETE FROM relations WHERE from_id = $from AND kind = $kind AND to_id = $to",
                    ("$from", relation.From), ("$kind", relation.Kind.ToString()), ("$to", relation.To));
            }

            if (changed > 0)
            {
                SqliteMetadata.Enqueue(session, events);
            }
        });
        return Task.FromResult(changed > 0);
    }

    public Task<Relationship> BetweenAsync(string memberId, string otherId, CancellationToken cancellation = default)
    {
        using var session = Open();
        var held = session.Query(
            // Every column of the primary key given (the kinds listed), so each side is a few point lookups rather
            // than a scan of everything one member holds.
            """
            SELECT from_id, kind FROM relations WHERE from_id = $a AND kind IN ('Follow', 'Block', 'Mute') AND to_id = $b
            UNION ALL
            SELECT from_id, kind FROM relations WHERE from_id = $b AND kind IN ('Follow', 'Block', 'Mute') AND to_id = $a
            """,
            reader => (From: reader.GetString(0), Kind: Enum.Parse<RelationKind>(reader.GetString(1))),
            ("$a", memberId), ("$b", otherId));
        bool Has(string from, RelationKind kind) => held.Contains((from, kind));
        return Task.FromResult(new Relationship(
            Has(memberId, RelationKind.Follow), Has(otherId, RelationKind.Follow), Has(memberId, RelationKind.Block), Has(otherId, RelationKind.Block),
            Has(memberId, RelationKind.Mute)));
    }

    public Task<IReadOnlyList<Relation>> ListAsync(
        string memberId, RelationKind kind, bool incoming, int limit, string? after = null, CancellationToken cancellation = default)
    {
        var (self, other) = incoming ? ("to_id", "from_id") : ("from_id", "to_id");
        using var session = Open();
        IReadOnlyList<Relation> page = session.Query(
            $"""
            SELECT from_id, to_id, created_at FROM relations
            WHERE {self} = $member AND kind = $kind
              AND ($after IS NULL OR (created_at, {other}) < (SELECT created_at, {other} FROM relations WHERE {self} = $member AND kind = $kind AND {other} = $after))
            ORDER BY created_at DESC, {other} DESC
            LIMIT $limit
            """,
            reader => new Relation(reader.GetString(0), reader.GetString(1), kind, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))),
            ("$member", memberId), ("$kind", kind.ToString()), ("$after", after), ("$limit", limit));
        return Task.FromResult(page);
    }

    public Task<RelationCounts> CountAsync(string memberId, CancellationToken cancellation = default)
    {
        using var session = Open();
        var follow = RelationKind.Follow.ToString();
        return Task.FromResult(new RelationCounts(
            (int)session.Scalar<long>("SELECT count(*) FROM relations WHERE to_id = $member AND kind = $kind", ("$member", memberId), ("$kind", follow)),
            (int)session.Scalar<long>("SELECT count(*) FROM relations WHERE from_id = $member AND kind = $kind", ("$member", memberId), ("$kind", follow))));
    }

    private SqlSession Open() => SqliteMetadata.Open(connectionString);
}
