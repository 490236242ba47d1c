using System.Net;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Tokens;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 7, Security:RequireTwoFactorForAdmins: after sign-in an Admin without 2FA reaches only the authenticator setup.</summary>
public sealed class TwoFactorForAdminsTests : IAsyncLifetime
{
    private readonly ConsoleFactory _factory = new(new() { ["Security:RequireTwoFactorForAdmins"] = "true" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task AnAdminWithout2FA_IsSentToTheAuthenticatorSetup_FromEveryConsolePage_UntilEnrolled()
    {
        var client = _factory.Client();
        await client.SignInOrFailAsync("clienta.admin@acme.example");

        foreach (var page in new[] { "/", "/devices", "/members", "/tokens" })
        {
            var refused = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/Account/Manage/EnableAuthenticator?required=true", refused.Headers.Location!.OriginalString);
        }
        var setup = await client.GetAsync("/Account/Manage/EnableAuthenticator?required=true");
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        Assert.Contains("Admins must use two-factor authentication here", await setup.Content.ReadAsStringAsync());

        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            await db.Users.Where(u => u.Email == "clienta.admin@acme.example").ExecuteUpdateAsync(s => s.SetProperty(u => u.TwoFactorEnabled, true));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/devices")).StatusCode);
    }

    [Fact, Trait("Rule", "T2")]
    public async Task AnAdminsApiToken_Gets403UntilTheAccountHas2FA()
    {
        string secret;
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var account = await db.Users.Where(u => u.Email == "globex.admin@globex.example").Select(u => u.Id).SingleAsync();
            var globex = await db.Organizations.Where(o => o.Name == "Globex").Select(o => o.Id).SingleAsync();
            (secret, var display, var hash) = AccessTokenSecrets.New();
            db.AccessTokens.Add(AccessToken.Create(account, globex, "ci", display, hash, Role.User, DateTime.UtcNow, DateTime.UtcNow.AddDays(1)));
            await db.SaveChangesAsync();
        }
        var client = _factory.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);

        var refused = await client.GetAsync("/api/v1/organizations");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Admins must use two-factor authentication", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnAccountWithoutAnAdminRole_UsesTheConsoleAsBefore()
    {
        var client = _factory.Client();
        await client.SignInOrFailAsync("staff@acme.example");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/devices")).StatusCode);
    }
}
