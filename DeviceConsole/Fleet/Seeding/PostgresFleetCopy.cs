using System.Globalization;
using System.Text.RegularExpressions;
using DeviceConsole.Data;
using DeviceConsole.Data.Counters;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace DeviceConsole.Fleet.Seeding;

/// <summary>
/// Copies a seeded SQLite fleet into an empty, migrated PostgreSQL database, table by table in
/// foreign-key order with binary COPY, converting each value to the PostgreSQL column's type from
/// the model. The large fleet is written once, by <see cref="FleetWriter"/>, so both providers hold
/// the same rows; identity sequences continue after the copied IDs.
/// </summary>
public static partial class PostgresFleetCopy
{
    /// <summary>
    /// The plan into an empty, migrated PostgreSQL database: written by <see cref="FleetWriter"/> into
    /// a temporary SQLite file, copied, then fresh planner statistics.
    /// </summary>
    public static async Task SeedAsync(FleetPlan plan, string passwordHash, IProgress<(string Step, double Fraction)> progress,
        string postgresConnectionString, IRelationalModel postgresModel, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetTempPath(), $"deviceconsole-seed-{Guid.NewGuid():N}.db");
        var sqlite = $"Data Source={file}";
        try
        {
            // Only the migrations' schema matters here; outside the app's services Identity's options are not in the model.
            var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite(sqlite)
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
            await using (var staging = new AppDbContext(options))
                await staging.Database.MigrateAsync(ct);
            await using (var connection = new SqliteConnection(sqlite))
            {
                await connection.OpenAsync(ct);
                await new FleetWriter(plan, passwordHash, progress).WriteAsync(connection, ct);
            }
            await CopyAsync(sqlite, postgresConnectionString, postgresModel, progress, ct);
            progress.Report(("statistics", 0));
            await using var target = new NpgsqlConnection(postgresConnectionString);
            await target.OpenAsync(ct);
            await using var analyze = new NpgsqlCommand("ANALYZE", target);
            await analyze.ExecuteNonQueryAsync(ct);
            progress.Report(("statistics", 1));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(file + suffix);
        }
    }

    public static async Task CopyAsync(string sqliteConnectionString, string postgresConnectionString, IRelationalModel postgresModel,
        IProgress<(string Step, double Fraction)> progress, CancellationToken ct)
    {
        await using var source = new SqliteConnection(sqliteConnectionString);
        await source.OpenAsync(ct);
        await using var target = new NpgsqlConnection(postgresConnectionString);
        await target.OpenAsync(ct);
        await using var transaction = await target.BeginTransactionAsync(ct);

        foreach (var table in InDependencyOrder(postgresModel.Tables.Where(t => t.Schema is null)))
        {
            // Rows the migrations wrote themselves (the health probe) stay as they are.
            if (await CountAsync(target, transaction, table.Name, ct) > 0)
                continue;
            await CopyTableAsync(source, target, table, progress, ct);
        }
        // The count triggers fired for every copied device, after or before the copied counts: recount once.
        await using (var recount = new NpgsqlCommand(PostgresDeviceCountTriggers.Rebuild, target, transaction))
            await recount.ExecuteNonQueryAsync(ct);
        await ContinueSequencesAsync(target, transaction, ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task CopyTableAsync(SqliteConnection source, NpgsqlConnection target, ITable table,
        IProgress<(string Step, double Fraction)> progress, CancellationToken ct)
    {
        var columns = table.Columns.ToList();
        var names = string.Join(", ", columns.Select(c => Quote(c.Name)));
        await using var read = source.CreateCommand();
        read.CommandText = $"SELECT {names} FROM {Quote(table.Name)}";
        await using var reader = await read.ExecuteReaderAsync(ct);
        if (!reader.HasRows)
            return;

        var types = columns.Select(c => BareType(c.StoreType)).ToArray();
        await using var writer = await target.BeginBinaryImportAsync($"COPY {Quote(table.Name)} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        long rows = 0;
        while (await reader.ReadAsync(ct))
        {
            await writer.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                if (reader.IsDBNull(i))
                    await writer.WriteNullAsync(ct);
                else
                    await writer.WriteAsync(Convert(reader.GetValue(i), types[i]), types[i], ct);
            }
            if (++rows % 20_000 == 0)
                progress.Report(($"copying {table.Name}", 0.5));
        }
        await writer.CompleteAsync(ct);
        progress.Report(($"copying {table.Name}", 1));
    }

    /// <summary>SQLite's stored value (integer, real, text, blob) as the PostgreSQL column's type expects it.</summary>
    private static object Convert(object value, string type) => type switch
    {
        "integer" => System.Convert.ToInt32(value, CultureInfo.InvariantCulture),
        "bigint" => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
        "smallint" => System.Convert.ToInt16(value, CultureInfo.InvariantCulture),
        "boolean" => System.Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
        "numeric" => System.Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        "double precision" => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
        "real" => System.Convert.ToSingle(value, CultureInfo.InvariantCulture),
        "uuid" => Guid.Parse((string)value),
        "bytea" => (byte[])value,
        // Every time is UTC in both stores; SQLite keeps EF Core's text form.
        "timestamp with time zone" => DateTime.Parse((string)value, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        "text" or "character varying" or "character" => System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => throw new FleetCommandException($"seed-large cannot copy a column of type {type} to PostgreSQL."),
    };

    private static IEnumerable<ITable> InDependencyOrder(IEnumerable<ITable> tables)
    {
        var remaining = tables.ToList();
        var done = new HashSet<string>();
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(t => t.ForeignKeyConstraints.All(fk => fk.PrincipalTable == t || done.Contains(fk.PrincipalTable.Name))).ToList();
            if (ready.Count == 0)
                throw new FleetCommandException("The model's foreign keys form a cycle; seed-large cannot order the tables.");
            foreach (var table in ready.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                done.Add(table.Name);
                remaining.Remove(table);
                yield return table;
            }
        }
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Quote(table)}", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task ContinueSequencesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var identities = new List<(string Table, string Column)>();
        await using (var find = new NpgsqlCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
            connection, transaction))
        await using (var reader = await find.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                identities.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (table, column) in identities)
        {
            await using var next = new NpgsqlCommand($"""
                SELECT setval(pg_get_serial_sequence('{Quote(table)}', '{column}'), coalesce(max({Quote(column)}), 0) + 1, false) FROM {Quote(table)}
                """, connection, transaction);
            await next.ExecuteScalarAsync(ct);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    // "character varying(80)" is written as "character varying".
    private static string BareType(string storeType) => Modifier().Replace(storeType, "").Trim();

    [GeneratedRegex(@"\(.*\)")]
    private static partial Regex Modifier();
}
