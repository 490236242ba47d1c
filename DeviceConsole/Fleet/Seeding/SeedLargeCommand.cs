using System.Diagnostics;
using DeviceConsole.Data;
using DeviceConsole.Data.Statistics;
using DeviceConsole.Services.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Fleet.Seeding;

/// <summary>
/// <c>seed-large [--devices 100000] [--database file.db]</c>: the large fleet of <see cref="FleetPlan"/>
/// into an empty database, then fresh planner statistics; prints the accounts to sign in with.
/// </summary>
public static class SeedLargeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new VerbArguments(args, "devices", "database");
        var deviceCount = arguments.Number("devices", 100_000, 100, 1_000_000);
        await using var host = VerbHost.Create(arguments.Rest, arguments.Text("database"));
        var password = host.Services.GetRequiredService<IOptions<SeedOptions>>().Value.DemoPassword;
        if (string.IsNullOrWhiteSpace(password))
            throw new FleetCommandException("Seed:DemoPassword is empty: set the password the seeded accounts sign in with.");

        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Seeding {deviceCount:N0} devices into {host.DatabaseLabel}");
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            if (await db.Organizations.AnyAsync() || await db.Users.AnyAsync())
                throw new FleetCommandException("The database is not empty: seed-large writes only into an empty database. Name a new file with --database.");
        }

        // Two audit entries per device, as in a fleet that has run for a while (200,000 for 100,000 devices).
        var plan = FleetPlan.Create(deviceCount, auditEntryCount: 2 * deviceCount);
        // One hash for every seeded account: hashing 10,000 passwords would take minutes.
        var hash = host.Services.GetRequiredService<IPasswordHasher<ApplicationUser>>().HashPassword(new ApplicationUser(), password);
        var progress = new TerminalProgress();
        if (host.Provider == DatabaseProvider.Postgres)
            await SeedPostgresAsync(host, plan, hash, progress);
        else
            await SeedSqliteAsync(host.ConnectionString, plan, hash, progress);
        progress.Done();

        Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s: {plan.Organizations.Count:N0} organizations, {plan.Accounts.Count:N0} accounts, "
            + $"{plan.Memberships.Count:N0} memberships, {plan.Devices.Count:N0} devices, "
            + $"{plan.Organizations.Count + plan.Memberships.Count + plan.Devices.Count + plan.Edits.Count:N0} audit entries.");
        Console.WriteLine($"Sign in with the password {password}:");
        foreach (var (email, organization) in plan.SignInAccounts)
            Console.WriteLine($"    {email,-32} Admin of {organization.Name} (level {organization.Level})");
        return 0;
    }

    private static async Task SeedSqliteAsync(string connectionString, FleetPlan plan, string hash, TerminalProgress progress)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await new FleetWriter(plan, hash, progress).WriteAsync(connection, CancellationToken.None);
        progress.Report(("statistics", 0));
        await SqliteStatistics.RefreshAsync(connection, CancellationToken.None);
        progress.Report(("statistics", 1));
    }

    private static async Task SeedPostgresAsync(VerbHost host, FleetPlan plan, string hash, TerminalProgress progress)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await PostgresFleetCopy.SeedAsync(plan, hash, progress, host.ConnectionString,
            db.GetService<IDesignTimeModel>().Model.GetRelationalModel(), CancellationToken.None);
    }
}
