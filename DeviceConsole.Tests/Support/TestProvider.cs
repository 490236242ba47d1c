using DeviceConsole.Data;

namespace DeviceConsole.Tests.Support;

/// <summary>
/// The provider axis: <c>DEVICECONSOLE_TEST_PROVIDER=Postgres</c> runs the service, web and race
/// tests on PostgreSQL (a database cloned from a template per test); unset, they run on SQLite.
/// </summary>
public static class TestProvider
{
    public const string Variable = "DEVICECONSOLE_TEST_PROVIDER";

    public static DatabaseProvider Current { get; } =
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? Enum.Parse<DatabaseProvider>(value, ignoreCase: true)
            : DatabaseProvider.Sqlite;

    public static bool IsPostgres => Current == DatabaseProvider.Postgres;
}
