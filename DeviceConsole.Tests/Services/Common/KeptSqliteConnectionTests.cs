using DeviceConsole.Data;
using DeviceConsole.Data.Sql;
using DeviceConsole.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace DeviceConsole.Tests.Services.Common;

/// <summary>
/// A kept connection runs a repeated read on the statement it prepared the first time, with each
/// call's own parameters and transaction, and never leaves a statement holding the database.
/// </summary>
public sealed class KeptSqliteConnectionTests : IAsyncLifetime
{
    private TemporarySqliteDatabase _database = null!;

    private SqliteContextFactory Factory => _database.Factory;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(TestProvider.IsPostgres, "SQLite only: Npgsql prepares statements itself.");
        _database = new TemporarySqliteDatabase();
        await using var db = Factory.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE Notes (Id INTEGER PRIMARY KEY, Text TEXT NOT NULL)");
        await db.Database.ExecuteSqlRawAsync("INSERT INTO Notes (Id, Text) VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }

    private const string TextById = "SELECT \"Text\" FROM \"Notes\" WHERE \"Id\" = {0}";

    private static Task<List<string>> TextsAsync(AppDbContext db, string sql, params object[] arguments) =>
        RawStatement.ListAsync(db, sql, arguments, r => r.GetString(0));

    private static KeptSqliteConnection Connection(AppDbContext db) => (KeptSqliteConnection)db.Database.GetDbConnection();

    [Fact]
    public async Task ARepeatedRead_RunsOnOneKeptStatement_WithEachCallsOwnParameters()
    {
        await using var db = Factory.CreateDbContext();

        var first = await TextsAsync(db, TextById, 1);
        var second = await TextsAsync(db, TextById, 2);
        var linq = await db.Database.SqlQueryRaw<string>("SELECT \"Text\" AS \"Value\" FROM \"Notes\" WHERE \"Id\" = {0}", 3).ToListAsync();

        Assert.Equal(["one"], first);
        Assert.Equal(["two"], second);
        Assert.Equal(["three"], linq);
        Assert.Equal(2, Connection(db).KeptStatements);
    }

    [Fact]
    public async Task AfterKeptReads_NoStatementHoldsTheDatabase_EvenAReaderLeftBeforeItsLastRow()
    {
        await using var db = Factory.CreateDbContext();
        // Lets the test list the connection's statements; only those prepared from here on are listed.
        Connection(db).Handle!.enable_sqlite3_next_stmt(true);
        await TextsAsync(db, TextById, 1);
        await using (var partly = await RawStatement.ExecuteReaderAsync(db, "SELECT \"Text\" FROM \"Notes\" ORDER BY \"Id\"", []))
            Assert.True(await partly.DbDataReader.ReadAsync());

        Assert.Equal(2, Connection(db).KeptStatements);
        Assert.Empty(BusyStatements(Connection(db)));
        // A writer on another connection commits at once: no kept statement holds a read lock.
        await using var other = new SqliteConnection($"{_database.ConnectionString};Default Timeout=1");
        await other.OpenAsync();
        await using var write = other.CreateCommand();
        write.CommandText = "INSERT INTO Notes (Id, Text) VALUES (4, 'four')";
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
        Assert.Equal(["four"], await TextsAsync(db, TextById, 4));
    }

    private static List<string> BusyStatements(SqliteConnection connection)
    {
        var busy = new List<string>();
        for (var statement = raw.sqlite3_next_stmt(connection.Handle, null); statement is not null && !statement.IsInvalid;
             statement = raw.sqlite3_next_stmt(connection.Handle, statement))
        {
            if (raw.sqlite3_stmt_busy(statement) != 0)
                busy.Add(raw.sqlite3_sql(statement).utf8_to_string());
        }
        return busy;
    }

    [Fact]
    public async Task TheSameRead_WhileItsFirstReaderIsOpen_RunsOnAStatementOfItsOwn()
    {
        const string all = "SELECT \"Text\" FROM \"Notes\" ORDER BY \"Id\"";
        await using var db = Factory.CreateDbContext();
        await TextsAsync(db, all);
        var outer = new List<string>();

        await using (var reader = await RawStatement.ExecuteReaderAsync(db, all, []))
        {
            Assert.True(await reader.DbDataReader.ReadAsync());
            outer.Add(reader.DbDataReader.GetString(0));
            Assert.Equal(["one", "two", "three"], await TextsAsync(db, all));
            while (await reader.DbDataReader.ReadAsync())
                outer.Add(reader.DbDataReader.GetString(0));
        }

        Assert.Equal(["one", "two", "three"], outer);
    }

    [Fact]
    public async Task AKeptRead_InATransaction_SeesItsWrites_AndNotOnceRolledBack()
    {
        await using var db = Factory.CreateDbContext();
        await TextsAsync(db, TextById, 5);

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO Notes (Id, Text) VALUES (5, 'five')");
            Assert.Equal(["five"], await TextsAsync(db, TextById, 5));
            await transaction.RollbackAsync();
        }

        Assert.Empty(await TextsAsync(db, TextById, 5));
        Assert.Equal(1, Connection(db).KeptStatements);
    }

    [Fact]
    public async Task Writes_AreNotKept_AndStillWrite()
    {
        await using var db = Factory.CreateDbContext();

        await db.Database.ExecuteSqlRawAsync("INSERT INTO Notes (Id, Text) VALUES ({0}, 'six')", 6);
        await db.Database.ExecuteSqlRawAsync("WITH n AS (SELECT 7 AS Id, 'seven' AS Text) INSERT INTO Notes (Id, Text) SELECT Id, Text FROM n");
        var updated = await db.Database.ExecuteSqlRawAsync("UPDATE Notes SET Text = upper(Text) WHERE Id >= 6");

        Assert.Equal(2, updated);
        Assert.Equal(0, Connection(db).KeptStatements);
        Assert.Equal(["SIX"], await TextsAsync(db, TextById, 6));
        Assert.Equal(["SEVEN"], await TextsAsync(db, TextById, 7));
    }

    [Fact]
    public async Task AKeptRead_AfterTheSchemaChanges_ReadsTheNewSchema()
    {
        const string everything = "SELECT * FROM \"Notes\" WHERE \"Id\" = {0}";
        await using var db = Factory.CreateDbContext();
        await using (var before = await RawStatement.ExecuteReaderAsync(db, everything, [1]))
            Assert.Equal(2, before.DbDataReader.FieldCount);

        await db.Database.ExecuteSqlRawAsync("ALTER TABLE Notes ADD COLUMN Colour TEXT NOT NULL DEFAULT 'blue'");

        await using var after = await RawStatement.ExecuteReaderAsync(db, everything, [1]);
        Assert.True(await after.DbDataReader.ReadAsync());
        Assert.Equal(3, after.DbDataReader.FieldCount);
        Assert.Equal("blue", after.DbDataReader.GetString(2));
    }

    [Fact]
    public async Task PastTheLimit_TheKeptStatementsAreReleased_AndReadsGoOn()
    {
        await using var db = Factory.CreateDbContext();

        for (var i = 0; i <= KeptSqliteConnection.MaxStatements; i++)
            Assert.Equal([i], await RawStatement.ListAsync(db, $"SELECT {i}", [], r => r.GetInt32(0)));

        // Without the release the connection would keep every one of them.
        Assert.InRange(Connection(db).KeptStatements, 1, 8);
        Assert.Equal(["one"], await TextsAsync(db, TextById, 1));
    }
}
