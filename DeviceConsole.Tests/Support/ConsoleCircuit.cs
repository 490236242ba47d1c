using System.Security.Claims;
using DeviceConsole.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace DeviceConsole.Tests.Support;

/// <summary>A long-lived scope of a running console signed in as one account, as a Blazor circuit is.</summary>
public static class ConsoleCircuit
{
    public static async Task<AsyncServiceScope> OpenAsync(ConsoleFactory factory, string email)
    {
        var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, account.Id), new Claim(ClaimTypes.Name, email)], IdentityConstants.ApplicationScheme));
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return scope;
    }
}
