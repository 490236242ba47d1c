using System.Security.Claims;
using DeviceConsole.Services.Tokens;
using Microsoft.AspNetCore.Components.Authorization;

namespace DeviceConsole.Services.Access;

/// <summary>
/// The one seam through which services learn who is acting. In an API request authenticated with
/// a token it reads the request's principal; otherwise the circuit's authentication state. It reads
/// on every call, so services never trust what a page loaded earlier.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationState, IHttpContextAccessor httpContext)
{
    public async Task<string> GetAccountIdAsync() =>
        (await PrincipalAsync()).FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new UnauthorizedAccessException("Sign in to use the console.");

    /// <summary>T2: the API token the call acts with, or null for the console.</summary>
    public async Task<ActingToken?> GetTokenAsync() => TokenClaims.Read(await PrincipalAsync());

    private async Task<ClaimsPrincipal> PrincipalAsync()
    {
        // A circuit may still see the request that opened it, but never one authenticated with a token.
        if (httpContext.HttpContext?.User is { Identity.AuthenticationType: TokenClaims.Scheme } bearer)
            return bearer;
        return (await authenticationState.GetAuthenticationStateAsync()).User;
    }
}
