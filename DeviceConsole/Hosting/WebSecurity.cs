using DeviceConsole.Services.Accounts.Sessions;
using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace DeviceConsole.Hosting;

/// <summary>Which proxies may tell the console the client's address and scheme (<c>ForwardedHeaders</c> section).</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";
    /// <summary>Addresses of the reverse proxies in front of the console, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];
    /// <summary>Networks of the proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];
    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>
/// What the console needs to face the open internet: its public origin and allowed hosts,
/// forwarded headers only from configured proxies, HSTS, hardened cookies, rate limits,
/// security headers and the circuit's Origin check.
/// </summary>
public static class WebSecurity
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static WebApplicationBuilder AddWebSecurity(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.Configure<AppOptions>(configuration.GetSection(AppOptions.Section));
        services.AddSingleton<PublicOrigin>();

        var origin = AppOptions.Parse(configuration[$"{AppOptions.Section}:PublicOrigin"]);
        if (origin is null && !builder.Environment.IsDevelopment())
            throw new InvalidOperationException(
                "Set App:PublicOrigin (for example https://console.example.com): emailed links and the allowed host come from it.");

        // AllowedHosts, when the operator lists hosts, wins; otherwise only the public host is answered.
        var configuredHosts = configuration["AllowedHosts"];
        if (string.IsNullOrWhiteSpace(configuredHosts) || configuredHosts.Trim() == "*")
        {
            string[] hosts = origin is null ? LoopbackHosts : [origin.IdnHost.Contains(':') ? $"[{origin.IdnHost}]" : origin.IdnHost];
            services.PostConfigure<HostFilteringOptions>(o =>
            {
                o.AllowedHosts = hosts;
                o.AllowEmptyHosts = false;
            });
        }

        var proxies = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies are believed; the loopback default is dropped.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies)
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in proxies.KnownNetworks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });

        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });

        var sessions = configuration.GetSection(SignInSessionOptions.Section).Get<SignInSessionOptions>() ?? new SignInSessionOptions();
        services.Configure<SignInSessionOptions>(configuration.GetSection(SignInSessionOptions.Section));
        services.AddConsoleCookies(https: origin?.Scheme == Uri.UriSchemeHttps, sessions);
        services.AddConsoleRateLimits(configuration);
        return builder;
    }

    /// <summary>The front of the pipeline: forwarded headers first, so everything after sees the client.</summary>
    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        if (proxies.Any)
            app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        return app;
    }
}
