using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace DeviceConsole.Services.Access;

/// <summary>
/// The one seam through which services learn who is acting. It reads the circuit's
/// authentication state on every call, so services never trust what a page loaded earlier.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationState)
{
    public async Task<string> GetAccountIdAsync()
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return state.User.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new UnauthorizedAccessException("Sign in to use the console.");
    }
}
