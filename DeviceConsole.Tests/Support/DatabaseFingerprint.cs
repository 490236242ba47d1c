using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Support;

/// <summary>Everything a service operation could change, audit log included, as one comparable string.</summary>
public static class DatabaseFingerprint
{
    public static async Task<string> OfAsync(ServiceHarness harness)
    {
        await using var db = harness.NewDbContext();
        var parts = new List<object>
        {
            string.Join(",", await db.Organizations.OrderBy(o => o.Id).Select(o => o.Id + o.Name + o.Path + o.ParentId).ToListAsync()),
            string.Join(",", await db.Memberships.OrderBy(m => m.Id).Select(m => m.Id + ":" + m.AccountId + m.OrganizationId + m.Role).ToListAsync()),
            string.Join(",", await db.Devices.OrderBy(d => d.Id).Select(d => d.Id + d.Name + d.SerialNumber + d.Status + d.OwnerId + d.OrganizationId + d.Version).ToListAsync()),
            string.Join(",", await db.Invitations.OrderBy(i => i.Id).Select(i => i.Id + ":" + i.State + i.ExpiresAt + i.Role + i.TokenHash).ToListAsync()),
            string.Join(",", await db.Users.OrderBy(u => u.Id).Select(u => u.Id + u.Email + u.SuspendedAt + u.SecurityStamp + u.ActiveOrganizationId).ToListAsync()),
            await db.AuditEntries.CountAsync(),
            await db.AuditOrganizations.CountAsync(),
        };
        return string.Join("|", parts);
    }
}
