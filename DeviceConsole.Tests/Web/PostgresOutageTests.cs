using System.Net;
using DeviceConsole.Tests.Support;
using Npgsql;

namespace DeviceConsole.Tests.Web;

/// <summary>The console on PostgreSQL while its database stops answering, and after it returns.</summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private readonly ConsoleFactory _factory = new();

    public ValueTask InitializeAsync()
    {
        Assert.SkipUnless(TestProvider.IsPostgres, "PostgreSQL only: runs on the PostgreSQL test axis.");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Health_Answers503_WhileTheDatabaseRefusesConnections_And200OnceItIsBack()
    {
        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var database = new NpgsqlConnectionStringBuilder(_factory.PostgresConnectionString).Database;

        await PostgresTestServer.ExecuteAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        await PostgresTestServer.ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND usename = current_user");
        var during = await client.GetAsync("/health");
        await PostgresTestServer.ExecuteAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        var after = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("Unhealthy", await during.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
