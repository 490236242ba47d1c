namespace DeviceConsole.Hosting;

/// <summary>
/// The Blazor circuit's negotiate and WebSocket requests carry the signed-in cookie, and browsers
/// send cookies on cross-site WebSockets: a foreign page must not open a circuit as the visitor.
/// Requests without an Origin header are not from a browser page and are let through.
/// </summary>
public static class BlazorOriginCheck
{
    public static IApplicationBuilder UseBlazorOriginCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/_blazor")
                && context.Request.Headers.Origin.ToString() is { Length: > 0 } origin
                && !IsOwnOrigin(context, origin))
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DeviceConsole.Security")
                    .LogWarning("Refused a Blazor connection from the foreign origin {Origin}.", origin);
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                // A body of its own, so the status-code pages do not re-run the request as a page.
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Connections from other sites are refused.");
                return;
            }
            await next(context);
        });

    /// <summary>The configured public origin, or the host this request was sent to (already held to the allowed hosts).</summary>
    public static bool IsOwnOrigin(HttpContext context, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
            return false;
        var publicOrigin = context.RequestServices.GetRequiredService<PublicOrigin>();
        if (string.Equals(uri.GetLeftPart(UriPartial.Authority), publicOrigin.Origin, StringComparison.OrdinalIgnoreCase))
            return true;
        return string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
