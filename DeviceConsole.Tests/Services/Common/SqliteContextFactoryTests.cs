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
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"dc-pool-{Guid.NewGuid():N}.db");
    private SqliteContextFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(TestProvider.IsPostgres, "SQLite only: PostgreSQL connections come from Npgsql's pool.");
        var connectionString = $"Data Source={_file}";
        _factory = new SqliteContextFactory(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connectionString).Options, connectionString);
        await using var db = _factory.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE Notes (Text TEXT NOT NULL)");
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is null) return;
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_file + suffix);
    }

    [Fact]
    public async Task AContext_KeepsItsConnectionOpen_FromOneRentalToTheNext()
    {
        var db = _factory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await db.DisposeAsync();

        await using var again = _factory.CreateDbContext();

        Assert.Same(connection, again.Database.GetDbConnection());
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(0, await again.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM Notes").SingleAsync());
    }

    [Fact]
    public async Task ATransactionLeftOpen_IsRolledBack_AndTheNextOperationBeginsItsOwn()
    {
        var db = _factory.CreateDbContext();
        await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("INSERT INTO Notes VALUES ('never committed')");
        await db.DisposeAsync();

        await using var next = _factory.CreateDbContext();
        await using var transaction = await next.Database.BeginTransactionAsync();

        Assert.Equal(0, await next.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM Notes").SingleAsync());
    }

    [Fact]
    public async Task ClearPool_ClosesTheKeptConnections_SoTheNextOperationOpensTheFileAgain()
    {
        var db = _factory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await db.DisposeAsync();

        _factory.ClearPool();
        await using var next = _factory.CreateDbContext();

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.NotSame(connection, next.Database.GetDbConnection());
        Assert.Equal(ConnectionState.Open, next.Database.GetDbConnection().State);
    }

    [Fact]
    public async Task Disposing_ClosesEveryKeptConnection()
    {
        var first = _factory.CreateDbContext();
        var second = _factory.CreateDbContext();
        var connections = new[] { first.Database.GetDbConnection(), second.Database.GetDbConnection() };
        await first.DisposeAsync();
        await second.DisposeAsync();

        await _factory.DisposeAsync();

        Assert.All(connections, c => Assert.Equal(ConnectionState.Closed, c.State));
        Assert.Throws<ObjectDisposedException>(() => _factory.CreateDbContext());
    }
}
