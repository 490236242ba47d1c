using System.Globalization;
using System.Threading.RateLimiting;
using DeviceConsole.Services.Tokens;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Api;

/// <summary>
/// Requests per token in a fixed window (<c>Api:PermitLimit</c> per <c>Api:WindowSeconds</c>); over
/// the limit the answer is 429 problem details with <c>Retry-After</c>.
/// </summary>
public sealed class ApiRateLimiting(IOptions<ApiOptions> options) : IRateLimiterPolicy<string>
{
    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var token = TokenClaims.Read(httpContext.User);
        var key = token is null ? "address:" + httpContext.Connection.RemoteIpAddress : "token:" + token.TokenId.ToString(CultureInfo.InvariantCulture);
        var settings = options.Value;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, settings.PermitLimit),
            Window = TimeSpan.FromSeconds(Math.Max(1, settings.WindowSeconds)),
            QueueLimit = 0,
        });
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : Math.Max(1, options.Value.WindowSeconds);
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ApiProblems.WriteAsync(context.HttpContext, ApiProblems.Problem(StatusCodes.Status429TooManyRequests,
            $"This token sent more than {options.Value.PermitLimit} requests in {options.Value.WindowSeconds} seconds; retry in {seconds} seconds."));
    };
}
