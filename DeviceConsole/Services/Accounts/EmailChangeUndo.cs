using DeviceConsole.Domain;
using DeviceConsole.Hosting;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Email;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Accounts;

/// <summary>
/// S5: a stolen session is not a stolen account. When the email changes, the old address is told
/// and gets a link (valid 7 days, usable once) that puts it back and ends every session. The link
/// does not depend on the security stamp, so changing the password afterwards does not void it.
/// </summary>
public sealed class EmailChangeUndo(
    Operations operations,
    AuditLog audit,
    ILookupNormalizer normalizer,
    IDataProtectionProvider protection,
    MailOutbox mail,
    PublicOrigin origin,
    TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    private IDataProtector Protector => protection.CreateProtector("DeviceConsole.EmailChangeUndo");

    /// <summary>Tells the old address, with the way back (called by the email change once it has committed).</summary>
    internal Task NotifyOldAddressAsync(string accountId, string oldEmail, string newEmail, CancellationToken ct = default)
    {
        var expires = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        var token = Protector.Protect(string.Join('\n', accountId, oldEmail, newEmail, expires));
        var link = QueryHelpers.AddQueryString(origin.Link("Account/UndoEmailChange"), "token", token);
        return mail.SendAsync(MailTemplates.EmailChanged(oldEmail, newEmail, link), ct);
    }

    /// <summary>Puts the old address back if the link is valid and the email is still the one it changed to.</summary>
    public async Task<string> UndoAsync(string? token, CancellationToken ct = default)
    {
        string[] parts;
        try
        {
            parts = Protector.Unprotect(token ?? "").Split('\n');
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            throw new DomainException("This link is not valid or has expired.");
        }
        if (parts.Length != 4 || !long.TryParse(parts[3], out var expires) || clock.GetUtcNow().ToUnixTimeSeconds() > expires)
            throw new DomainException("This link is not valid or has expired.");
        var (accountId, oldEmail, newEmail) = (parts[0], parts[1], parts[2]);

        await using var op = await operations.BeginAnonymousWriteAsync(ct);
        var db = op.Db;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == accountId, ct);
        if (user is null || !string.Equals(user.Email, newEmail, StringComparison.OrdinalIgnoreCase))
            throw new DomainException("This link was already used, or the email has changed again since; nothing was changed.");
        var normalized = normalizer.NormalizeEmail(oldEmail);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != accountId, ct))
            throw new DomainException($"{oldEmail} is now used by another account; nothing was changed.");

        user.ReplaceEmail(oldEmail, normalized, normalizer.NormalizeName(oldEmail));
        var organizations = await AccountService.MembershipOrganizationsAsync(db, accountId, ct);
        audit.AccountEmailChanged(db, accountId, newEmail, oldEmail, organizations);
        await op.CommitAsync(ct);
        return $"Your email is {oldEmail} again and every session has been signed out. Reset your password now if someone else may know it.";
    }
}
