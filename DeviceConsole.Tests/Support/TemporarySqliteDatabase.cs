using DeviceConsole.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Support;

/// <summary>A SQLite file of one test's own behind the console's kept-connection context factory, deleted afterwards.</summary>
public sealed class TemporarySqliteDatabase : IAsyncDisposable
{
    public TemporarySqliteDatabase()
    {
        ConnectionString = $"Data Source={File}";
        Factory = new SqliteContextFactory(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(ConnectionString).Options, ConnectionString);
    }

    public string File { get; } = Path.Combine(Path.GetTempPath(), $"dc-test-{Guid.NewGuid():N}.db");

    public string ConnectionString { get; }

    public SqliteContextFactory Factory { get; }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            System.IO.File.Delete(File + suffix);
    }
}
