using DeviceConsole.Data;
using Npgsql;

namespace DeviceConsole.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use (<c>DEVICECONSOLE_TEST_POSTGRES</c>, a connection string of a
/// role that may create databases). Each test gets its own database, cloned from a template that
/// is migrated and seeded once per test run: a clone takes a fraction of a second, a migration
/// and seed several. Without a server the tests skip locally and fail when <c>CI</c> is set.
/// </summary>
public static class PostgresTestServer
{
    public const string Variable = "DEVICECONSOLE_TEST_POSTGRES";
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=deviceconsole;Password=deviceconsole";

    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static readonly Dictionary<bool, string> Templates = [];
    private static string? _unavailable;

    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : DefaultServer;

    static PostgresTestServer() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplates();

    /// <summary>A fresh database for one test: migrated, and seeded with the demo fleet when asked.</summary>
    public static async Task<string> CreateDatabaseAsync(bool seed, Func<string, bool, Task> buildTemplate)
    {
        var template = await TemplateAsync(seed, buildTemplate);
        var name = $"dc_{RunId}_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return ConnectionStringFor(name);
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        // The console's pool is keyed by the connection string it uses, with its settings added.
        foreach (var used in new[] { connectionString, DeviceConsole.Data.Postgres.PostgresSetup.Tuned(connectionString) })
            await using (var connection = new NpgsqlConnection(used))
                NpgsqlConnection.ClearPool(connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A plain DROP also stops autovacuum on the database; FORCE may not end the server's own sessions.
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\"");
                return;
            }
            catch (PostgresException e) when (e.SqlState == "55006" && attempt < 5)
            {
                // A session of this test's own is still open (a second instance, a lock holder): end it.
                await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND usename = current_user");
            }
        }
    }

    /// <summary>Runs SQL on the server's maintenance database (creating, dropping, closing databases).</summary>
    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // A small pool per test database: tests run in parallel, and the server's 100 connection slots are shared by all of them.
    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, MaxPoolSize = 10 }.ConnectionString;

    private static async Task<string> TemplateAsync(bool seed, Func<string, bool, Task> buildTemplate)
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (Templates.TryGetValue(seed, out var existing))
                return existing;
            await EnsureReachableAsync();
            var name = $"dc_{RunId}_template_{(seed ? "seeded" : "empty")}";
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\"");
            await ExecuteAsync($"CREATE DATABASE \"{name}\"");
            await buildTemplate(ConnectionStringFor(name), seed);
            // A template must have no open connection while it is cloned.
            NpgsqlConnection.ClearAllPools();
            Templates[seed] = name;
            return name;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static async Task EnsureReachableAsync()
    {
        if (_unavailable is null)
        {
            try
            {
                await ExecuteAsync("SELECT 1");
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                _unavailable = e.Message;
            }
        }
        Unavailable(_unavailable);
    }

    private static void Unavailable(string reason)
    {
        var message = $"PostgreSQL is not reachable ({reason}); set {Variable} to a server's connection string, or run with {TestProvider.Variable} unset for SQLite.";
        // In CI a missing PostgreSQL fails the run, never skips it.
        if (Environment.GetEnvironmentVariable("CI") is not null)
            throw new InvalidOperationException(message);
        Assert.Skip(message);
    }

    private static void DropTemplates()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var template in Templates.Values)
        {
            try
            {
                ExecuteAsync($"DROP DATABASE IF EXISTS \"{template}\"").GetAwaiter().GetResult();
            }
            catch (NpgsqlException)
            {
                // The server went away first; the next run's templates have their own names.
            }
        }
    }
}
