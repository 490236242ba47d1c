using System.Net;
using System.Text.RegularExpressions;
using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeviceConsole.Tests.Web;

public sealed partial class SignInTests : IAsyncLifetime
{
    private readonly ConsoleFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    [Fact, Trait("Rule", "S1")]
    public async Task DemoAccount_SignsInAtOnce()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await PostLoginAsync(client, "admin@acme.example", ServiceHarness.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("Account/Login", response.Headers.Location!.OriginalString);
    }

    [Fact, Trait("Rule", "S1")]
    public async Task FiveFailedSignIns_LockTheAccount_SoEvenTheRightPasswordIsRefused()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
            await PostLoginAsync(client, "staff@acme.example", "wrong-password");

        var response = await PostLoginAsync(client, "staff@acme.example", ServiceHarness.DemoPassword);

        // The same page as any failure (M3): a lockout does not tell that the account exists.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid login attempt", await response.Content.ReadAsStringAsync());
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var staff = await users.FindByEmailAsync("staff@acme.example");
        Assert.True(await users.IsLockedOutAsync(staff!));
        Assert.InRange(staff!.LockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [Fact, Trait("Rule", "S1")]
    public async Task PasswordsShorterThanEightCharacters_AreRefused()
    {
        _ = _factory.Server;
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var result = await users.CreateAsync(new ApplicationUser { UserName = "short@example.com", Email = "short@example.com" }, "Ab1!xyz");
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooShort");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
