using System.Text.Json;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Support;

/// <summary>Writes arbitrary audit entries for tests of reading, redaction and export; services write theirs through AuditLog's typed methods.</summary>
public static class AuditTestData
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds an entry to the context, stamped by the harness's clock; the caller saves.</summary>
    public static AuditEntry AddAuditEntry(this ServiceHarness h, AppDbContext db, Actor actor, string action, string targetType,
        string targetId, string targetName, string summary, IEnumerable<AuditOrganization> organizations,
        object? before = null, object? after = null)
    {
        var entry = AuditEntry.Create(h.Get<TimeProvider>().GetUtcNow().UtcDateTime, actor.AccountId, actor.Email, action,
            targetType, targetId, targetName, summary, organizations,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json));
        db.AuditEntries.Add(entry);
        return entry;
    }

    public static async Task<long> AddEntryAsync(this ServiceHarness h, string action, string targetType, string targetId,
        string targetName, string summary, (string Organization, string Part)[] organizations, string? actorEmail = null,
        object? before = null, object? after = null)
    {
        await using var db = h.NewDbContext();
        var names = organizations.Select(o => o.Organization).ToList();
        var found = await db.Organizations.AsNoTracking().Where(o => names.Contains(o.Name)).ToDictionaryAsync(o => o.Name);
        var actor = actorEmail is null
            ? Actor.System
            : new Actor(await db.Users.Where(u => u.Email == actorEmail).Select(u => u.Id).SingleAsync(), actorEmail);
        var entry = h.AddAuditEntry(db, actor, action, targetType, targetId, targetName, summary,
            organizations.Select(o => AuditOrganization.Of(found[o.Organization], o.Part)), before, after);
        await db.SaveChangesAsync();
        return entry.Id;
    }

    public static Task<long> AddDeviceEntryAsync(this ServiceHarness h, int deviceId, string deviceName, string summary,
        string organization, string? actorEmail = null, string action = AuditActions.DeviceEdited, object? before = null, object? after = null) =>
        h.AddEntryAsync(action, AuditTargets.Device, deviceId.ToString(), deviceName, summary,
            [(organization, AuditParts.Organization)], actorEmail, before, after);

    /// <summary>Readers who see the awkward entries differently: the root Admin, a sub-organization's Admin, Staff, an account of two trees, another tree's Admin.</summary>
    public static TheoryData<string> Readers => new("admin@acme.example", "clienta.admin@acme.example", "staff@acme.example",
        "multi@example.com", "globex.admin@globex.example");

    /// <summary>
    /// Entries that are awkward to redact, on a Client A device: details with escapes, emails of
    /// several accounts, nested values and non-ASCII text; a transfer across two organizations; plain
    /// text that is not JSON and JSON with spaces.
    /// </summary>
    public static async Task AddAwkwardDeviceEntriesAsync(this ServiceHarness h)
    {
        var device = await h.DeviceIdAsync("CLA-SN-1003");
        await h.AddDeviceEntryAsync(device, "Sensor «3» & <n>", "Checked by clienta.user@acme.example and multi@example.com", "Client A",
            "clienta.admin@acme.example",
            before: new { Note = "Müller & Söhne \"Nord\" 😀", Owner = "multi@example.com", Tags = new object[] { 1.50, true, null!, "x@y" } },
            after: new { Owner = "CLIENTA.USER@acme.example", Nested = new { Who = "globex.admin@globex.example" } });
        await h.AddEntryAsync(AuditActions.DeviceTransferred, AuditTargets.Device, device.ToString(), "Client A Sensor 03",
            "Transferred Client A Sensor 03 from Client A Warehouse to Client B", [("Client A Warehouse", AuditParts.Source), ("Client B", AuditParts.Destination)],
            "admin@acme.example", before: new { Organization = "Client A Warehouse" }, after: new { Organization = "Client B" });
        await using var db = h.NewDbContext();
        var acme = await db.Organizations.SingleAsync(o => o.Name == "Acme IoT");
        var entry = h.AddAuditEntry(db, Actor.System, AuditActions.DeviceEdited, AuditTargets.Device, device.ToString(), "Gateway",
            "Raw details", [AuditOrganization.Of(acme)]);
        db.Entry(entry).Property(e => e.Before).CurrentValue = "not json, by staff@acme.example";
        db.Entry(entry).Property(e => e.After).CurrentValue = " {\"spaced\" : \"value\"} ";
        await db.SaveChangesAsync();
    }

    public static async Task<int> AuditCountAsync(this ServiceHarness h)
    {
        await using var db = h.NewDbContext();
        return await db.AuditEntries.CountAsync();
    }

    /// <summary>Moves a device as a transfer would (the transfer operation itself is not under test here).</summary>
    public static async Task MoveDeviceAsync(this ServiceHarness h, string serial, string organization, string ownerEmail)
    {
        await using var db = h.NewDbContext();
        var device = await db.Devices.SingleAsync(d => d.SerialNumber == serial);
        var organizationId = await db.Organizations.Where(o => o.Name == organization).Select(o => o.Id).SingleAsync();
        var ownerId = await db.Users.Where(u => u.Email == ownerEmail).Select(u => u.Id).SingleAsync();
        device.TransferTo(organizationId, ownerId);
        await db.SaveChangesAsync();
    }

    /// <summary>A minimal RFC 4180 reader, so tests check what a spreadsheet would read back.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        var i = 0;
        if (text.StartsWith('\uFEFF')) i = 1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString()); field.Clear();
                records.Add(record); record = [];
                i++;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }
        return records;
    }
}
