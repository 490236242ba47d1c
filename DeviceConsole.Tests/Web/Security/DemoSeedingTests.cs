using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 8 (S1): demo data is a Development thing, and its password is printed only there.</summary>
public sealed class DemoSeedingTests
{
    /// <summary>The app as the operator's file configures it: no Seed:Demo set anywhere.</summary>
    private sealed class PlainFactory(string environment, Dictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        private readonly string _file = Path.Combine(Path.GetTempPath(), $"dc-seed-{Guid.NewGuid():N}.db");
        public CapturingLoggerProvider Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting($"ConnectionStrings:{DatabaseSetup.ConnectionStringName}", $"Data Source={_file}");
            builder.UseSetting("App:PublicOrigin", "https://console.example.com");
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureLogging(l => l.AddProvider(Logs));
        }

        public async Task<int> OrganizationsAsync()
        {
            _ = Server;
            await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            return await db.Organizations.CountAsync();
        }

        public string Log => string.Join("\n", Logs.Entries.Select(e => e.Message));

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
                File.Delete(f);
        }
    }

    [Fact, Trait("Rule", "S1")]
    public async Task Production_WithoutAnExplicitSeedDemo_SeedsNothing()
    {
        await using var app = new PlainFactory("Production", []);
        Assert.Equal(0, await app.OrganizationsAsync());
        Assert.DoesNotContain(DemoSeeder.ShippedPassword, app.Log);
    }

    [Fact, Trait("Rule", "S1")]
    public async Task Production_WithSeedDemoSetThere_Seeds_WarnsAndNeverPrintsThePassword()
    {
        await using var app = new PlainFactory("Production", new() { ["Seed:Demo"] = "true", ["Seed:DemoPassword"] = "Operator-Chosen-Pass-77" });
        Assert.Equal(5, await app.OrganizationsAsync());
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Demo accounts can sign in"));
        Assert.DoesNotContain("Operator-Chosen-Pass-77", app.Log);
        Assert.DoesNotContain(DemoSeeder.ShippedPassword, app.Log);
    }

    [Fact, Trait("Rule", "S1")]
    public async Task Development_SeedsByDefault_AndPrintsOnlyTheShippedPassword()
    {
        await using (var app = new PlainFactory("Development", []))
        {
            Assert.Equal(5, await app.OrganizationsAsync());
            Assert.Contains($"the password {DemoSeeder.ShippedPassword}", app.Log);
        }
        await using (var app = new PlainFactory("Development", new() { ["Seed:DemoPassword"] = "Someone-Elses-Pass-88" }))
        {
            Assert.Equal(5, await app.OrganizationsAsync());
            Assert.DoesNotContain("Someone-Elses-Pass-88", app.Log);
        }
    }
}
