using DeviceConsole.Services.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

namespace DeviceConsole.Api;

/// <summary>
/// The automation API under <c>/api/v1</c>: bearer tokens beside the console's cookie (the cookie
/// never authenticates an API call, so no antiforgery is needed), per-token rate limits, problem
/// details, and the OpenAPI document with its Scalar reference, both generated from the endpoints.
/// </summary>
public static class ApiRegistration
{
    public const string Prefix = "/api/v1";
    public const string Policy = "api";
    public const string DocumentPath = "/api/openapi/{documentName}.json";
    public const string DocsPath = "/api/docs";

    public static IServiceCollection AddDeviceConsoleApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiOptions>(configuration.GetSection(ApiOptions.Section));
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(TokenClaims.Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(TokenClaims.Scheme).RequireAuthenticatedUser());
        services.AddRateLimiter(o => o.AddPolicy<string, ApiRateLimiting>(ApiOptions.RateLimitPolicy));
        services.AddSingleton<ApiCursor>();
        services.AddScoped<Idempotency>();
        services.AddHostedService<TokenExpirySweep>();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "DeviceConsole automation API";
            document.Info.Description = "The console's rules over REST. Authenticate with \"Authorization: Bearer dcpat_…\"; "
                + "errors are RFC 9457 problem details carrying the rule ID.";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Before the endpoints: problem details instead of the console's status pages, and the request log.</summary>
    public static IApplicationBuilder UseDeviceConsoleApi(this IApplicationBuilder app) => app.UseMiddleware<ApiPipeline>();

    public static IEndpointRouteBuilder MapDeviceConsoleApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .RequireAuthorization(Policy)
            .RequireRateLimiting(ApiOptions.RateLimitPolicy)
            .DisableAntiforgery()
            .AddEndpointFilter(ApiProblems.Filter)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapOrganizations();
        api.MapDevices();
        api.MapTransfers();
        api.MapMembers();
        api.MapAudit();

        endpoints.MapOpenApi(DocumentPath).AllowAnonymous();
        endpoints.MapScalarApiReference(DocsPath, o => o.WithTitle("DeviceConsole API").WithOpenApiRoutePattern(DocumentPath)).AllowAnonymous();
        return endpoints;
    }
}
