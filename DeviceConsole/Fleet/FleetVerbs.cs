using DeviceConsole.Fleet.Benchmarks;
using DeviceConsole.Fleet.Seeding;

namespace DeviceConsole.Fleet;

/// <summary>
/// The console's command-line verbs for fleet scale, dispatched before the web host starts:
/// <c>seed-large</c> builds the large data set, <c>benchmark</c> measures the services on it.
/// </summary>
public static class FleetVerbs
{
    /// <returns>The exit code when <paramref name="args"/> name a verb; null to start the web console.</returns>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0) return null;
        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "seed-large" => await SeedLargeCommand.RunAsync(rest),
                "benchmark" => await BenchmarkCommand.RunAsync(rest),
                _ => null,
            };
        }
        catch (FleetCommandException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}

/// <summary>A verb refused its input or its database; the message is for the operator.</summary>
public sealed class FleetCommandException(string message) : Exception(message);
