using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DeviceConsole.Services.Common;

/// <summary>The one place that reads a unique-index violation out of the provider's error.</summary>
public static class UniqueViolations
{
    private const int SqliteConstraint = 19;
    private const string PostgresUniqueViolation = "23505";

    /// <summary>The violated column named in the error ("UNIQUE constraint failed: Devices.NormalizedSerialNumber"), or null.</summary>
    public static string? Column(DbUpdateException e) => e.InnerException switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint } sqlite when sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal)
            => sqlite.Message[(sqlite.Message.LastIndexOf('.') + 1)..].TrimEnd('\'', ' ', '.'),
        // PostgreSQL names the index ("IX_Devices_NormalizedSerialNumber"); EF names indexes after their columns.
        PostgresException { SqlState: PostgresUniqueViolation, ConstraintName: { } index } => index[(index.LastIndexOf('_') + 1)..],
        _ => null,
    };
}
