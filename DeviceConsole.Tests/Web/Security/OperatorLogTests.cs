using DeviceConsole.Tests.Support;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 12: logs an operator can use, without credentials in them.</summary>
public sealed class OperatorLogTests
{
    [Fact, Trait("Rule", "L2")]
    public async Task SignIns_AreLoggedWithTheAccountOrUnknown_AndTheClientAddress_OnTimestampedLines()
    {
        await using var factory = new ConsoleFactory();
        var client = factory.Client();
        await client.SignInOrFailAsync("admin@acme.example");
        await client.SignInAsync("nobody@acme.example", "Wrong-Pass-2026");

        var lines = factory.Logs.Entries.Select(e => e.Message).ToList();
        Assert.Contains(lines, m => m.StartsWith("Sign-in succeeded for admin@acme.example from "));
        Assert.Contains(lines, m => m.StartsWith("Sign-in refused for unknown from "));
        Assert.DoesNotContain(lines, m => m.Contains("nobody@acme.example"));
        var console = factory.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;
        Assert.False(string.IsNullOrEmpty(console.TimestampFormat));
        Assert.True(console.UseUtcTimestamp);
    }

    [Fact, Trait("Rule", "M4")]
    public async Task OutsideDevelopment_ResetLinksNeverReachTheLog()
    {
        await using var factory = new ConsoleFactory(new() { ["App:PublicOrigin"] = "https://console.example.com" }, environment: "Production");
        var client = factory.Client();
        client.BaseAddress = new Uri("https://console.example.com");
        await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = "admin@acme.example" });

        var mail = Assert.Single(await factory.MailsAsync());
        Assert.Contains("Account/ResetPassword?code=", mail);
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Message.Contains("ResetPassword?code="));
    }
}
