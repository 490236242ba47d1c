using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace DeviceConsole.Data.Postgres;

/// <summary>Registers the PostgreSQL provider behind the same <see cref="IDbContextFactory{AppDbContext}"/> services use.</summary>
public static class PostgresSetup
{
    /// <param name="interceptors">Further interceptors (the tests' fault injection).</param>
    public static IServiceCollection AddPostgresData(this IServiceCollection services, string connectionString, params IInterceptor[] interceptors)
    {
        connectionString = Tuned(connectionString);
        // Pooled, as on SQLite; the write lock's per-operation state lives on the context and is cleared when it goes back.
        services.AddPooledDbContextFactory<PostgresDbContext>(options => Configure(options, connectionString).AddInterceptors(interceptors));
        services.AddSingleton<IDbContextFactory<AppDbContext>, DerivedContextFactory>();
        // Identity's stores take a context per request scope; it comes from the same pool.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString)
    {
        options.UseNpgsql(connectionString).AddInterceptors(new WriteLockInterceptor(), new StorageFailureInterceptor());
        CaseInsensitiveLike.AddTo(options);
        return options;
    }

    public const int AutoPreparedStatements = 64;

    /// <summary>
    /// The operator's connection string with the console's two settings, each kept where the string names it:
    /// <list type="bullet">
    /// <item>Npgsql prepares a statement on the server once a connection has sent it twice (up to
    /// <see cref="AutoPreparedStatements"/> a connection), PostgreSQL's counterpart of the prepared
    /// reads SQLite's kept connections hold: the server then skips parsing and planning it. Measured
    /// on the benchmark fleet: the actor's view went from 2.5–3.2× its prepared floor to 1.6–2.6×, a
    /// mid-level Admin's device list from 3.4× to 1.2–1.4×. <c>Max Auto Prepare=0</c> turns it off, as
    /// a pooler in transaction mode needs.</item>
    /// <item><c>No Reset On Close</c>: a pooled connection is not reset (closed cursors, settings,
    /// session locks) when it goes back, which Npgsql otherwise does in front of the next command on
    /// every operation. The console keeps no session state: its settings are <c>SET LOCAL</c> and its
    /// write locks end with the transaction; the one session lock, an exclusive job's, is held on a
    /// connection outside the pool (<see cref="PostgresExclusiveJobs"/>). Measured on the benchmark
    /// fleet in one run each: the actor's view 2.0–3.0× → 1.0–1.6×, a device list's first page
    /// 1.3–1.4× → 1.1×.</item>
    /// </list>
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        static bool Names(System.Data.Common.DbConnectionStringBuilder b, string key) =>
            b.Keys.Cast<string>().Any(k => k.Replace(" ", "").Equals(key, StringComparison.OrdinalIgnoreCase));
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(given, "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
            if (!Names(given, "AutoPrepareMinUsages"))
                builder.AutoPrepareMinUsages = 2;
        }
        if (!Names(given, "NoResetOnClose"))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>Parses the connection string now, so a malformed one stops start-up naming the key.</summary>
    public static string ValidConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
                throw new StartupConfigurationException($"{DatabaseSetup.ConnectionStringKey} names no Host; PostgreSQL needs \"Host=...;Database=...;Username=...;Password=...\".");
            return builder.ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new StartupConfigurationException($"{DatabaseSetup.ConnectionStringKey} is not a PostgreSQL connection string: {e.Message}", e);
        }
    }

    /// <summary>The one line an operator reads when the server does not answer or refuses the console.</summary>
    public static string Unreachable(string? connectionString, NpgsqlException e)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var reason = (e.InnerException is { } inner && e is not PostgresException ? inner.Message : e.Message).ReplaceLineEndings(" ");
        return $"{DatabaseSetup.ConnectionStringKey}: PostgreSQL at {builder.Host}:{builder.Port} (database {builder.Database}) could not be used: {reason}";
    }

    private sealed class DerivedContextFactory(IDbContextFactory<PostgresDbContext> inner) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
