using System.Security.Claims;
using System.Security.Cryptography;
using DeviceConsole.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Accounts.Sessions;

/// <summary>
/// S5: the server-side record of each signed-in browser. A session is live while its row exists,
/// it is younger than the absolute lifetime, its security stamp is still the account's, and the
/// account is not suspended (S4). One query answers all four, on every request and every circuit
/// revalidation.
/// </summary>
public sealed class AccountSessions(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    IOptions<SignInSessionOptions> options,
    IOptions<IdentityOptions> identity,
    ILogger<AccountSessions> logger)
{
    public const string ClaimType = "dc:sid";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static string? SessionId(ClaimsPrincipal? principal) => principal?.FindFirstValue(ClaimType);

    /// <summary>Starts a session for a sign-in and drops the account's sessions that can no longer be live.</summary>
    public async Task<string> StartAsync(string accountId, string securityStamp, DateTime? passwordVerifiedAt, CancellationToken ct = default)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = Now;
        var oldest = now - options.Value.AbsoluteLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AccountSessions.Where(s => s.AccountId == accountId && (s.SecurityStamp != securityStamp || s.CreatedAt < oldest))
            .ExecuteDeleteAsync(ct);
        db.AccountSessions.Add(new AccountSession
        {
            Id = id, AccountId = accountId, SecurityStamp = securityStamp, CreatedAt = now, PasswordVerifiedAt = passwordVerifiedAt,
        });
        await db.SaveChangesAsync(ct);
        return id;
    }

    /// <summary>Whether the principal's session is still live (see the class summary).</summary>
    public async Task<bool> IsLiveAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var sessionId = SessionId(principal);
        var accountId = principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);
        if (sessionId is null || accountId is null)
            return false;
        var oldest = Now - options.Value.AbsoluteLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AccountSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.AccountId == accountId && s.CreatedAt >= oldest)
            .Join(db.Users, s => s.AccountId, u => u.Id, (s, u) => new { s.SecurityStamp, UserStamp = u.SecurityStamp, u.SuspendedAt })
            .AnyAsync(x => x.SecurityStamp == x.UserStamp && x.SuspendedAt == null, ct);
    }

    /// <summary>When the password was last entered in this session, if it was.</summary>
    public async Task<DateTime?> PasswordVerifiedAtAsync(string? sessionId, CancellationToken ct = default)
    {
        if (sessionId is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AccountSessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => s.PasswordVerifiedAt).SingleOrDefaultAsync(ct);
    }

    /// <summary>S5: changing the email or 2FA, downloading personal data and deleting the account need a recent password.</summary>
    public async Task<bool> PasswordIsRecentAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var at = await PasswordVerifiedAtAsync(SessionId(principal), ct);
        return at is { } verified && Now - verified <= options.Value.RecentPassword;
    }

    public async Task MarkPasswordVerifiedAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var sessionId = SessionId(principal);
        if (sessionId is null) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        await db.AccountSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.PasswordVerifiedAt, now), ct);
    }

    /// <summary>Sign-out: this session ends on the server, so a copy of its cookie is refused from now on.</summary>
    public async Task EndAsync(string? sessionId, CancellationToken ct = default)
    {
        if (sessionId is null) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AccountSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);
    }

    /// <summary>Every session of the account ends (sign out everywhere, suspension).</summary>
    public async Task<int> EndAllAsync(string accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ended = await db.AccountSessions.Where(s => s.AccountId == accountId).ExecuteDeleteAsync(ct);
        logger.LogInformation("Ended {Count} sessions of account {AccountId}.", ended, accountId);
        return ended;
    }
}
