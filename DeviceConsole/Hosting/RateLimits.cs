using System.Threading.RateLimiting;
using DeviceConsole.Services.Common;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Hosting;

/// <summary>One fixed window per client address: how many form posts, in how many minutes.</summary>
public sealed class RateLimitWindow
{
    public int PermitLimit { get; set; }
    public int WindowMinutes { get; set; }
}

/// <summary>Per-client-address limits on the public forms (<c>RateLimits</c> section).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";
    public RateLimitWindow SignIn { get; set; } = new() { PermitLimit = 20, WindowMinutes = 5 };
    public RateLimitWindow ForgotPassword { get; set; } = new() { PermitLimit = 5, WindowMinutes = 60 };
    public RateLimitWindow ResendConfirmation { get; set; } = new() { PermitLimit = 5, WindowMinutes = 60 };
    public RateLimitWindow InvitationLink { get; set; } = new() { PermitLimit = 30, WindowMinutes = 60 };
}

/// <summary>
/// The ASP.NET Core rate limiter, partitioned by the client address (the proxy's client once
/// forwarded headers are trusted). Registration keeps its own <c>Registration</c> section (S2).
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string ForgotPassword = "forgot-password";
    public const string ResendConfirmation = "resend-confirmation";
    public const string InvitationLink = "invitation-link";

    public static IServiceCollection AddConsoleRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DeviceConsole.Security")
                    .LogWarning("Rate limit reached on {Path} for {ClientAddress}.", http.Request.Path, ClientAddress(http));
                http.Response.ContentType = "text/plain; charset=utf-8";
                var what = http.Request.Path.StartsWithSegments("/Account/Register") ? "registrations" : "requests";
                await http.Response.WriteAsync($"Too many {what} from your network address. Try again later.", ct);
            };
            options.AddPolicy(RegistrationOptions.RateLimitPolicy, http =>
            {
                var settings = http.RequestServices.GetRequiredService<IOptions<RegistrationOptions>>().Value;
                return PostsPerAddress(http, RegistrationOptions.RateLimitPolicy,
                    new RateLimitWindow { PermitLimit = settings.PermitLimit, WindowMinutes = settings.WindowMinutes }, postsOnly: true);
            });
            Add(options, SignIn, o => o.SignIn, postsOnly: true);
            Add(options, ForgotPassword, o => o.ForgotPassword, postsOnly: true);
            Add(options, ResendConfirmation, o => o.ResendConfirmation, postsOnly: true);
            // The invitation page is opened by GET; answering it happens in the circuit it starts.
            Add(options, InvitationLink, o => o.InvitationLink, postsOnly: false);
        });
        return services;
    }

    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static void Add(Microsoft.AspNetCore.RateLimiting.RateLimiterOptions options, string policy,
        Func<RateLimitOptions, RateLimitWindow> window, bool postsOnly) =>
        options.AddPolicy(policy, http => PostsPerAddress(http, policy,
            window(http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value), postsOnly));

    private static RateLimitPartition<string> PostsPerAddress(HttpContext http, string policy, RateLimitWindow window, bool postsOnly)
    {
        if (postsOnly && !HttpMethods.IsPost(http.Request.Method))
            return RateLimitPartition.GetNoLimiter("view");
        return RateLimitPartition.GetFixedWindowLimiter($"{policy}:{ClientAddress(http)}",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, window.PermitLimit),
                Window = TimeSpan.FromMinutes(Math.Max(1, window.WindowMinutes)),
                QueueLimit = 0,
            });
    }
}
