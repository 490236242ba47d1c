using System.Net;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 11: security headers, cookie names and the circuit's Origin check.</summary>
public sealed class HeadersAndCookiesTests : IAsyncLifetime
{
    private const string Origin = "https://console.example.com";
    private readonly ConsoleFactory _factory = new(new() { ["App:PublicOrigin"] = Origin }, environment: "Production");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient Client()
    {
        var client = _factory.Client();
        client.BaseAddress = new Uri(Origin);
        return client;
    }

    [Fact]
    public async Task EveryPage_CarriesTheSecurityHeaders_AndAccountPagesAreNotCached()
    {
        var response = await Client().GetAsync("/Account/Login");

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        var scripts = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src"));
        Assert.Equal("script-src 'self'", scripts);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var hsts = response.Headers.GetValues("Strict-Transport-Security").Single();
        Assert.Contains("max-age=31536000", hsts);
    }

    [Fact]
    public async Task OverHttps_CookiesUseTheHostPrefix_AndAreSecure()
    {
        var client = Client();
        var page = await client.GetAsync("/Account/Login");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.Contains("Antiforgery"));
        Assert.StartsWith("__Host-DeviceConsole.Antiforgery=", antiforgery);
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        var signedIn = await client.SignInAsync("admin@acme.example");
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.Contains("DeviceConsole.Session"));
        Assert.StartsWith("__Host-DeviceConsole.Session=", session);
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheCircuit_RefusesAForeignOrigin()
    {
        var client = Client();
        var foreign = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        foreign.Headers.Add("Origin", "https://evil.example");
        var refused = await client.SendAsync(foreign);
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{refused.StatusCode}: {await refused.Content.ReadAsStringAsync()}");

        var own = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        own.Headers.Add("Origin", Origin);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await client.SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task TheAuditExport_IsNotCached()
    {
        var client = Client();
        await client.SignInOrFailAsync("admin@acme.example");
        var export = await client.GetAsync("/audit/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("no-store", export.Headers.CacheControl!.ToString());
    }
}
