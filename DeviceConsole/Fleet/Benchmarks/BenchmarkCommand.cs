using System.Globalization;
using DeviceConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Fleet.Benchmarks;

/// <summary>
/// <c>benchmark [--database file.db] [--only text|text] [--skip-writes true] [--iterations n]</c>: every operation of the
/// fleet-scale table through the services, beside the hand-written SQL floor that returns the same
/// result, interleaved; prints a Markdown table with the ratio. Run it on a Release build. On
/// PostgreSQL (<c>Database:Provider</c>) the floor speaks PostgreSQL's SQL through Npgsql.
/// </summary>
public static class BenchmarkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new VerbArguments(args, "database", "only", "skip-writes", "iterations");
        var iterations = arguments.Number("iterations", 0, 1, 1000);
        var counter = new CommandCounter();
        await using var host = VerbHost.Create(arguments.Rest, arguments.Text("database"),
            services => services
                .ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(counter))
                .ConfigureDbContext<PostgresDbContext>(o => o.AddInterceptors(counter)));
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            if ((await db.Database.GetPendingMigrationsAsync()).Any())
                throw new FleetCommandException("The database is not up to date: start the console once, or run seed-large into a new file.");
        }

        await using var floor = new FloorDatabase(await host.OpenConnectionAsync());
        var actors = await BenchmarkActors.LoadAsync(floor, host.Acting);
        var reads = new ReadBenchmarks(host.Services, floor, actors);
        var cases = actors.All.SelectMany(reads.Cases).Append(reads.Export(actors.Root)).ToList();
        if (arguments.Text("skip-writes") is not "true")
            cases.AddRange(await new WriteBenchmarks(host.Services, floor, actors).CasesAsync());
        if (arguments.Text("only") is { } only)
            cases = cases.Where(c => only.Split('|').Any(o => c.Name.Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();
        if (iterations > 0)
            cases = cases.Select(c => c with { Iterations = iterations }).ToList();

#if DEBUG
        Console.WriteLine("Warning: a Debug build; measure with dotnet run -c Release.");
#endif
        Console.WriteLine($"Benchmark on {host.DatabaseLabel}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        Console.WriteLine("| operation | console median / p95 | SQL commands | allocated | floor median / p95 | floor allocated | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var runner = new BenchmarkRunner(counter, () => floor.Commands);
        await BenchmarkRunner.SettleAsync(cases);
        var mismatches = 0;
        foreach (var benchmark in cases)
        {
            var result = await runner.RunAsync(benchmark);
            Console.WriteLine($"| {result.Name} | {Time(result.Console.MedianMs)} / {Time(result.Console.P95Ms)} | {result.Console.Commands:0.#} | "
                + $"{Bytes(result.Console.AllocatedBytes)} | {Time(result.Floor.MedianMs)} / {Time(result.Floor.P95Ms)} | {Bytes(result.Floor.AllocatedBytes)} | "
                + $"{result.Ratio.ToString("0.0", CultureInfo.InvariantCulture)}× |");
            if (result.Mismatch is not null)
            {
                mismatches++;
                Console.WriteLine($"  DIFFERENT RESULTS: {result.Mismatch}");
            }
        }
        return mismatches == 0 ? 0 : 2;
    }

    private static string Time(double ms) => ms switch
    {
        < 1 => $"{ms * 1000:0} µs",
        < 100 => $"{ms:0.0} ms",
        < 10_000 => $"{ms:0} ms",
        _ => $"{ms / 1000:0.0} s",
    };

    private static string Bytes(double bytes) => bytes switch
    {
        < 1024 * 1024 => $"{bytes / 1024:0} KB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024 / 1024:0.0} MB",
        _ => $"{bytes / 1024 / 1024 / 1024:0.00} GB",
    };
}
