using System.Net;
using System.Text.RegularExpressions;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 5 (M3): the same answers, by content, for emails with and without an account.</summary>
public sealed partial class EnumerationTests : IAsyncLifetime
{
    private readonly ConsoleFactory _factory = new(new() { ["RateLimits:SignIn:PermitLimit"] = "100" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The page without what legitimately differs: the typed email and the per-request antiforgery token.</summary>
    private static string Normalized(string html, string email) =>
        AntiforgeryValue().Replace(html.Replace(email, "EMAIL"), "TOKEN");

    private static string CookieNames(HttpResponseMessage response) =>
        string.Join(",", response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split('=')[0]).Order() : []);

    private async Task<(HttpResponseMessage Response, string Page)> SignInAsync(string email, string password)
    {
        var response = await _factory.Client().SignInAsync(email, password);
        return (response, Normalized(await response.Content.ReadAsStringAsync(), email));
    }

    [Fact, Trait("Rule", "M3"), Trait("Rule", "S1")]
    public async Task FailedSignIns_AndLockout_LookTheSameForKnownAndUnknownEmails()
    {
        var unknown = await SignInAsync("nobody@acme.example", "Wrong-Pass-2026");
        var known = await SignInAsync("staff@acme.example", "Wrong-Pass-2026");
        Assert.Equal(unknown.Response.StatusCode, known.Response.StatusCode);
        Assert.Equal(unknown.Page, known.Page);
        Assert.Equal(CookieNames(unknown.Response), CookieNames(known.Response));

        for (var i = 0; i < 5; i++)
            await SignInAsync("staff@acme.example", "Wrong-Pass-2026");
        var locked = await SignInAsync("staff@acme.example", ServiceHarness.DemoPassword);
        Assert.Equal(unknown.Response.StatusCode, locked.Response.StatusCode);
        Assert.Equal(unknown.Page, locked.Page);
        Assert.Equal(CookieNames(unknown.Response), CookieNames(locked.Response));
    }

    [Theory, Trait("Rule", "M3")]
    [InlineData("/Account/ForgotPassword", "forgot-password")]
    [InlineData("/Account/ResendEmailConfirmation", "resend-email-confirmation")]
    public async Task ForgotPasswordAndResendConfirmation_AnswerTheSameForKnownAndUnknownEmails(string path, string handler)
    {
        async Task<(HttpStatusCode, string?, string)> Ask(string email)
        {
            var response = await _factory.Client().PostFormAsync(path, handler, new() { ["Input.Email"] = email });
            return (response.StatusCode, response.Headers.Location?.OriginalString, Normalized(await response.Content.ReadAsStringAsync(), email));
        }

        Assert.Equal(await Ask("nobody@acme.example"), await Ask("admin@acme.example"));
    }

    [GeneratedRegex("CfDJ8[A-Za-z0-9_\\-+/=]+")]
    private static partial Regex AntiforgeryValue();
}
