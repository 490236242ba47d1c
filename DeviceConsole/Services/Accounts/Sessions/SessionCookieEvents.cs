using System.Security.Claims;
using DeviceConsole.Services.Accounts.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Accounts.Sessions;

/// <summary>
/// The sign-in cookie tied to its server-side session (S5): signing in starts one and writes its ID
/// into the cookie, every request checks it, signing out ends it.
/// </summary>
public static class SessionCookieEvents
{
    public static void Attach(CookieAuthenticationEvents events)
    {
        events.OnSigningIn = SigningInAsync;
        events.OnValidatePrincipal = ValidatePrincipalAsync;
        events.OnSigningOut = SigningOutAsync;
    }

    private static async Task SigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
            return;
        var services = context.HttpContext.RequestServices;
        var sessions = services.GetRequiredService<AccountSessions>();
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var accountId = identity.FindFirst(claims.UserIdClaimType)?.Value;
        if (accountId is null)
            return;

        // A refresh (after a password or email change) replaces the request's own session and keeps its password time.
        var previous = context.HttpContext.User;
        var previousId = previous.FindFirstValue(claims.UserIdClaimType) == accountId ? AccountSessions.SessionId(previous) : null;
        DateTime? verifiedAt = context.HttpContext.Items.ContainsKey(ConsoleSignInManager.PasswordCheckedItem)
            ? services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime
            : await sessions.PasswordVerifiedAtAsync(previousId);
        await sessions.EndAsync(previousId);

        var stamp = identity.FindFirst(claims.SecurityStampClaimType)?.Value ?? "";
        foreach (var old in identity.FindAll(AccountSessions.ClaimType).ToList())
            identity.RemoveClaim(old);
        identity.AddClaim(new Claim(AccountSessions.ClaimType, await sessions.StartAsync(accountId, stamp, verifiedAt)));
    }

    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not null
            && await context.HttpContext.RequestServices.GetRequiredService<AccountSessions>().IsLiveAsync(context.Principal))
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    }

    private static Task SigningOutAsync(CookieSigningOutContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<AccountSessions>()
            .EndAsync(AccountSessions.SessionId(context.HttpContext.User));
}
