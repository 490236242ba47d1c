using System.Diagnostics;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Web;

/// <summary>The console's own process, started with settings it cannot run with.</summary>
public sealed class StartupFailureTests
{
    private static async Task<(int ExitCode, string Error)> StartConsoleAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "DeviceConsole.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["Seed__Demo"] = "false";
        // Required outside Development, and checked before the database: set, so the database is what fails.
        start.Environment["App__PublicOrigin"] = "https://console.test";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await error).Trim());
    }

    [Fact]
    public async Task AnUnknownProvider_StopsStartUp_WithOneLineNamingTheKey()
    {
        Assert.SkipWhen(TestProvider.IsPostgres, "Provider-independent: runs once, on the SQLite axis.");

        var (exitCode, error) = await StartConsoleAsync(new() { ["Database__Provider"] = "Oracle" });

        Assert.Equal(1, exitCode);
        Assert.Equal("Database:Provider is 'Oracle', which is not a provider; use Sqlite or Postgres.", error);
    }

    [Fact]
    public async Task AnUnreachablePostgreSql_StopsStartUp_WithOneLineNamingTheKeyAndTheReason()
    {
        Assert.SkipWhen(TestProvider.IsPostgres, "Provider-independent: runs once, on the SQLite axis.");

        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var (exitCode, error) = await StartConsoleAsync(new()
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__DeviceConsole"] = "Host=127.0.0.1;Port=1;Database=fleet;Username=console;Password=secret",
        });

        Assert.Equal(1, exitCode);
        var last = error.Split('\n').Last();
        Assert.StartsWith("ConnectionStrings:DeviceConsole: PostgreSQL at 127.0.0.1:1 (database fleet) could not be used:", last);
        Assert.DoesNotContain("secret", error);
        Assert.DoesNotContain("   at ", error);
    }
}
