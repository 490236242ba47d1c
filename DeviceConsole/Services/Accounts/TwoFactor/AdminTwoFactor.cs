using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Accounts.TwoFactor;

/// <summary><c>Security</c> section: what the operator requires of accounts beyond the rules.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>An account with an Admin membership anywhere must enrol two-factor authentication before using the console.</summary>
    public bool RequireTwoFactorForAdmins { get; set; }
}

/// <summary>Refused because the account holds an Admin role, the operator requires 2FA for Admins, and it has none yet.</summary>
public sealed class TwoFactorRequiredException() : DomainException(Text)
{
    public const string Text =
        "Admins must use two-factor authentication: set up an authenticator app under Account, Two-factor authentication, before using the console.";
}

/// <summary>
/// <c>Security:RequireTwoFactorForAdmins</c>: whether an account still has to enrol 2FA. Read from
/// the database on every check, so an Admin role granted later, or 2FA turned off, counts at once.
/// </summary>
public sealed class AdminTwoFactor(IDbContextFactory<AppDbContext> dbFactory, IOptions<SecurityOptions> options)
{
    public bool IsRequired => options.Value.RequireTwoFactorForAdmins;

    /// <summary>The rule itself, for a view that has already read the account's memberships.</summary>
    public bool Blocks(bool twoFactorEnabled, IEnumerable<Role> roles) =>
        IsRequired && !twoFactorEnabled && roles.Any(r => r == Role.Admin);

    /// <summary>True when the account must set up 2FA before anything else; false whenever the setting is off.</summary>
    public async Task<bool> IsMissingAsync(string accountId, CancellationToken ct = default)
    {
        if (!IsRequired)
            return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Memberships past their end date give no role (M8): the context's filter leaves them out.
        return await db.Users.AsNoTracking().Where(u => u.Id == accountId)
            .AnyAsync(u => !u.TwoFactorEnabled && db.Memberships.Any(m => m.AccountId == u.Id && m.Role == Role.Admin), ct);
    }
}
