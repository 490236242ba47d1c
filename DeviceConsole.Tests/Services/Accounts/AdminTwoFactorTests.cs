using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts.TwoFactor;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Tokens;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Accounts;

/// <summary>Security:RequireTwoFactorForAdmins in the services: every call of an Admin without 2FA is refused, tokens included.</summary>
public sealed class AdminTwoFactorTests : IAsyncLifetime
{
    private ServiceHarness H { get; set; } = null!;

    public async ValueTask InitializeAsync() =>
        H = await ServiceHarness.CreateAsync(settings: new() { ["Security:RequireTwoFactorForAdmins"] = "true" });

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    private async Task<DevicePage> ListClientAAsync() =>
        await H.Get<DeviceQueries>().ListAsync(await H.OrganizationIdAsync("Client A"), new DeviceListRequest());

    private async Task EnableTwoFactorAsync(string email)
    {
        await using var scope = H.NewScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True((await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!, true)).Succeeded);
    }

    [Fact]
    public async Task AnAdminWithout2FA_IsRefusedEveryCall_UntilItEnrols()
    {
        await H.ActAsync("clienta.admin@acme.example");

        var refusal = await Assert.ThrowsAsync<TwoFactorRequiredException>(ListClientAAsync);
        Assert.Contains("set up an authenticator app", refusal.Message);
        Assert.True(await H.Get<AdminTwoFactor>().IsMissingAsync(await H.AccountIdAsync("clienta.admin@acme.example")));

        await EnableTwoFactorAsync("clienta.admin@acme.example");

        Assert.NotEmpty((await ListClientAAsync()).Rows);
        Assert.False(await H.Get<AdminTwoFactor>().IsMissingAsync(await H.AccountIdAsync("clienta.admin@acme.example")));
    }

    [Theory]
    [InlineData("staff@acme.example")]
    [InlineData("clienta.user@acme.example")]
    public async Task StaffAndUsers_AreNotAsked(string email)
    {
        await H.ActAsync(email);

        await ListClientAAsync();
        Assert.False(await H.Get<AdminTwoFactor>().IsMissingAsync(await H.AccountIdAsync(email)));
    }

    [Fact]
    public async Task AnAdminRoleGrantedLater_CountsOnTheNextCall()
    {
        await H.ActAsync("clienta.user@acme.example");
        await ListClientAAsync();

        await H.AddMembershipAsync("clienta.user@acme.example", "Client A Warehouse", Role.Admin);

        await Assert.ThrowsAsync<TwoFactorRequiredException>(ListClientAAsync);
    }

    [Fact, Trait("Rule", "T2")]
    public async Task ATokenOfAnAdminWithout2FA_GetsNothing_EvenWithALowerCeiling()
    {
        var accountId = await H.AccountIdAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var (secret, display, hash) = AccessTokenSecrets.New();
        await using (var db = H.NewDbContext())
        {
            var now = H.Clock.GetUtcNow().UtcDateTime;
            db.AccessTokens.Add(AccessToken.Create(accountId, clientA, "ci", display, hash, Role.User, now, now.AddDays(30)));
            await db.SaveChangesAsync();
        }
        var identity = await H.Get<TokenAuthenticator>().AuthenticateAsync(secret);
        H.Auth.SignIn(TokenClaims.Principal(identity!));

        await Assert.ThrowsAsync<TwoFactorRequiredException>(ListClientAAsync);
    }
}
