using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Accounts;

/// <summary>
/// The account's colour scheme, remembered on the account so it follows it to every browser. A
/// display preference changes nothing anyone else sees, so it is not an audited action.
/// </summary>
public sealed class AppearanceService(Operations operations, CurrentUser currentUser)
{
    public async Task<ColorScheme> GetAsync(CancellationToken ct = default)
    {
        // The account's own preference needs no view: account pages show it even while the view is refused (2FA for Admins).
        var accountId = await currentUser.GetAccountIdAsync();
        await using var op = await operations.BeginAnonymousReadAsync(ct);
        return await op.Db.Users.Where(u => u.Id == accountId).Select(u => u.ColorScheme).SingleOrDefaultAsync(ct);
    }

    public async Task SetAsync(ColorScheme scheme, CancellationToken ct = default)
    {
        // Checked before anything is opened: a crafted value changes nothing.
        if (!Enum.IsDefined(scheme))
            throw new DomainException("Choose light, dark, or the system setting.");
        await using var op = await operations.BeginWriteAsync(ct);
        await op.Db.Users.Where(u => u.Id == op.View.AccountId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ColorScheme, scheme), ct);
        await op.CommitAsync(ct);
    }
}
