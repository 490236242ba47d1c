using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Hosting;

/// <summary>The console's own address (<c>App</c> section).</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>Scheme, host and port people reach the console at, e.g. <c>https://console.example.com</c>.</summary>
    public string? PublicOrigin { get; set; }

    /// <summary>The configured origin, validated; null when not configured.</summary>
    public static Uri? Parse(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
            return null;
        if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            throw new InvalidOperationException($"App:PublicOrigin \"{configured}\" is not an http(s) origin such as https://console.example.com.");
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return new Uri($"{uri.Scheme}://{uri.Authority}{path}");
    }
}

/// <summary>
/// Where emailed links point. Never the request's Host header, which anyone can set: the configured
/// <c>App:PublicOrigin</c>, or in Development the address the console listens on.
/// </summary>
public sealed class PublicOrigin(IOptions<AppOptions> options, IHostEnvironment? environment = null, IServer? server = null)
{
    private Uri? _baseUri;

    /// <summary>The base of every link, ending with a slash.</summary>
    public Uri BaseUri => _baseUri ??= Resolve();

    public string BaseUrl => BaseUri.AbsoluteUri;

    /// <summary>The origin alone (scheme, host, port), as browsers send it in an <c>Origin</c> header.</summary>
    public string Origin => BaseUri.GetLeftPart(UriPartial.Authority);

    public string Link(string relative) => new Uri(BaseUri, relative.TrimStart('/')).AbsoluteUri;

    private Uri Resolve()
    {
        if (AppOptions.Parse(options.Value.PublicOrigin) is { } configured)
            return configured;
        if (environment?.IsDevelopment() != true)
            throw new InvalidOperationException("App:PublicOrigin must be set outside Development.");
        // The first address Kestrel listens on, with a wildcard host read as 127.0.0.1; the test host has none.
        var address = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
            return new Uri("http://localhost/");
        address = address.Replace("://[::]", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1")
            .Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1");
        return AppOptions.Parse(address) ?? new Uri("http://localhost/");
    }
}
