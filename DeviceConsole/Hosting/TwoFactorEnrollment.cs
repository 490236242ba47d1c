using System.Security.Claims;
using DeviceConsole.Services.Accounts.TwoFactor;
using Microsoft.AspNetCore.Components.Endpoints;

namespace DeviceConsole.Hosting;

/// <summary>
/// <c>Security:RequireTwoFactorForAdmins</c> in the browser: a signed-in Admin without 2FA is sent
/// from every console page to the authenticator setup, right after sign-in too; the account pages
/// (setup, password, sign-out) stay open. The services refuse the same account (AccessService), so
/// neither a circuit nor an API token gets further.
/// </summary>
public static class TwoFactorEnrollment
{
    public const string SetupPath = "/Account/Manage/EnableAuthenticator";

    public static IApplicationBuilder UseTwoFactorEnrollment(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var twoFactor = context.RequestServices.GetRequiredService<AdminTwoFactor>();
            if (twoFactor.IsRequired && IsConsolePage(context)
                && context.User.Identity?.IsAuthenticated == true
                && context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } accountId
                && await twoFactor.IsMissingAsync(accountId, context.RequestAborted))
            {
                context.Response.Redirect($"{SetupPath}?required=true");
                return;
            }
            await next(context);
        });

    // Routable components outside the account area; static files, the API, exports and /health are no pages.
    private static bool IsConsolePage(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is { } page
        && page.Type.Namespace?.StartsWith("DeviceConsole.Components.Account", StringComparison.Ordinal) != true;
}
