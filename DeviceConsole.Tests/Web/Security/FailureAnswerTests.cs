using System.Net;
using DeviceConsole.Tests.Support;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 10: no 500 for bad input from outside, and /health tells when the database cannot take a write.</summary>
public sealed class FailureAnswerTests : IAsyncLifetime
{
    private readonly ConsoleFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://localhost:99999/x")]
    public async Task SignInWithAForeignReturnUrl_LandsHome_WithoutAnError(string returnUrl)
    {
        var client = _factory.Client();
        var path = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var response = await client.PostFormAsync(path, "login", new()
        {
            ["Input.Email"] = "admin@acme.example", ["Input.Password"] = ServiceHarness.DemoPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.DoesNotContain("evil", location);
        Assert.DoesNotContain("javascript", location);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("\\\\evil.example")]
    public async Task SignOutWithAForeignReturnUrl_LandsHome(string returnUrl)
    {
        var client = _factory.Client();
        await client.SignInOrFailAsync("admin@acme.example");
        var response = await client.PostAsync("/Account/Logout", await client.GetStringAsync("/Account/Manage"), new() { ["ReturnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/", location);
        Assert.False(location.StartsWith("//") || location.Contains('\\'), location);
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Logout")]
    [InlineData("/Account/ForgotPassword")]
    public async Task APostWithoutAntiforgeryToken_IsABadRequest_NotAServerError(string path)
    {
        var response = await _factory.Client().PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = "admin@acme.example", ["Input.Password"] = "x", ["ReturnUrl"] = "",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Health_Answers503_WhileTheDatabaseCannotTakeAWrite_AndReads()
    {
        var client = _factory.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        // Another writer holds the lock (SQLite's database lock; on PostgreSQL the probe row's):
        // reads still work, the probe's write waits and times out.
        await using (var blocker = await HoldProbeRowAsync())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    /// <summary>A transaction that has written the probe row and stays open until disposed (then rolls back).</summary>
    private async Task<DbConnection> HoldProbeRowAsync()
    {
        DbConnection blocker = TestProvider.IsPostgres
            ? new NpgsqlConnection(_factory.PostgresConnectionString)
            : new SqliteConnection($"Data Source={_factory.DatabaseFile}");
        await blocker.OpenAsync();
        var tx = await blocker.BeginTransactionAsync();
        await using var write = blocker.CreateCommand();
        write.Transaction = tx;
        write.CommandText = TestProvider.IsPostgres
            ? "UPDATE \"HealthProbes\" SET \"CheckedAt\" = \"CheckedAt\""
            : "UPDATE HealthProbes SET CheckedAt = CheckedAt";
        await write.ExecuteNonQueryAsync();
        return blocker;
    }
}
