using DeviceConsole.Hosting;
using Microsoft.Extensions.Options;
using DeviceConsole.Data;
using DeviceConsole.Data.Postgres;
using DeviceConsole.Services.Common;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DeviceConsole.Tests.Support;

/// <summary>
/// The app's real services over a real database of the provider under test (<see cref="TestProvider"/>):
/// on SQLite an in-memory one kept open for the test, or a temporary file when a test needs two
/// connections (A3 concurrency tests); on PostgreSQL a database of its own, cloned from a template.
/// </summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    public const string DemoPassword = "Demo-Pass-2026";

    private readonly SqliteConnection? _keepAlive;
    private readonly string? _file;
    private readonly bool _ownsPostgresDatabase;
    private readonly Dictionary<string, string?>? _settings;
    private readonly ServiceProvider _root;
    private readonly AsyncServiceScope _scope;

    private ServiceHarness(string connectionString, SqliteConnection? keepAlive, string? file, Dictionary<string, string?>? settings,
        bool ownsPostgresDatabase = false)
    {
        _keepAlive = keepAlive;
        _file = file;
        _ownsPostgresDatabase = ownsPostgresDatabase;
        _settings = settings;
        ConnectionString = connectionString;
        var services = new ServiceCollection();
        AddAppServices(services, settings);
        _root = services.BuildServiceProvider();
        _scope = _root.CreateAsyncScope();
    }

    public string ConnectionString { get; }

    /// <summary>
    /// Registers the app's services over this harness's database, acting account and clock into
    /// any container (the harness's own, or bUnit's for component tests).
    /// </summary>
    public void AddAppServices(IServiceCollection services, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Mail:PickupFolder"] = MailFolder })
            .AddInMemoryCollection(settings ?? _settings ?? [])
            .Build();
        services.AddLogging(b => b.AddProvider(Logs));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(new DatabaseInfo(TestProvider.Current));
        // Pooled, as the console registers it (DatabaseSetup), with the scoped context Identity uses.
        if (TestProvider.IsPostgres)
            services.AddPostgresData(ConnectionString, Faults);
        else
            services.AddSqliteData(ConnectionString, Faults);
        services.AddDeviceConsoleIdentity(configuration);
        services.AddDeviceConsoleServices(configuration, Path.GetTempPath());
        // Password hashing is not under test here; one iteration keeps seeding fast.
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1);
        services.AddSingleton(Auth);
        services.AddSingleton<AuthenticationStateProvider>(Auth);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(new PublicOrigin(Options.Create(new AppOptions { PublicOrigin = PublicBaseUrl })));
    }

    /// <summary>Where links in the harness's messages point.</summary>
    public const string PublicBaseUrl = "https://console.test/";

    public TestAuthenticationStateProvider Auth { get; } = new();
    /// <summary>Fails the n-th database step when armed (the fault matrix); idle otherwise.</summary>
    public StorageFaults Faults { get; } = new();
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    public CapturingLoggerProvider Logs { get; } = new();
    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), "dc-mail-" + Guid.NewGuid().ToString("N"));
    public IServiceProvider Services => _scope.ServiceProvider;

    /// <summary>A migrated, demo-seeded in-memory database.</summary>
    public static async Task<ServiceHarness> CreateAsync(bool seed = true, Dictionary<string, string?>? settings = null)
    {
        if (TestProvider.IsPostgres)
            return await CreatePostgresAsync(seed, settings);
        var name = "dc-" + Guid.NewGuid().ToString("N");
        var connectionString = $"Data Source={name};Mode=Memory;Cache=Shared";
        var keepAlive = new SqliteConnection(connectionString);
        await keepAlive.OpenAsync();
        return await InitializeAsync(new ServiceHarness(connectionString, keepAlive, null, settings), seed);
    }

    /// <summary>A migrated, demo-seeded temporary file, for tests that open two connections.</summary>
    public static async Task<ServiceHarness> CreateFileAsync(bool seed = true, Dictionary<string, string?>? settings = null)
    {
        if (TestProvider.IsPostgres)
            return await CreatePostgresAsync(seed, settings);
        var file = Path.Combine(Path.GetTempPath(), $"dc-{Guid.NewGuid():N}.db");
        return await InitializeAsync(new ServiceHarness($"Data Source={file};Default Timeout=10", null, file, settings), seed);
    }

    /// <summary>A PostgreSQL database of this test's own, already migrated (and seeded) by its template.</summary>
    private static async Task<ServiceHarness> CreatePostgresAsync(bool seed, Dictionary<string, string?>? settings)
    {
        var connectionString = await PostgresTestServer.CreateDatabaseAsync(seed, BuildTemplateAsync);
        return new ServiceHarness(connectionString, null, null, settings, ownsPostgresDatabase: true);
    }

    /// <summary>A seeded PostgreSQL database for a web host, cloned from the same template.</summary>
    public static Task<string> CreatePostgresDatabaseAsync() => PostgresTestServer.CreateDatabaseAsync(seed: true, BuildTemplateAsync);

    private static async Task BuildTemplateAsync(string connectionString, bool seed)
    {
        await using var template = new ServiceHarness(connectionString, null, null, null);
        await InitializeAsync(template, seed);
    }

    private static async Task<ServiceHarness> InitializeAsync(ServiceHarness harness, bool seed)
    {
        await using (var db = harness.NewDbContext())
            await db.Database.MigrateAsync();
        if (seed)
            await harness.Get<DemoSeeder>().SeedAsync(DemoPassword);
        return harness;
    }

    /// <summary>
    /// Another client of the same database file, with its own services and its own acting
    /// account: the second party of an A3 concurrency test.
    /// </summary>
    public ServiceHarness SecondClient()
    {
        if (_file is null && !_ownsPostgresDatabase) throw new InvalidOperationException("Two clients need a file database: use CreateFileAsync.");
        return new ServiceHarness(ConnectionString, null, null, null);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A second, independent scope: another circuit with its own scoped services.</summary>
    public AsyncServiceScope NewScope() => _root.CreateAsyncScope();

    public AppDbContext NewDbContext() => _root.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>Makes the account with this email the acting account.</summary>
    public async Task<string> ActAsync(string email)
    {
        var id = await AccountIdAsync(email);
        Auth.SignIn(id, email);
        return id;
    }

    public async Task<string> AccountIdAsync(string email)
    {
        await using var db = NewDbContext();
        return await db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
    }

    public async Task<int> OrganizationIdAsync(string name)
    {
        await using var db = NewDbContext();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public async Task<int> DeviceIdAsync(string serial)
    {
        await using var db = NewDbContext();
        return await db.Devices.Where(d => d.SerialNumber == serial).Select(d => d.Id).SingleAsync();
    }

    /// <summary>Gives an account a direct membership, outside any service: test set-up only.</summary>
    public async Task AddMembershipAsync(string email, string organization, Domain.Role role)
    {
        var accountId = await AccountIdAsync(email);
        var organizationId = await OrganizationIdAsync(organization);
        await using var db = NewDbContext();
        db.Memberships.Add(Domain.Membership.Create(accountId, organizationId, role, Clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
    }

    /// <summary>Creates a confirmed account with no membership.</summary>
    public async Task<string> CreateAccountAsync(string email)
    {
        var users = Get<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, DemoPassword);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        return user.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _root.DisposeAsync();
        if (_keepAlive is not null)
            await _keepAlive.DisposeAsync();
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(_file + suffix);
        }
        if (_ownsPostgresDatabase)
            await PostgresTestServer.DropDatabaseAsync(ConnectionString);
        if (Directory.Exists(MailFolder))
            Directory.Delete(MailFolder, recursive: true);
    }
}
