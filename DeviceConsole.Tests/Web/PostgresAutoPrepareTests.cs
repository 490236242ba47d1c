using DeviceConsole.Data.Postgres;
using Npgsql;

namespace DeviceConsole.Tests.Web;

/// <summary>The console asks Npgsql to prepare repeated statements and not to reset pooled connections, unless the operator's connection string decides.</summary>
public sealed class PostgresAutoPrepareTests
{
    [Fact]
    public void AConnectionStringThatSaysNothing_GetsPreparedStatements()
    {
        var prepared = new NpgsqlConnectionStringBuilder(PostgresSetup.Tuned("Host=db;Database=fleet;Username=console;Password=secret"));

        Assert.Equal(PostgresSetup.AutoPreparedStatements, prepared.MaxAutoPrepare);
        Assert.Equal(2, prepared.AutoPrepareMinUsages);
        Assert.True(prepared.NoResetOnClose);
        Assert.Equal(("db", "fleet", "console", "secret"), (prepared.Host, prepared.Database, prepared.Username, prepared.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0, 5)]
    [InlineData("Host=db;MaxAutoPrepare=10;Auto Prepare Min Usages=7", 10, 7)]
    public void AnOperatorsChoice_IsKept(string connectionString, int statements, int usages)
    {
        var kept = new NpgsqlConnectionStringBuilder(PostgresSetup.Tuned(connectionString));

        Assert.Equal((statements, usages), (kept.MaxAutoPrepare, kept.AutoPrepareMinUsages));
    }

    [Fact]
    public void AnOperatorsMinimumUsage_IsKept_WhenOnlyItIsGiven()
    {
        var kept = new NpgsqlConnectionStringBuilder(PostgresSetup.Tuned("Host=db;Auto Prepare Min Usages=9"));

        Assert.Equal((PostgresSetup.AutoPreparedStatements, 9), (kept.MaxAutoPrepare, kept.AutoPrepareMinUsages));
    }

    [Fact]
    public void AnOperatorsReset_IsKept()
    {
        var kept = new NpgsqlConnectionStringBuilder(PostgresSetup.Tuned("Host=db;No Reset On Close=false"));

        Assert.False(kept.NoResetOnClose);
        Assert.Equal(PostgresSetup.AutoPreparedStatements, kept.MaxAutoPrepare);
    }
}
