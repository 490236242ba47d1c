using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Sql;

/// <summary>
/// A bulk transfer's audit entries written set-based (D8, L1): one entry and two organizations per
/// device, selected from the devices as they are before the update, in the provider's own SQL. What
/// the texts say is decided by the audit log; the SQL only assembles them per device.
/// </summary>
public abstract class TransferAuditSql
{
    public static TransferAuditSql For(AppDbContext db) =>
        db.IsPostgres ? PostgresTransferAuditSql.Instance : SqliteTransferAuditSql.Instance;

    /// <summary>Writes one entry per device of <paramref name="batch"/>, inside the caller's transaction; returns how many.</summary>
    public abstract Task<int> InsertAsync(AppDbContext db, TransferAuditBatch batch, CancellationToken ct);
}

/// <summary>
/// Everything a bulk transfer's entries share. Per device the SQL reads its name, organization,
/// owner and token; <see cref="JsonString"/> is the audit log's own JSON encoding of one string, so
/// the details read exactly as those of an entry written one by one.
/// </summary>
public sealed record TransferAuditBatch(
    IReadOnlyList<int> DeviceIds,
    DateTime At,
    string? ActorId,
    string ActorEmail,
    string Action,
    string TargetType,
    string SourcePart,
    string DestinationPart,
    int DestinationId,
    string DestinationName,
    string DestinationPath,
    string? NewOwnerEmail,
    string VersionAfter,
    Func<string?, string> JsonString);
