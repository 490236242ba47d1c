using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Playwright;

namespace DeviceConsole.Tests.Support;

/// <summary>
/// The real app on a real port, seeded, with Debian's Chromium driven by Playwright. One per
/// test class, so classes never see each other's changes.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly ConsoleFactory _factory;
    private IPlaywright? _playwright;

    public BrowserApp() : this(new ConsoleFactory()) { }

    private BrowserApp(ConsoleFactory factory) => _factory = factory;

    /// <summary>A browser over a factory of the caller's (another database, other settings).</summary>
    public static BrowserApp Over(ConsoleFactory factory) => new(factory);

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public ConsoleFactory Factory => _factory;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            // In CI a missing browser is a failure, never a skip.
            if (Environment.GetEnvironmentVariable("CI") is not null)
                throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}: apt-get install -y chromium");
            return;
        }

        _factory.UseKestrel(0);
        _factory.StartServer();
        var server = _factory.Services.GetRequiredService<IServer>();
        BaseUrl = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1").TrimEnd('/') + "/";

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (own cookies) signed in as <paramref name="email"/>.</summary>
    public async Task<IPage> SignInAsync(string email, string password = ServiceHarness.DemoPassword)
    {
        Assert.SkipWhen(Browser is null, "Chromium is not installed on this machine (apt-get install -y chromium).");
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await SignInOnAsync(page, email, password);
        return page;
    }

    public static async Task SignInOnAsync(IPage page, string email, string password = ServiceHarness.DemoPassword)
    {
        await page.GotoAsync("Account/Login");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("Account/Login"));
        await WaitForCircuitAsync(page);
    }

    /// <summary>Prerendered pages look ready before clicks work; the layout marks the live circuit.</summary>
    public static async Task WaitForCircuitAsync(IPage page)
    {
        await page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }
}

[CollectionDefinition("E2E", DisableParallelization = true)]
public sealed class EndToEndCollection;
