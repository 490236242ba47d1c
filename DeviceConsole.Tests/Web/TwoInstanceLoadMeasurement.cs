using System.Diagnostics;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Web;

/// <summary>
/// Two console instances on one PostgreSQL database, 20 writers (10 per customer tree, alternating
/// instances) editing devices for 30 s; prints writes per second, p50, p99 and errors for the
/// README. On demand only, and it asserts nothing about time:
/// <c>DEVICECONSOLE_TEST_PROVIDER=Postgres dotnet test --project DeviceConsole.Tests --filter-class "*TwoInstanceLoadMeasurement" --explicit only</c>.
/// </summary>
public sealed class TwoInstanceLoadMeasurement(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    [Fact(Explicit = true)]
    public async Task TwentyWritersAcrossTwoTrees_OnTwoInstances()
    {
        Assert.SkipUnless(TestProvider.IsPostgres, "PostgreSQL only: several instances need a shared server.");
        var database = await ServiceHarness.CreatePostgresDatabaseAsync();
        await using var first = new ConsoleFactory(postgresConnectionString: database);
        await using var second = new ConsoleFactory(postgresConnectionString: database);
        ConsoleFactory[] instances = [first, second];
        (string Email, string Organization)[] trees = [("admin@acme.example", "Client A"), ("globex.admin@globex.example", "Globex")];

        var writers = Enumerable.Range(0, 20).Select(i => WriteForAsync(instances[i % 2], trees[i / 10], i)).ToList();
        var results = await Task.WhenAll(writers);

        var latencies = results.SelectMany(r => r.Latencies).Order().ToList();
        var errors = results.Sum(r => r.Errors);
        string Percentile(double p) => $"{latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)]:F1} ms";
        output.WriteLine($"{Environment.ProcessorCount} cores; 2 instances, 20 writers, 2 trees, {Duration.TotalSeconds:F0} s");
        output.WriteLine($"writes: {latencies.Count}, {latencies.Count / Duration.TotalSeconds:F1}/s; p50 {Percentile(0.50)}, p99 {Percentile(0.99)}; errors: {errors}");
        await PostgresTestServer.DropDatabaseAsync(database);
        Assert.Equal(0, errors);
    }

    private static async Task<(List<double> Latencies, int Errors)> WriteForAsync(ConsoleFactory instance, (string Email, string Organization) tree, int writer)
    {
        await using var circuit = await ConsoleCircuit.OpenAsync(instance, tree.Email);
        var commands = circuit.ServiceProvider.GetRequiredService<DeviceCommands>();
        var queries = circuit.ServiceProvider.GetRequiredService<DeviceQueries>();
        var organizationId = await OrganizationIdAsync(instance, tree.Organization);
        var serial = $"LOAD-{writer:00}";
        var deviceId = (await commands.CreateAsync(organizationId, new DeviceDraft($"Load {writer}", serial, DeviceStatus.Online))).DeviceId;
        var latencies = new List<double>();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        for (var n = 0; clock.Elapsed < Duration; n++)
        {
            var version = (await queries.GetAsync(deviceId)).Version;
            var started = Stopwatch.GetTimestamp();
            try
            {
                await commands.EditAsync(new DeviceToken(deviceId, version), new DeviceDraft($"Load {writer} #{n}", serial, DeviceStatus.Online));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (DomainException)
            {
                errors++;
            }
        }
        return (latencies, errors);
    }

    private static async Task<int> OrganizationIdAsync(ConsoleFactory instance, string name)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }
}
