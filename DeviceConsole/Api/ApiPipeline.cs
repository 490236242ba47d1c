using System.Diagnostics;
using DeviceConsole.Services.Tokens;
using Microsoft.AspNetCore.Diagnostics;

namespace DeviceConsole.Api;

/// <summary>
/// Middleware for <c>/api</c>: errors stay problem details (the console's HTML status pages are
/// turned off), and each call writes one log line naming the token by name and prefix, never the
/// token or the query string (T5).
/// </summary>
public sealed class ApiPipeline(RequestDelegate next, ILogger<ApiPipeline> logger)
{
    public const string Root = "/api";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Root))
        {
            await next(context);
            return;
        }
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            pages.Enabled = false;

        var started = Stopwatch.GetTimestamp();
        await next(context);

        if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentType is null)
            await ApiProblems.WriteAsync(context, ApiProblems.Problem(context.Response.StatusCode,
                context.Response.StatusCode == StatusCodes.Status404NotFound ? "There is no such API resource." : "The request was not accepted."));

        var token = TokenClaims.Read(context.User);
        logger.LogInformation("API {Method} {Path} answered {Status} in {Elapsed:F0} ms for token {TokenName} ({TokenPrefix}) of account {AccountId}",
            context.Request.Method, context.Request.Path.Value, context.Response.StatusCode,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, token?.Name ?? "-", token?.Prefix ?? "-",
            token is null ? "-" : context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
    }
}
