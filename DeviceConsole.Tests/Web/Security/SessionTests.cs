using System.Net;
using DeviceConsole.Data;
using DeviceConsole.Services.Accounts.Sessions;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 2 (S5): sessions end on the server when they should.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private const string Account = "clienta.admin@acme.example";
    private readonly ConsoleFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private (HttpClient Client, CookieContainer Jar) Browser()
    {
        var jar = new CookieContainer();
        return (_factory.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar)), jar);
    }

    private static string SessionCookie(CookieContainer jar) =>
        jar.GetCookies(new Uri("http://localhost")).Single(c => c.Name == "DeviceConsole.Session").Value;

    private async Task<HttpStatusCode> GetWithCookieAsync(string cookie)
    {
        var client = _factory.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/devices");
        request.Headers.Add("Cookie", $"DeviceConsole.Session={cookie}");
        return (await client.SendAsync(request)).StatusCode;
    }

    private static async Task<HttpStatusCode> DevicesAsync(HttpClient client) => (await client.GetAsync("/devices")).StatusCode;

    [Fact, Trait("Rule", "S5")]
    public async Task SigningOut_EndsTheSessionOnTheServer_SoACopiedCookieIsRefused()
    {
        var (client, jar) = Browser();
        await client.SignInOrFailAsync(Account);
        var copied = SessionCookie(jar);
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(copied));

        var manage = await client.GetStringAsync("/Account/Manage");
        var signedOut = await client.PostAsync("/Account/Logout", manage, new() { ["ReturnUrl"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await GetWithCookieAsync(copied));
    }

    [Fact, Trait("Rule", "S5")]
    public async Task ChangingThePassword_EndsEveryOtherSession_AndKeepsThisOne()
    {
        var (here, _) = Browser();
        var (elsewhere, _) = Browser();
        await here.SignInOrFailAsync(Account);
        await elsewhere.SignInOrFailAsync(Account);

        var changed = await here.PostFormAsync("/Account/Manage/ChangePassword", "change-password", new()
        {
            ["Input.OldPassword"] = ServiceHarness.DemoPassword,
            ["Input.NewPassword"] = "Another-Fresh-Pass-2027",
            ["Input.ConfirmPassword"] = "Another-Fresh-Pass-2027",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, await DevicesAsync(here));
        Assert.Equal(HttpStatusCode.Redirect, await DevicesAsync(elsewhere));
    }

    [Fact, Trait("Rule", "S5")]
    public async Task SignOutEverywhere_EndsEveryOtherSession()
    {
        var (here, _) = Browser();
        var (elsewhere, _) = Browser();
        await here.SignInOrFailAsync(Account);
        await elsewhere.SignInOrFailAsync(Account);

        var manage = await here.GetStringAsync("/Account/Manage");
        Assert.Contains("sign-out-everywhere", manage);
        var response = await here.PostAsync("/Account/Manage/SignOutEverywhere", manage, []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal(HttpStatusCode.OK, await DevicesAsync(here));
        Assert.Equal(HttpStatusCode.Redirect, await DevicesAsync(elsewhere));
    }

    [Fact, Trait("Rule", "S5")]
    public async Task ASessionOlderThanTheAbsoluteLifetime_IsRefused_WhateverItsActivity()
    {
        var (client, _) = Browser();
        await client.SignInOrFailAsync(Account);
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            await db.AccountSessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedAt, DateTime.UtcNow.AddDays(-15)));

        Assert.Equal(HttpStatusCode.Redirect, await DevicesAsync(client));
    }

    [Fact, Trait("Rule", "S5")]
    public void TheCookie_SlidesForEightHours_AndTheAbsoluteLifetimeIsAtMostFourteenDays()
    {
        var cookie = _factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        Assert.Equal(TimeSpan.FromHours(8), cookie.ExpireTimeSpan);
        Assert.True(cookie.SlidingExpiration);
        Assert.Equal(TimeSpan.FromDays(14), _factory.Services.GetRequiredService<IOptions<SignInSessionOptions>>().Value.AbsoluteLifetime);
        Assert.Equal(TimeSpan.FromDays(14), new SignInSessionOptions { AbsoluteDays = 90 }.AbsoluteLifetime);
    }
}
