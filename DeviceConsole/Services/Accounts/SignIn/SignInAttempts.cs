using DeviceConsole.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Accounts.SignIn;

/// <summary>
/// S1 lockout that holds under parallel guessing: each password check first reserves one of the
/// allowed attempts with a single conditional UPDATE, and the reservation that reaches the limit
/// locks the account at once. So at most <c>MaxFailedAccessAttempts</c> guesses are ever checked
/// per lockout period, however many arrive together; a correct password lifts the reservation.
/// </summary>
public sealed class SignInAttempts(IDbContextFactory<AppDbContext> dbFactory, IOptions<IdentityOptions> identity, TimeProvider clock)
{
    /// <returns>False when the account is locked: the password must not be checked.</returns>
    public async Task<bool> TryReserveAsync(string accountId, CancellationToken ct = default)
    {
        var lockout = identity.Value.Lockout;
        var max = Math.Max(1, lockout.MaxFailedAccessAttempts);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var now = clock.GetUtcNow();
            var lockedUntil = (DateTimeOffset?)now.Add(lockout.DefaultLockoutTimeSpan);
            var reserved = await db.Users
                .Where(u => u.Id == accountId && u.AccessFailedCount < max)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1)
                    .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount + 1 >= max ? lockedUntil : u.LockoutEnd), ct);
            if (reserved == 1)
                return true;

            var state = await db.Users.AsNoTracking().Where(u => u.Id == accountId)
                .Select(u => new { u.LockoutEnd, u.ConcurrencyStamp }).SingleOrDefaultAsync(ct);
            if (state is null || (state.LockoutEnd is { } end && end > now))
                return false;
            // The lockout has run out: one caller starts a new round (the stamp makes it a compare-and-swap), then all compete again.
            await db.Users
                .Where(u => u.Id == accountId && u.AccessFailedCount >= max && u.ConcurrencyStamp == state.ConcurrencyStamp)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(u => u.AccessFailedCount, 0)
                    .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), ct);
        }
        return false;
    }

    /// <summary>Read afresh: the tracked account of the request is older than the reservation.</summary>
    public async Task<bool> IsLockedOutAsync(string accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var end = await db.Users.AsNoTracking().Where(u => u.Id == accountId).Select(u => u.LockoutEnd).SingleOrDefaultAsync(ct);
        return end is { } until && until > clock.GetUtcNow();
    }

    /// <summary>The password was right: the count starts again and a lock set by this attempt is lifted.</summary>
    public async Task ResetAsync(string accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == accountId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), ct);
    }
}
