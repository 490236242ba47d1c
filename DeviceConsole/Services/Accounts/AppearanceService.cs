using DeviceConsole.Domain;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Accounts;

/// <summary>
/// The account's colour scheme, remembered on the account so it follows it to every browser. A
/// display preference changes nothing anyone else sees, so it is not an audited action.
/// </summary>
public sealed class AppearanceService(Operations operations)
{
    public async Task<ColorScheme> GetAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        return await op.Db.Users.Where(u => u.Id == op.View.AccountId).Select(u => u.ColorScheme).SingleAsync(ct);
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
