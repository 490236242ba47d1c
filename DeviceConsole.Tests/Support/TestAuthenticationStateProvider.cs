using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace DeviceConsole.Tests.Support;

/// <summary>Stands in for the circuit's authentication: tests choose who acts.</summary>
public sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
{
    private ClaimsPrincipal _user = new(new ClaimsIdentity());

    public void SignIn(string accountId, string email)
    {
        _user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, accountId), new Claim(ClaimTypes.Name, email)], "Test"));
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    /// <summary>Acts with any principal, e.g. one authenticated with an API token (T2).</summary>
    public void SignIn(ClaimsPrincipal user)
    {
        _user = user;
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public void SignOut()
    {
        _user = new ClaimsPrincipal(new ClaimsIdentity());
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));
}
