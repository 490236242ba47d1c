using System.Text.Encodings.Web;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Members;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Accounts;

/// <summary>
/// Managing one's own account: email change (M5) and deleting the account (S1), each with its
/// audit entries in the same transaction (L1). Starting one is <see cref="RegistrationService"/>.
/// </summary>
public sealed class AccountService(
    Operations operations,
    AccessService access,
    AuditLog audit,
    UserManager<ApplicationUser> users,
    ILookupNormalizer normalizer,
    EmailChangeUndo undo)
{
    /// <summary>
    /// M5: the new address takes effect only when the link sent to it is opened; from then on
    /// invitations match it. Audited in the same transaction.
    /// </summary>
    public async Task<string> ConfirmEmailChangeAsync(string userId, string newEmail, string code, CancellationToken ct = default)
    {
        var address = EmailAddress.Validate(newEmail);
        AccountNames.RequireUsableAsUserName(users, address);
        await using var op = await operations.BeginAnonymousWriteAsync(ct);
        var db = op.Db;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new DomainException("This email change link is not valid.");
        if (!await users.VerifyUserTokenAsync(user, users.Options.Tokens.ChangeEmailTokenProvider, "ChangeEmail:" + address, code))
            throw new DomainException("This email change link is not valid or has expired. Ask for a new one from your account page.");
        var normalized = normalizer.NormalizeEmail(address);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != userId, ct))
            throw new DomainException($"{address} is already used by another account; nothing was changed.");

        var oldEmail = user.Email ?? "";
        user.ReplaceEmail(address, normalized, normalizer.NormalizeName(address));
        var organizations = await MembershipOrganizationsAsync(db, userId, ct);
        audit.AccountEmailChanged(db, userId, oldEmail, address, organizations);
        await op.CommitAsync(ct);
        // The new stamp has ended every other session; the old address learns of the change and can undo it.
        if (!string.IsNullOrEmpty(oldEmail))
            await undo.NotifyOldAddressAsync(userId, oldEmail, address, ct);
        return "Thank you for confirming your email change.";
    }

    /// <summary>
    /// S1: refused while the account is the last Admin of a root (O5) or owns devices (D1), naming the
    /// reason; otherwise its memberships end as in M6 and the account is deleted, audited.
    /// </summary>
    public async Task DeleteOwnAccountAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var target = $"account {view.AccountId}";

        var rootAdminOf = view.Grants.Where(g => g.Role == Role.Admin && OrganizationPath.Level(g.Path) == 1).Select(g => g.OrganizationId).ToList();
        var lastAdminOf = await db.Organizations.AsNoTracking()
            .Where(o => rootAdminOf.Contains(o.Id))
            // O5 with M8: only Admins without an end date keep a root administered.
            .Where(o => !db.Memberships.Any(m => m.OrganizationId == o.Id && m.Role == Role.Admin && m.EndsAt == null && m.AccountId != view.AccountId))
            .Select(o => o.Name).ToListAsync(ct);
        if (lastAdminOf.Count > 0)
            throw access.Refuse(view, "S1", target,
                $"You are the last Admin of {string.Join(", ", lastAdminOf)}. Make another account Admin there before deleting your account.");

        var owned = await db.Devices.AsNoTracking().Where(d => d.OwnerId == view.AccountId)
            .OrderBy(d => d.SerialNumber).Select(d => d.SerialNumber).ToListAsync(ct);
        if (owned.Count > 0)
            throw access.Refuse(view, "S1", target,
                $"You own {owned.Count} device{(owned.Count == 1 ? "" : "s")} ({string.Join(", ", owned.Take(10))}{(owned.Count > 10 ? ", ..." : "")}). " +
                "Transfer them to another owner before deleting your account.");

        var actor = view.AsActor();
        var memberships = await db.Memberships.Include(m => m.Organization).Where(m => m.AccountId == view.AccountId).ToListAsync(ct);
        foreach (var membership in memberships)
        {
            db.Memberships.Remove(membership);
            audit.MembershipEndedByAccountDeletion(db, actor, membership.Organization!, membership.Role);
        }
        audit.AccountDeleted(db, actor, memberships.Select(m => m.Organization!));
        var user = await db.Users.SingleAsync(u => u.Id == view.AccountId, ct);
        db.Users.Remove(user);
        await op.CommitAsync(ct);
    }

    internal static async Task<List<Organization>> MembershipOrganizationsAsync(AppDbContext db, string accountId, CancellationToken ct) =>
        await db.Memberships.AsNoTracking().Where(m => m.AccountId == accountId).Select(m => m.Organization!).ToListAsync(ct);
}
