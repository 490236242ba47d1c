using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace DeviceConsole.Fleet.Benchmarks;

/// <summary>
/// The floor: hand-written SQL through the provider's own ADO.NET driver on one open connection,
/// each statement prepared once and reused, as fast as the database answers. Statements name
/// parameters <c>$name</c>; on PostgreSQL they are sent as Npgsql's <c>@name</c>. Integers come
/// back as <see cref="long"/> and UUIDs as text on both providers, so callers read one shape.
/// </summary>
public sealed partial class FloorDatabase(DbConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _prepared = [];

    public long Commands { get; private set; }

    public bool IsPostgres => connection is NpgsqlConnection;

    /// <summary>The statement in this provider's dialect.</summary>
    public string Sql(string sqlite, string postgres) => IsPostgres ? postgres : sqlite;

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
                row[i] = reader.IsDBNull(i) ? null : Normalize(reader.GetValue(i));
            rows.Add(row);
        }
        return rows;
    }

    private static object Normalize(object value) => value switch
    {
        int i => (long)i,
        short s => (long)s,
        Guid g => g.ToString().ToUpperInvariant(),
        _ => value,
    };

    /// <summary>Streams rows to a callback without keeping them, for exports.</summary>
    public async Task<long> StreamAsync(string sql, Func<DbDataReader, Task> onRow, params (string Name, object? Value)[] parameters)
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

    private DbCommand Prepared(string sql, (string Name, object? Value)[] parameters)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = IsPostgres ? Parameter().Replace(sql, "@$1") : sql;
            foreach (var (name, _) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = ParameterName(name);
                command.Parameters.Add(parameter);
            }
            // Npgsql prepares with the parameters' types, which it knows only once values are set.
            Bind(command, parameters);
            command.Prepare();
            _prepared[sql] = command;
        }
        Bind(command, parameters);
        return command;
    }

    private void Bind(DbCommand command, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
            command.Parameters[ParameterName(name)].Value = value ?? DBNull.Value;
    }

    private string ParameterName(string name) => IsPostgres ? name.TrimStart('$') : name;

    [GeneratedRegex(@"\$([A-Za-z]\w*)")]
    private static partial Regex Parameter();

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _prepared.Values)
            await command.DisposeAsync();
        await connection.DisposeAsync();
    }
}
