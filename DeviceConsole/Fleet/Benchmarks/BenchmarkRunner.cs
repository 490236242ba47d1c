using System.Diagnostics;

namespace DeviceConsole.Fleet.Benchmarks;

/// <summary>
/// One operation of the console beside its floor: each returns a fingerprint of its result (row
/// IDs, counts), which must be equal, so the comparison is between two ways to the same answer.
/// </summary>
public sealed record BenchmarkCase(string Name, Func<Task<string>> Console, Func<Task<string>> Floor, int Iterations = 15,
    Func<Task>? BeforeEach = null);

public sealed record Measurement(double MedianMs, double P95Ms, double Commands, double AllocatedBytes);

public sealed record BenchmarkResult(string Name, Measurement Console, Measurement Floor, string? Mismatch)
{
    public double Ratio => Floor.MedianMs <= 0 ? double.NaN : Console.MedianMs / Floor.MedianMs;
}

/// <summary>
/// Runs console and floor interleaved (alternating which goes first), so both see the same machine
/// noise; reports median, p95, SQL commands and allocated bytes per call.
/// </summary>
public sealed class BenchmarkRunner(CommandCounter consoleCommands, Func<long> floorCommands)
{
    public async Task<BenchmarkResult> RunAsync(BenchmarkCase benchmark)
    {
        if (benchmark.BeforeEach is not null) await benchmark.BeforeEach();
        var consoleAnswer = await benchmark.Console();
        if (benchmark.BeforeEach is not null) await benchmark.BeforeEach();
        var floorAnswer = await benchmark.Floor();
        var mismatch = consoleAnswer == floorAnswer ? null : $"console {Short(consoleAnswer)} <> floor {Short(floorAnswer)}";
        // Warm-up: the JIT optimizes a method only after 30 calls and a short delay (tiered compilation),
        // and the steady state is what an admin clicking through pages meets; measured before that, a
        // call of microseconds runs unoptimized code. A slow case (a preview, a move, an export) warms up
        // for a few seconds: measured after one call, a move's planning ran its C# unoptimized on the
        // console's side while the floor's side has almost none.
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < 1 || (i < WarmUpCallsAtMost && (benchmark.Iterations >= 10
                 ? i < WarmUpCalls || warming.Elapsed < WarmUpTime
                 : i < WarmUpCalls && warming.Elapsed < SlowWarmUpTime)); i++)
        {
            if (benchmark.BeforeEach is not null) await benchmark.BeforeEach();
            await benchmark.Console();
            if (benchmark.BeforeEach is not null) await benchmark.BeforeEach();
            await benchmark.Floor();
        }

        var console = new List<Sample>();
        var floor = new List<Sample>();
        for (var i = 0; i < benchmark.Iterations; i++)
        {
            if (i % 2 == 0)
            {
                console.Add(await MeasureAsync(benchmark, benchmark.Console, () => consoleCommands.Count));
                floor.Add(await MeasureAsync(benchmark, benchmark.Floor, floorCommands));
            }
            else
            {
                floor.Add(await MeasureAsync(benchmark, benchmark.Floor, floorCommands));
                console.Add(await MeasureAsync(benchmark, benchmark.Console, () => consoleCommands.Count));
            }
        }
        return new BenchmarkResult(benchmark.Name, Summarize(console), Summarize(floor), mismatch);
    }

    /// <summary>
    /// A young process runs unoptimized code for everything its cases share (EF Core's pipeline, the
    /// services, the driver), and tiered compilation waits while new methods keep arriving: rounds
    /// over the fast reads, both sides, before the first case is measured. In a run of only the fixed
    /// cost and the actor's view they took the root Admin's view from 65–89 µs to 12 µs; in a full run
    /// that case, measured second, still read 56–66 µs after three seconds of rounds, and 13 µs (1.5×, as the
    /// other Admins' views) after eight.
    /// </summary>
    public static async Task SettleAsync(IEnumerable<BenchmarkCase> cases)
    {
        var fast = cases.Where(c => c.Iterations >= 10 && c.BeforeEach is null).ToList();
        var settling = Stopwatch.StartNew();
        while (fast.Count > 0 && settling.Elapsed < SettleTime)
            foreach (var benchmark in fast)
            {
                await benchmark.Console();
                await benchmark.Floor();
            }
    }

    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(8);

    private const int WarmUpCalls = 40;
    // A bound on the calls, not the time: 600 ms of a call of microseconds is thousands of calls.
    private const int WarmUpCallsAtMost = 20_000;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromMilliseconds(600);
    private static readonly TimeSpan SlowWarmUpTime = TimeSpan.FromSeconds(3);

    private sealed record Sample(double Ms, long Commands, long Bytes);

    private static async Task<Sample> MeasureAsync(BenchmarkCase benchmark, Func<Task<string>> operation, Func<long> commands)
    {
        if (benchmark.BeforeEach is not null) await benchmark.BeforeEach();
        var commandsBefore = commands();
        var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        await operation();
        watch.Stop();
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
        return new Sample(watch.Elapsed.TotalMilliseconds, commands() - commandsBefore, bytes);
    }

    private static Measurement Summarize(List<Sample> samples)
    {
        var times = samples.Select(s => s.Ms).Order().ToList();
        return new Measurement(Percentile(times, 0.5), Percentile(times, 0.95),
            samples.Average(s => s.Commands), samples.Select(s => (double)s.Bytes).Order().ElementAt(samples.Count / 2));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Short(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
