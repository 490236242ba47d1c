using System.Threading.RateLimiting;
using DeviceConsole.Services.Common;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Components.Account;

public static class RegistrationRateLimiting
{
    /// <summary>
    /// S2: registrations (form posts to the Register page) per client address in a fixed window,
    /// from the <c>Registration</c> section; viewing the page is not counted.
    /// </summary>
    public static IServiceCollection AddRegistrationRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(
                    "Too many registrations from your network address. Try again later.", ct);
            };
            options.AddPolicy(RegistrationOptions.RateLimitPolicy, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method))
                    return RateLimitPartition.GetNoLimiter("view");
                var settings = http.RequestServices.GetRequiredService<IOptions<RegistrationOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = Math.Max(1, settings.PermitLimit),
                        Window = TimeSpan.FromMinutes(Math.Max(1, settings.WindowMinutes)),
                        QueueLimit = 0,
                    });
            });
        });
        return services;
    }
}
