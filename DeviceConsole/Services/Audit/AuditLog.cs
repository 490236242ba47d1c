using System.Text.Json;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// The one place that decides what an audit entry of each kind holds (L1): one typed method per
/// audited action, in the partial files beside this one. Entries are added to the caller's
/// context, so each commits in the same transaction as the change it records; it never saves.
/// </summary>
public sealed partial class AuditLog(TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private AuditEntry Write(AppDbContext db, Actor actor, string action, string targetType, string targetId,
        string targetName, string summary, IEnumerable<AuditOrganization> organizations,
        object? before = null, object? after = null)
    {
        var entry = AuditEntry.Create(clock.GetUtcNow().UtcDateTime, actor.AccountId, actor.Email, action,
            targetType, targetId, targetName, summary, organizations,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json));
        db.AuditEntries.Add(entry);
        return entry;
    }
}
