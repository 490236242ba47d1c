using DeviceConsole.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace DeviceConsole.Tests.Support;

/// <summary>The real app over its own temporary SQLite file, seeded with the demo fleet.</summary>
public class ConsoleFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dc-web-" + Guid.NewGuid().ToString("N"));

    public string DatabaseFile => Path.Combine(_folder, "console.db");
    public string MailFolder => Path.Combine(_folder, "mail");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Read before Build(), so it must be a host setting rather than a configuration override.
        builder.UseSetting($"ConnectionStrings:{DatabaseSetup.ConnectionStringName}", $"Data Source={DatabaseFile}");
        builder.UseSetting("Seed:Demo", "true");
        builder.UseSetting("Seed:DemoPassword", ServiceHarness.DemoPassword);
        builder.UseSetting("Mail:PickupFolder", MailFolder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
