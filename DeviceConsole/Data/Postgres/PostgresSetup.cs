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
