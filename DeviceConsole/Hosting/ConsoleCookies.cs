using DeviceConsole.Services.Accounts.Sessions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace DeviceConsole.Hosting;

/// <summary>
/// Every cookie the console sets, in one place: names, the <c>__Host-</c> prefix and <c>Secure</c>
/// once the public origin is HTTPS, and the sign-in lifetime. A second authentication scheme (a
/// token for an API) is added beside these without touching them.
/// </summary>
public static class ConsoleCookies
{
    /// <summary>Browsers accept a <c>__Host-</c> cookie only when it is Secure, on path /, without a domain.</summary>
    public static string Prefix(bool https) => https ? "__Host-" : "";

    public static string SessionName(bool https) => Prefix(https) + "DeviceConsole.Session";
    public static string AntiforgeryName(bool https) => Prefix(https) + "DeviceConsole.Antiforgery";

    public static IServiceCollection AddConsoleCookies(this IServiceCollection services, bool https, SignInSessionOptions sessions)
    {
        var secure = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        void Harden(CookieBuilder cookie, string name)
        {
            cookie.Name = Prefix(https) + name;
            cookie.SecurePolicy = secure;
            cookie.Path = "/";
            cookie.Domain = null;
            cookie.HttpOnly = true;
        }

        services.ConfigureApplicationCookie(options =>
        {
            Harden(options.Cookie, "DeviceConsole.Session");
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = sessions.IdleLifetime;
            options.SlidingExpiration = true;
            SessionCookieEvents.Attach(options.Events);
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme,
            options => Harden(options.Cookie, "DeviceConsole.TwoFactor"));
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme,
            options => Harden(options.Cookie, "DeviceConsole.TwoFactorRememberMe"));
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme,
            options => Harden(options.Cookie, "DeviceConsole.External"));
        services.AddAntiforgery(options =>
        {
            Harden(options.Cookie, "DeviceConsole.Antiforgery");
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }
}
