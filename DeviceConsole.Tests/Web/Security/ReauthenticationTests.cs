using System.Net;
using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 4 (S5): a stolen session is not a stolen account.</summary>
public sealed class ReauthenticationTests : IAsyncLifetime
{
    private const string Account = "clienta.user@acme.example";
    private readonly ConsoleFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task PasswordEnteredMinutesAgoAsync(int minutes)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.AccountSessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.PasswordVerifiedAt, DateTime.UtcNow.AddMinutes(-minutes)));
    }

    private static async Task<HttpResponseMessage> DownloadAsync(HttpClient client) =>
        await client.PostAsync("/Account/Manage/DownloadPersonalData", await client.GetStringAsync("/Account/Manage/PersonalData"), []);

    [Fact, Trait("Rule", "S5")]
    public async Task PersonalData_NeedsTheRecentPassword_AndNeverHoldsTheAuthenticatorKey()
    {
        var client = _factory.Client();
        await client.SignInOrFailAsync(Account);
        await PasswordEnteredMinutesAgoAsync(6);

        var stale = await DownloadAsync(client);
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Contains("Account/Manage/Reauthenticate", stale.Headers.Location!.OriginalString);

        var wrong = await client.PostFormAsync("/Account/Manage/Reauthenticate?ReturnUrl=Account%2FManage%2FPersonalData", "reauthenticate",
            new() { ["Input.Password"] = "not-the-password" });
        Assert.Contains("The password is not correct", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await DownloadAsync(client)).StatusCode);

        var confirmed = await client.PostFormAsync("/Account/Manage/Reauthenticate?ReturnUrl=Account%2FManage%2FPersonalData", "reauthenticate",
            new() { ["Input.Password"] = ServiceHarness.DemoPassword });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.EndsWith("Account/Manage/PersonalData", confirmed.Headers.Location!.OriginalString);

        var download = await DownloadAsync(client);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var json = await download.Content.ReadAsStringAsync();
        Assert.Contains(Account, json);
        Assert.DoesNotContain("Authenticator", json);
    }

    [Theory, Trait("Rule", "S5")]
    [InlineData("/Account/Manage/EnableAuthenticator")]
    [InlineData("/Account/Manage/GenerateRecoveryCodes")]
    public async Task TwoFactorChanges_WithoutARecentPassword_AskForIt(string path)
    {
        var client = _factory.Client();
        await client.SignInOrFailAsync(Account);
        await PasswordEnteredMinutesAgoAsync(6);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Manage/Reauthenticate", response.Headers.Location!.OriginalString);
    }

    [Fact, Trait("Rule", "S5")]
    public async Task ChangingTheEmail_WithoutARecentPassword_SendsNothing()
    {
        var client = _factory.Client();
        await client.SignInOrFailAsync(Account);
        await PasswordEnteredMinutesAgoAsync(6);

        var response = await client.PostFormAsync("/Account/Manage/Email", "change-email", new() { ["Input.NewEmail"] = "new.address@acme.example" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Manage/Reauthenticate", response.Headers.Location!.OriginalString);
        Assert.Empty(await _factory.MailsAsync(atLeast: 0));
    }
}
