using Microsoft.Data.Sqlite;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>
/// A SQLite connection with its prepared statements kept for reuse, and terse helpers to run them; shared by the
/// embedded stores (the engine, the video records).
/// </summary>
public sealed class SqlSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

    /// <summary>How the embedded stores open a database file: pooled connections, 30 s of patience for a busy file.</summary>
    public static string ConnectionStringFor(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public static SqlSession Open(string connectionString, params string[] pragmas)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        var session = new SqlSession(connection);
        foreach (var pragma in pragmas)
        {
            session.Execute(pragma);
        }

        return session;
    }

    /// <summary>
    /// Brings the database to the newest schema: <paramref name="migrations"/>[i] takes version i to i + 1, and each that
    /// a database lacks runs once, in one transaction with its version; one from a newer build is refused.
    /// </summary>
    public void EnsureSchema(string storeName, params string[] migrations)
    {
        var current = Scalar<long>("PRAGMA user_version");
        if (current > migrations.Length)
        {
            throw new InvalidOperationException(
                $"The {storeName} has schema version {current}; this build understands up to {migrations.Length}.");
        }

        for (var version = (int)current; version < migrations.Length; version++)
        {
            InTransaction(() =>
            {
                Execute(migrations[version]);
                Execute($"PRAGMA user_version={version + 1}");
            });
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction: committed whole, or rolled back on failure.</summary>
    public void InTransaction(Action work)
    {
        Execute("BEGIN IMMEDIATE");
        try
        {
            work();
            Execute("COMMIT");
        }
        catch
        {
            Execute("ROLLBACK");
            throw;
        }
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters) =>
        Prepare(sql, parameters).ExecuteNonQuery();

    public T? Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        var value = Prepare(sql, parameters).ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var reader = Prepare(sql, parameters).ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private SqliteCommand Prepare(string sql, (string Name, object? Value)[] parameters)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}

public static class SqliteDataReaderExtensions
{
    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
