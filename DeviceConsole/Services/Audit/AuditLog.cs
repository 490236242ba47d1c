using System.Text.Json;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// Adds audit entries to the caller's context, so that each entry commits in the same
/// transaction as the change it records (L1). It never saves by itself.
/// </summary>
public sealed class AuditLog(TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public AuditEntry Add(AppDbContext db, Actor actor, string action, string targetType, string targetId,
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
