using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DeviceConsole.Tests.EndToEnd;

/// <summary>
/// WCAG 2.1 AA as axe-core checks it, on every page, in the light and the dark palette. One
/// browser context signs in once and is switched to dark by the emulated system setting, which
/// the console follows while an account keeps the default "match the system" scheme.
/// </summary>
[Collection("E2E"), Trait("Category", "E2E")]
public sealed class AccessibilityEndToEndTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    // The dark palette's background, rgb(26, 27, 34): the page is drawn dark once it shows.
    private const string DarkBackground = "rgb(26, 27, 34)";

    private readonly List<string> _violations = [];

    [Fact]
    public async Task EveryPage_InLightAndDarkMode_HasNoWcagAaViolations()
    {
        Assert.SkipWhen(app.Browser is null, "Chromium is not installed on this machine (apt-get install -y chromium).");
        var deviceId = await DeviceIdAsync("CLA-SN-1001");

        var visitor = await NewPageAsync();
        var admin = await NewPageAsync();
        await BrowserApp.SignInOnAsync(admin, "admin@acme.example");
        var invitation = await InviteAsync(admin);

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await visitor.EmulateMediaAsync(new() { ColorScheme = scheme });
            await admin.EmulateMediaAsync(new() { ColorScheme = scheme });
            await CheckAsync(visitor, scheme, "Account/Login", "input[name='Input.Email']");
            await CheckAsync(visitor, scheme, "Account/Register", "form");
            await CheckAsync(visitor, scheme, "Account/Lockout", "[data-testid=lockout]");
            await CheckAsync(visitor, scheme, invitation, "[data-testid=invitation]");

            await CheckAsync(admin, scheme, "", "[data-testid=tile-devices]");
            await CheckAsync(admin, scheme, "organizations", "[data-testid=organization-details]");
            await CheckAsync(admin, scheme, "devices", "[data-testid=device-grid] tbody tr a");
            await CheckAsync(admin, scheme, $"devices/{deviceId}", "[data-testid=who-has-access]");
            await CheckAsync(admin, scheme, "members", "[data-testid=direct-members]");
            await CheckAsync(admin, scheme, "audit", "[data-testid=audit-grid] tbody tr td");
            await CheckAsync(admin, scheme, "invitations", "[data-testid=no-invitations], [data-testid=my-invitations]");
            await CheckAsync(admin, scheme, "Account/Manage", "form");
        }

        Assert.True(_violations.Count == 0, string.Join(Environment.NewLine, _violations));
    }

    private async Task<IPage> NewPageAsync()
    {
        // axe and the palette probe evaluate script strings, which the console's CSP forbids (no 'unsafe-eval');
        // the policy itself is asserted by the header tests.
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, BypassCSP = true });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    private async Task CheckAsync(IPage page, ColorScheme scheme, string path, string ready)
    {
        await page.GotoAsync(path);
        await page.Locator(ready).First.WaitForAsync();
        if (!path.StartsWith("Account/", StringComparison.Ordinal))
            await BrowserApp.WaitForCircuitAsync(page);
        // The dark palette is applied once the circuit asked the browser for its setting.
        var dark = $"getComputedStyle(document.body).backgroundColor {(scheme == ColorScheme.Dark ? "===" : "!==")} '{DarkBackground}'";
        try
        {
            await page.WaitForFunctionAsync(dark, null, new() { PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new() { Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"axe-{scheme}-{path.Replace('/', '_')}.png") });
            await File.WriteAllTextAsync(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "axe-page.html"), await page.ContentAsync());
            throw new TimeoutException($"/{path} ({scheme}): body is {await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor")}");
        }
        // A button's colours follow the palette through a 250 ms transition: without this, axe could sample one
        // between the two palettes (seen once, under load, on /members in dark). It checks the colours the page settles on.
        await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; animation: none !important; }" });
        var result = await page.RunAxe(WcagAa);
        foreach (var violation in result.Violations)
            _violations.Add($"/{path} ({scheme}): {violation.Id}: {violation.Help} at " +
                string.Join(" | ", violation.Nodes.Take(5).Select(n => $"{n.Target} {n.Html}")));
    }

    // A real invitation link, opened signed out: the page a new invitee sees first.
    private async Task<string> InviteAsync(IPage admin)
    {
        var clientB = await OrganizationIdAsync("Client B");
        await admin.GotoAsync($"members?invite={Uri.EscapeDataString("newcomer@example.com")}&organization={clientB}");
        await BrowserApp.WaitForCircuitAsync(admin);
        await admin.ClickAsync("[data-testid=invite-submit]");
        var link = await admin.Locator("input[data-testid=invite-link]").InputValueAsync();
        await admin.ClickAsync("[data-testid=invite-done]");
        return new Uri(link).PathAndQuery.TrimStart('/');
    }

    private async Task<int> OrganizationIdAsync(string name)
    {
        await using var db = await NewDbContextAsync();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    private async Task<int> DeviceIdAsync(string serial)
    {
        await using var db = await NewDbContextAsync();
        return await db.Devices.Where(d => d.SerialNumber == serial).Select(d => d.Id).SingleAsync();
    }

    private Task<AppDbContext> NewDbContextAsync() =>
        app.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
}
