using System.Text.Json;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Embedded;

namespace SoraFunctions.Local.Adapters;

/// <summary>
/// The search indexes of the metadata database, on SQLite's full-text search (FTS5), written in the transaction of the
/// change they follow:
/// <list type="bullet">
/// <item><c>post_search</c>: each post's terms (<see cref="SearchTerms.OfPost"/>), its rowid the posting time in
/// milliseconds × 1024 plus a slot (<c>post_search_rows</c> maps it to the video), so the newest posts come first
/// straight from the index;</item>
/// <item><c>post_tags</c>: each post's hashtags with its posting time, counted for the trending ones;</item>
/// <item><c>member_search</c>: each active member's name terms with prefix indexes, and their username to order by
/// (many match a letter or two: the order is found in the index alone, the members read after), <c>member_search_rows</c>
/// mapping its rowid to the member.</item>
/// </list>
/// The terms are made by <see cref="SearchTerms"/>; the tokenizer only splits them at their spaces.
/// </summary>
internal static class SqliteSearch
{
    /// <summary>Posts posted in the same millisecond take the slots of one.</summary>
    private const long SlotsPerMillisecond = 1024;

    /// <summary>The schema step that makes the indexes; the database fills them on its next start (<see cref="Backfill"/>).</summary>
    public const string Migration =
        """
        CREATE VIRTUAL TABLE post_search USING fts5(terms, tokenize = "unicode61 remove_diacritics 0 tokenchars '#_'");
        CREATE TABLE post_search_rows (
            video_id TEXT PRIMARY KEY,
            row INTEGER NOT NULL UNIQUE
        ) WITHOUT ROWID;
        CREATE TABLE post_tags (
            video_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            posted_at INTEGER NOT NULL,
            PRIMARY KEY (video_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX post_tags_by_time ON post_tags (posted_at, tag);
        CREATE VIRTUAL TABLE member_search USING fts5(terms, username UNINDEXED, tokenize = "unicode61 remove_diacritics 0 tokenchars '_'", prefix = '1 2 3');
        CREATE TABLE member_search_rows (
            member_id TEXT PRIMARY KEY,
            row INTEGER NOT NULL UNIQUE
        ) WITHOUT ROWID;
        CREATE TABLE search_backfill (pending INTEGER);
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Indexes the posts and members a database had before it had the indexes, once, in one transaction (asked again
    /// inside it: another process may have done it meanwhile).
    /// </summary>
    public static void Backfill(SqlSession session)
    {
        const string Pending = "SELECT count(*) FROM sqlite_master WHERE name = 'search_backfill'";
        if (session.Scalar<long>(Pending) == 0)
        {
            return;
        }

        session.InTransaction(() =>
        {
            if (session.Scalar<long>(Pending) == 0)
            {
                return;
            }

            foreach (var video in session.Query("SELECT doc FROM videos WHERE posted_at IS NOT NULL", reader => JsonSerializer.Deserialize<Video>(reader.GetString(0), Json)!))
            {
                IndexPost(session, video);
            }

            foreach (var member in session.Query("SELECT doc FROM members", reader => JsonSerializer.Deserialize<Member>(reader.GetString(0), Json)!))
            {
                IndexMember(session, member);
            }

            session.Execute("DROP TABLE search_backfill");
        });
    }

    /// <summary>Indexes the video while it is posted, and takes it out of the indexes when it is not.</summary>
    public static void IndexPost(SqlSession session, Video video)
    {
        var row = session.Query("SELECT row FROM post_search_rows WHERE video_id = $id", reader => (long?)reader.GetInt64(0), ("$id", video.Id)).SingleOrDefault();
        session.Execute("DELETE FROM post_tags WHERE video_id = $id", ("$id", video.Id));
        if (row is { } existing)
        {
            session.Execute("DELETE FROM post_search WHERE rowid = $row", ("$row", existing));
        }

        if (!video.IsPosted)
        {
            session.Execute("DELETE FROM post_search_rows WHERE video_id = $id", ("$id", video.Id));
            return;
        }

        var postedAt = video.PostedAt!.Value.ToUnixTimeMilliseconds();
        if (row is null)
        {
            var first = postedAt * SlotsPerMillisecond;
            row = session.Scalar<long?>("SELECT max(row) + 1 FROM post_search_rows WHERE row BETWEEN $first AND $last", ("$first", first), ("$last", first + SlotsPerMillisecond - 1)) ?? first;
            session.Execute("INSERT INTO post_search_rows (video_id, row) VALUES ($id, $row)", ("$id", video.Id), ("$row", row));
        }

        var terms = SearchTerms.OfPost(video);
        session.Execute("INSERT INTO post_search (rowid, terms) VALUES ($row, $terms)", ("$row", row), ("$terms", string.Join(' ', terms)));
        foreach (var tag in terms.Where(term => term.StartsWith('#')))
        {
            session.Execute(
                "INSERT INTO post_tags (video_id, tag, posted_at) VALUES ($id, $tag, $at)", ("$id", video.Id), ("$tag", tag[1..]), ("$at", postedAt));
        }
    }

    /// <summary>Indexes the member's name terms while they are active, and takes them out of the index when not.</summary>
    public static void IndexMember(SqlSession session, Member member)
    {
        var row = session.Query("SELECT row FROM member_search_rows WHERE member_id = $id", reader => (long?)reader.GetInt64(0), ("$id", member.Id)).SingleOrDefault();
        if (row is { } existing)
        {
            session.Execute("DELETE FROM member_search WHERE rowid = $row", ("$row", existing));
        }

        if (member.State != MemberState.Active)
        {
            session.Execute("DELETE FROM member_search_rows WHERE member_id = $id", ("$id", member.Id));
            return;
        }

        if (row is null)
        {
            row = session.Scalar<long?>("SELECT max(row) + 1 FROM member_search_rows") ?? 1;
            session.Execute("INSERT INTO member_search_rows (member_id, row) VALUES ($id, $row)", ("$id", member.Id), ("$row", row));
        }

        session.Execute(
            "INSERT INTO member_search (rowid, terms, username) VALUES ($row, $terms, $username)",
            ("$row", row), ("$terms", string.Join(' ', SearchTerms.OfMember(member))), ("$username", member.Username));
    }

    /// <summary>An FTS5 query for every term (each quoted: the terms hold only letters, digits, '_' and '#').</summary>
    public static string MatchAll(IEnumerable<string> terms, bool prefixes = false) =>
        string.Join(' ', terms.Select(term => prefixes ? $"\"{term}\"*" : $"\"{term}\""));

    /// <summary>The index row of a post, the place a page after it starts from (null: not indexed).</summary>
    public static long? PostRow(SqlSession session, string videoId) =>
        session.Query("SELECT row FROM post_search_rows WHERE video_id = $id", reader => (long?)reader.GetInt64(0), ("$id", videoId)).SingleOrDefault();
}
