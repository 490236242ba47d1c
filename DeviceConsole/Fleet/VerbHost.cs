using System.Security.Claims;
using DeviceConsole.Data;
using DeviceConsole.Services.Common;
using Microsoft.AspNetCore.Components.Authorization;

namespace DeviceConsole.Fleet;

/// <summary>
/// The console's services outside the web host, for a command-line verb: the same configuration
/// (operator file, environment, command line) and registrations as the web console, with the
/// acting account given by the verb through <see cref="FixedAuthenticationState"/>.
/// </summary>
public sealed class VerbHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private VerbHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;
    public IConfiguration Configuration => _app.Configuration;
    public string ConnectionString { get; private init; } = "";

    public static VerbHost Create(string[] configurationArgs, string? databaseFile, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(configurationArgs);
        builder.Configuration.AddOperatorSettings();
        if (databaseFile is not null)
            builder.Configuration[$"ConnectionStrings:{DatabaseSetup.ConnectionStringName}"] = $"Data Source={databaseFile}";
        // A verb reports on the terminal itself; failures surface as exceptions.
        builder.Logging.ClearProviders();
        // Circuit-only services (JS interop) are registered but never resolved outside the web host.
        builder.Host.UseDefaultServiceProvider(o => o.ValidateOnBuild = false);
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddDeviceConsoleData(builder.Configuration, contentRoot);
        builder.Services.AddDeviceConsoleIdentity(builder.Configuration);
        builder.Services.AddDeviceConsoleServices(builder.Configuration, contentRoot);
        builder.Services.AddSingleton<FixedAuthenticationState>();
        // Registered last, so it replaces the circuit's provider for this process.
        builder.Services.AddScoped<AuthenticationStateProvider>(sp => sp.GetRequiredService<FixedAuthenticationState>());
        configure?.Invoke(builder.Services);
        var provider = DatabaseSettings.ProviderFrom(builder.Configuration);
        if (provider == DatabaseProvider.Postgres && databaseFile is not null)
            throw new FleetCommandException("--database names a SQLite file; on PostgreSQL set ConnectionStrings:DeviceConsole instead.");
        var configured = builder.Configuration.GetConnectionString(DatabaseSetup.ConnectionStringName)!;
        var connectionString = provider == DatabaseProvider.Postgres
            ? configured
            : DatabaseSetup.ResolveConnectionString(configured, contentRoot);
        return new VerbHost(builder.Build()) { ConnectionString = connectionString, Provider = provider };
    }

    public DatabaseProvider Provider { get; private init; }

    /// <summary>Where the verb writes or reads, for its first line: the SQLite file, or the PostgreSQL host and database.</summary>
    public string DatabaseLabel
    {
        get
        {
            if (Provider != DatabaseProvider.Postgres)
                return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
            var postgres = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            return $"PostgreSQL {postgres.Host}:{postgres.Port}/{postgres.Database}";
        }
    }

    /// <summary>An open connection of the provider's own, outside EF Core (the benchmark's floor).</summary>
    public async Task<System.Data.Common.DbConnection> OpenConnectionAsync()
    {
        System.Data.Common.DbConnection connection = Provider == DatabaseProvider.Postgres
            ? new Npgsql.NpgsqlConnection(ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public FixedAuthenticationState Acting => Services.GetRequiredService<FixedAuthenticationState>();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>The acting account of a verb: whoever the verb signs in, for every service call that follows.</summary>
public sealed class FixedAuthenticationState : AuthenticationStateProvider
{
    private AuthenticationState _state = new(new ClaimsPrincipal(new ClaimsIdentity()));

    public void SignIn(string accountId, string email) => _state = new AuthenticationState(new ClaimsPrincipal(
        new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, accountId), new Claim(ClaimTypes.Name, email)], "Verb")));

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(_state);
}
