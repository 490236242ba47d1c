using DeviceConsole.Data;
using DeviceConsole.Services.Accounts.SignIn;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DeviceConsole.Tests.Support;

/// <summary>
/// The real app over its own temporary database, seeded with the demo fleet: a SQLite file, or
/// on the PostgreSQL axis a database cloned from the seeded template (or one given, shared by
/// several instances).
/// </summary>
public class ConsoleFactory(Dictionary<string, string?>? settings = null, string environment = "Development", string? folder = null,
    bool productionHashing = false, string? postgresConnectionString = null)
    : WebApplicationFactory<Program>
{
    private readonly string _folder = folder ?? Path.Combine(Path.GetTempPath(), "dc-web-" + Guid.NewGuid().ToString("N"));
    private string? _postgres = postgresConnectionString;
    private readonly bool _ownsPostgres = postgresConnectionString is null && TestProvider.IsPostgres;

    /// <summary>The PostgreSQL database this instance uses, on the PostgreSQL axis.</summary>
    public string PostgresConnectionString => _postgres ??= ServiceHarness.CreatePostgresDatabaseAsync().GetAwaiter().GetResult();

    public string DatabaseFile => Path.Combine(_folder, "console.db");
    public string MailFolder => Path.Combine(_folder, "mail");
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        // Read before Build(), so it must be a host setting rather than a configuration override.
        if (_ownsPostgres || _postgres is not null)
        {
            builder.UseSetting(DatabaseSettings.ProviderKey, nameof(DatabaseProvider.Postgres));
            builder.UseSetting(DatabaseSetup.ConnectionStringKey, PostgresConnectionString);
        }
        else
            builder.UseSetting(DatabaseSetup.ConnectionStringKey, $"Data Source={DatabaseFile}");
        builder.UseSetting("Seed:Demo", "true");
        builder.UseSetting("Seed:DemoPassword", ServiceHarness.DemoPassword);
        builder.UseSetting("Mail:PickupFolder", MailFolder);
        // Test classes sign in many times from one address; the rate-limit tests set their own limits.
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "1000");
        builder.UseSetting("RateLimits:InvitationLink:PermitLimit", "1000");
        foreach (var (key, value) in settings ?? [])
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        // Seeding hashes six passwords per app, and every sign-in would wait for the account forms'
        // pace (M3); tests of the hashing and of the timing itself ask for the production cost.
        if (!productionHashing)
        {
            builder.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
            builder.ConfigureTestServices(s => s.Configure<AnswerPacingOptions>(o => o.MinimumMilliseconds = o.MaximumMilliseconds = 0));
        }
    }

    /// <summary>Messages the console has written so far; account messages leave after the answer, so this waits for them.</summary>
    public async Task<string[]> MailsAsync(int atLeast = 1)
    {
        for (var i = 0; i < 100; i++)
        {
            var files = Directory.Exists(MailFolder) ? Directory.GetFiles(MailFolder, "*.eml").Order().ToArray() : [];
            if (files.Length >= atLeast)
                return files.Select(File.ReadAllText).ToArray();
            await Task.Delay(100);
        }
        return Directory.Exists(MailFolder) ? Directory.GetFiles(MailFolder, "*.eml").Order().Select(File.ReadAllText).ToArray() : [];
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsPostgres && _postgres is not null)
            await PostgresTestServer.DropDatabaseAsync(_postgres);
        if (folder is null && Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
