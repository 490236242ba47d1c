using System.Data;
using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Common;

/// <summary>
/// A pooled SQLite context keeps its open connection between operations, and nothing of one
/// operation (an open transaction, a replaced file) reaches the next.
/// </summary>
public sealed class SqliteContextFactoryTests : IAsyncLifetime
{
    private TemporarySqliteDatabase _database = null!;

    private SqliteContextFactory Factory => _database.Factory;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(TestProvider.IsPostgres, "SQLite only: PostgreSQL connections come from Npgsql's pool.");
        _database = new TemporarySqliteDatabase();
        await using var db = Factory.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE Notes (Text TEXT NOT NULL)");
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task AContext_KeepsItsConnectionOpen_FromOneRentalToTheNext()
    {
        var db = Factory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await db.DisposeAsync();

        await using var again = Factory.CreateDbContext();

        Assert.Same(connection, again.Database.GetDbConnection());
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(0, await again.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM Notes").SingleAsync());
    }

    [Fact]
    public async Task ATransactionLeftOpen_IsRolledBack_AndTheNextOperationBeginsItsOwn()
    {
        var db = Factory.CreateDbContext();
        await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("INSERT INTO Notes VALUES ('never committed')");
        await db.DisposeAsync();

        await using var next = Factory.CreateDbContext();
        await using var transaction = await next.Database.BeginTransactionAsync();

        Assert.Equal(0, await next.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM Notes").SingleAsync());
    }

    [Fact]
    public async Task ClearPool_ClosesTheKeptConnections_SoTheNextOperationOpensTheFileAgain()
    {
        var db = Factory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await db.DisposeAsync();

        Factory.ClearPool();
        await using var next = Factory.CreateDbContext();

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.NotSame(connection, next.Database.GetDbConnection());
        Assert.Equal(ConnectionState.Open, next.Database.GetDbConnection().State);
    }

    [Fact]
    public async Task Disposing_ClosesEveryKeptConnection()
    {
        var first = Factory.CreateDbContext();
        var second = Factory.CreateDbContext();
        var connections = new[] { first.Database.GetDbConnection(), second.Database.GetDbConnection() };
        await first.DisposeAsync();
        await second.DisposeAsync();

        await Factory.DisposeAsync();

        Assert.All(connections, c => Assert.Equal(ConnectionState.Closed, c.State));
        Assert.Throws<ObjectDisposedException>(() => Factory.CreateDbContext());
    }
}
