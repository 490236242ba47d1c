using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Access;

/// <summary>
/// D1 as time passes (M8): a device is only given to an owner with an effective role in its
/// organization that does not end at a set date; otherwise the refusal names the reason.
/// </summary>
public static class LastingAccess
{
    /// <summary>Null when <paramref name="accountId"/> may own devices in the organization; otherwise why not.</summary>
    public static async Task<string?> RefusalAsync(AppDbContext db, string accountId, string email, OrganizationRef organization,
        CancellationToken ct = default)
    {
        var ancestors = OrganizationPath.Ids(organization.Path);
        var ends = await db.Memberships.AsNoTracking()
            .Where(m => m.AccountId == accountId && ancestors.Contains(m.OrganizationId))
            .Select(m => m.EndsAt)
            .ToListAsync(ct);
        if (ends.Count == 0)
            return $"{email} has no access to {organization.Name} or an organization above it.";
        if (ends.Any(e => e is null))
            return null;
        return $"{email}'s access to {organization.Name} ends on {ends.Max():yyyy-MM-dd HH:mm} UTC, so it cannot be given devices there; " +
               "choose an owner whose access has no end date.";
    }
}
