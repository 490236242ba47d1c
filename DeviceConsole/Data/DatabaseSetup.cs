using DeviceConsole.Services.Common;
using DeviceConsole.Data.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Data;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "DeviceConsole";

    /// <summary>
    /// One context per operation (circuits are long-lived and concurrent), on the provider that
    /// <c>Database:Provider</c> names. A relative SQLite path is anchored to the content root, so
    /// the database does not depend on the working directory.
    /// </summary>
    public static IServiceCollection AddDeviceConsoleData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = DatabaseSettings.ProviderFrom(configuration);
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
            throw new StartupConfigurationException($"{ConnectionStringKey} is not set; the {provider} provider needs a connection string.");
        services.AddSingleton(new DatabaseInfo(provider));
        services.AddHostedService<Statistics.StatisticsMaintenance>();
        if (provider == DatabaseProvider.Postgres)
            return services.AddPostgresData(PostgresSetup.ValidConnectionString(configured));

        string connectionString;
        try
        {
            connectionString = ResolveConnectionString(configured, contentRoot);
        }
        catch (ArgumentException e)
        {
            throw new StartupConfigurationException($"{ConnectionStringKey} is not a SQLite connection string ({e.Message}); for PostgreSQL set {DatabaseSettings.ProviderKey} to Postgres.", e);
        }
        return services.AddSqliteData(connectionString);
    }

    /// <summary>
    /// Pooled: a service call reuses a context, and the context its open connection, instead of
    /// building them (the fixed cost of every call; see <see cref="SqliteContextFactory"/>).
    /// </summary>
    /// <param name="interceptors">Further interceptors (the tests' fault injection).</param>
    public static IServiceCollection AddSqliteData(this IServiceCollection services, string connectionString, params IInterceptor[] interceptors)
    {
        services.AddPooledDbContextFactory<AppDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(interceptors));
        services.Replace(ServiceDescriptor.Singleton<IDbContextFactory<AppDbContext>>(sp =>
            new SqliteContextFactory(sp.GetRequiredService<DbContextOptions<AppDbContext>>(), connectionString)));
        // Identity's stores take a context per request scope; it comes from the same pool.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }

    public const string ConnectionStringKey = "ConnectionStrings:" + ConnectionStringName;

    public static string ResolveConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = builder.DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return builder.ToString();
        if (!Path.IsPathRooted(dataSource))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, dataSource));
        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        return builder.ToString();
    }

    /// <summary>Applies committed migrations, then seeds the demo fleet into an empty database.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("DeviceConsole.Startup");
        await using (var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await MigrateAsync(db);
        }

        // Demo data is a Development thing: elsewhere only an explicit Seed:Demo=true seeds it.
        var seed = services.GetRequiredService<IOptions<SeedOptions>>().Value;
        var demo = app.Configuration.GetValue<bool?>($"{SeedOptions.Section}:Demo") ?? app.Environment.IsDevelopment();
        if (!demo)
            return;
        if (string.IsNullOrWhiteSpace(seed.DemoPassword))
            throw new InvalidOperationException("Seed:Demo is true but Seed:DemoPassword is empty.");

        var seeder = services.GetRequiredService<DemoSeeder>();
        if (await seeder.SeedAsync(seed.DemoPassword))
            logger.LogInformation("Demo data created: Acme IoT (Client A, Client A Warehouse, Client B) and Globex.");
        else if (!await seeder.DemoAccountsExistAsync())
            return;

        if (!app.Environment.IsDevelopment())
            logger.LogWarning("Demo accounts can sign in with the configured demo password. Set Seed:Demo to false, or change Seed:DemoPassword, before real use.");

        // Only the shipped demo password is ever printed, and only in Development.
        var printable = app.Environment.IsDevelopment() && seed.DemoPassword == DemoSeeder.ShippedPassword;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var accounts = string.Join(Environment.NewLine, DemoSeeder.Accounts.Select(a => $"    {a.Email,-30} {a.Description}"));
            logger.LogInformation(
                "DeviceConsole is running at {Urls}{NewLine}Sign in with any demo account and {Password}:{NewLine}{Accounts}",
                string.Join(", ", app.Urls), Environment.NewLine,
                printable ? $"the password {seed.DemoPassword}" : "the configured demo password (Seed:DemoPassword)",
                Environment.NewLine, accounts);
        });
    }

    /// <summary>The configured provider's migrations; a server that cannot be reached stops start-up with one line.</summary>
    private static async Task MigrateAsync(AppDbContext db)
    {
        try
        {
            await db.Database.MigrateAsync();
        }
        catch (NpgsqlException e)
        {
            throw new StartupConfigurationException(PostgresSetup.Unreachable(db.Database.GetConnectionString(), e), e);
        }
    }
}
