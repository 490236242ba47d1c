using System.Text.Json;
using DeviceConsole.Data;
using DeviceConsole.Data.Sql;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// D8: a bulk transfer's entries written set-based, one per device, with the same columns, texts
/// and organizations as <see cref="DeviceTransferred"/> writes for a transfer of its own.
/// </summary>
public sealed partial class AuditLog
{
    /// <summary>
    /// Writes the entries of <paramref name="deviceIds"/> moving to <paramref name="destination"/>, each
    /// from its organization and owner as they are now: call it before the devices are updated.
    /// Without <paramref name="newOwnerEmail"/> every device keeps its owner.
    /// </summary>
    public Task<int> DevicesTransferredAsync(AppDbContext db, Actor actor, IReadOnlyList<int> deviceIds, OrganizationRef destination,
        string? newOwnerEmail, Guid versionAfter, CancellationToken ct) =>
        TransferAuditSql.For(db).InsertAsync(db, new TransferAuditBatch(deviceIds, clock.GetUtcNow().UtcDateTime, actor.AccountId,
            actor.Email, AuditActions.DeviceTransferred, AuditTargets.Device, AuditParts.Source, AuditParts.Destination,
            destination.Id, destination.Name, destination.Path, newOwnerEmail, versionAfter.ToString(), JsonString), ct);

    /// <summary>One string as the entries' JSON details encode it.</summary>
    private static string JsonString(string? value) => JsonSerializer.Serialize(value, Json);
}
