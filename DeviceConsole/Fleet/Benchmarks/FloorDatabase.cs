using Microsoft.Data.Sqlite;

namespace DeviceConsole.Fleet.Benchmarks;

/// <summary>
/// The floor: hand-written SQL through Microsoft.Data.Sqlite on one open connection, each
/// statement prepared once and reused, as fast as the database answers.
/// </summary>
public sealed class FloorDatabase(SqliteConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _prepared = [];

    public long Commands { get; private set; }

    public SqliteConnection Connection => connection;

    public async Task<List<object?[]>> QueryAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Prepared(sql, parameters);
        Commands++;
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Streams rows to a callback without keeping them, for exports.</summary>
    public async Task<long> StreamAsync(string sql, Func<SqliteDataReader, Task> onRow, params (string Name, object? Value)[] parameters)
    {
        var command = Prepared(sql, parameters);
        Commands++;
        long count = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            await onRow(reader);
            count++;
        }
        return count;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Prepared(sql, parameters);
        Commands++;
        return await command.ExecuteNonQueryAsync();
    }

    private SqliteCommand Prepared(string sql, (string Name, object? Value)[] parameters)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
                command.Parameters.Add(new SqliteParameter(name, null));
            command.Prepare();
            _prepared[sql] = command;
        }
        foreach (var (name, value) in parameters)
            command.Parameters[name].Value = value ?? DBNull.Value;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _prepared.Values)
            await command.DisposeAsync();
        await connection.DisposeAsync();
    }
}
