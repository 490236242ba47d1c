using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Accounts;

/// <summary>The outcome of a suspension or reinstatement, for the page to show.</summary>
public sealed record SuspensionResult(string Message);

/// <summary>
/// S4: an Admin suspends an account whose every membership lies in subtrees the Admin
/// administers (never one with memberships elsewhere, never itself). A suspended account cannot
/// sign in and its sessions and circuits end (the session check reads the suspension); its
/// memberships and devices stay. Both directions are audited with the change (L1).
/// </summary>
public sealed class AccountSuspensions(Operations operations, AccessService access, AuditLog audit, TimeProvider clock)
{
    /// <summary>The accounts with a membership in this organization's subtree that the actor may suspend, with whether they are.</summary>
    public async Task<IReadOnlyDictionary<string, bool>> EligibleAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        if (!view.Administers(organization.Path))
            return new Dictionary<string, bool>();
        var accounts = await db.Memberships.AsNoTracking()
            .Where(PathFilter.InSubtree<Membership>(m => m.Organization!.Path, organization.Path))
            .Select(m => m.AccountId).Distinct().ToListAsync(ct);
        var memberships = await db.Memberships.AsNoTracking().Where(m => accounts.Contains(m.AccountId))
            .Select(m => new { m.AccountId, m.Organization!.Path }).ToListAsync(ct);
        var eligible = memberships.GroupBy(m => m.AccountId)
            .Where(g => g.Key != view.AccountId && g.All(m => view.Administers(m.Path)))
            .Select(g => g.Key).ToList();
        return await db.Users.AsNoTracking().Where(u => eligible.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.SuspendedAt != null, ct);
    }

    public Task<SuspensionResult> SuspendAsync(int organizationId, string accountId, CancellationToken ct = default) =>
        ChangeAsync(organizationId, accountId, suspend: true, ct);

    public Task<SuspensionResult> ReinstateAsync(int organizationId, string accountId, CancellationToken ct = default) =>
        ChangeAsync(organizationId, accountId, suspend: false, ct);

    private async Task<SuspensionResult> ChangeAsync(int organizationId, string accountId, bool suspend, CancellationToken ct)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        var memberships = await db.Memberships.Include(m => m.Organization)
            .Where(m => m.AccountId == accountId).ToListAsync(ct);
        // An account without a membership in this organization's subtree is not one the actor can name here (A4).
        if (!memberships.Any(m => OrganizationPath.IsInSubtree(m.Organization!.Path, organization.Path)))
            throw new NotFoundException("member");
        var action = suspend ? "Suspending accounts" : "Reinstating accounts";
        access.RequireRole(view, organization, Role.Admin, action, "S4");
        var target = $"account {accountId}";
        if (accountId == view.AccountId)
            throw access.Refuse(view, "S4", target, "You cannot suspend your own account.");
        var user = await db.Users.SingleAsync(u => u.Id == accountId, ct);
        if (memberships.Any(m => !view.Administers(m.Organization!.Path)))
            throw access.Refuse(view, "S4", target,
                $"{user.Email} also belongs to organizations you do not administer: only an Admin of every organization it belongs to can {(suspend ? "suspend" : "reinstate")} it.");

        if ((user.SuspendedAt is not null) == suspend)
            return new SuspensionResult(suspend ? $"{user.Email} is already suspended." : $"{user.Email} is not suspended.");
        var organizations = memberships.Select(m => m.Organization!).ToList();
        if (suspend)
        {
            user.SuspendedAt = clock.GetUtcNow().UtcDateTime;
            // A new stamp also voids anything signed with the old one (reset and confirmation links).
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            // Its sessions end in the same transaction: a suspension never commits with a live session left.
            await db.AccountSessions.Where(x => x.AccountId == accountId).ExecuteDeleteAsync(ct);
            audit.AccountSuspended(db, view.AsActor(), accountId, user.Email ?? "", organizations);
        }
        else
        {
            user.SuspendedAt = null;
            audit.AccountReinstated(db, view.AsActor(), accountId, user.Email ?? "", organizations);
        }
        await op.CommitAsync(ct);
        return new SuspensionResult(suspend
            ? $"{user.Email} is suspended: it cannot sign in, and its open sessions end within a minute. Its memberships and devices stay as they are."
            : $"{user.Email} is reinstated and can sign in again.");
    }
}
