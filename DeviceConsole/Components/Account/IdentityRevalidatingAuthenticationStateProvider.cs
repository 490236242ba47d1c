using System.Security.Claims;
using DeviceConsole.Services.Accounts.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace DeviceConsole.Components.Account;

/// <summary>
/// The circuit's sign-in, checked against the same server-side session as every request (S5): a
/// signed-out, replaced or suspended session loses the circuit within a minute, and at once on
/// the circuit's next action (<see cref="SessionCircuitHandler"/>).
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, AccountSessions sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private static readonly AuthenticationState SignedOut = new(new ClaimsPrincipal(new ClaimsIdentity()));

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.Identity?.IsAuthenticated == true
            ? sessions.IsLiveAsync(authenticationState.User, cancellationToken)
            : Task.FromResult(true);

    /// <summary>Checks now; an ended session signs the circuit out, and its pages send it to sign-in.</summary>
    public async Task<bool> RevalidateNowAsync(CancellationToken ct = default)
    {
        var state = await GetAuthenticationStateAsync();
        if (await ValidateAuthenticationStateAsync(state, ct))
            return true;
        SetAuthenticationState(Task.FromResult(SignedOut));
        return false;
    }
}
