using DeviceConsole.Services.Accounts.Sessions;
using Microsoft.AspNetCore.Components;

namespace DeviceConsole.Components.Account;

/// <summary>
/// S5: a stolen session is not a stolen account. Changing the email or 2FA, downloading personal
/// data and deleting the account need the password entered in this session within the last minutes;
/// otherwise the visitor is sent to enter it and comes back.
/// </summary>
internal sealed class RecentPassword(AccountSessions sessions, IdentityRedirectManager redirect, NavigationManager navigation)
{
    public const string ReauthenticatePath = "Account/Manage/Reauthenticate";

    /// <returns>True when the password is recent; otherwise the response is a redirect and the caller stops.</returns>
    public async Task<bool> RequireAsync(HttpContext context)
    {
        if (await sessions.PasswordIsRecentAsync(context.User))
            return true;
        redirect.RedirectTo(ReauthenticatePath, new() { ["ReturnUrl"] = navigation.ToBaseRelativePath(navigation.Uri) });
        return false;
    }
}
