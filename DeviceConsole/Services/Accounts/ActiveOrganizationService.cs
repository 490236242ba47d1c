using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Accounts;

/// <summary>Reads and stores each account's active organization (A5). It decides where pages open, nothing else.</summary>
public sealed class ActiveOrganizationService(Operations operations, AccessService access)
{
    /// <summary>
    /// The stored active organization if still in view; otherwise the first organization of the
    /// switcher, stored in its place, with a notice naming what was lost. Null for an account with no membership.
    /// </summary>
    public async Task<ActiveOrganization?> GetAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var user = await db.Users.SingleAsync(u => u.Id == view.AccountId, ct);

        string? notice = null;
        if (user.ActiveOrganizationId is { } storedId)
        {
            var stored = await db.Organizations.AsNoTracking().Where(o => o.Id == storedId)
                .Select(o => new { o.Name, o.Path }).SingleOrDefaultAsync(ct);
            if (stored is not null && view.Sees(stored.Path))
            {
                var organization = await access.RequireVisibleAsync(db, view, storedId, ct);
                return new ActiveOrganization(organization, view.EffectiveRole(organization.Path)!.Value, null);
            }
            notice = stored is null ? "Your last organization no longer exists." : $"You no longer have access to {stored.Name}.";
        }

        var fallback = view.Grants
            .OrderBy(g => g.Path.Length).ThenBy(g => g.OrganizationName, StringComparer.CurrentCultureIgnoreCase)
            .FirstOrDefault();
        if (fallback is null)
            return null;

        user.ActiveOrganizationId = fallback.OrganizationId;
        await db.SaveChangesAsync(ct);
        var fallbackOrganization = await access.RequireVisibleAsync(db, view, fallback.OrganizationId, ct);
        return new ActiveOrganization(fallbackOrganization, view.EffectiveRole(fallbackOrganization.Path)!.Value, notice);
    }

    public async Task<ActiveOrganization> SetAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        await db.Users.Where(u => u.Id == view.AccountId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ActiveOrganizationId, organizationId), ct);
        return new ActiveOrganization(organization, view.EffectiveRole(organization.Path)!.Value, null);
    }
}
