using DeviceConsole.Api.Contracts;
using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts.TwoFactor;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices.Transfers;
using Microsoft.AspNetCore.Mvc;

namespace DeviceConsole.Api;

/// <summary>
/// The one place that turns the services' refusals into RFC 9457 problem details, carrying the
/// rule ID and the same sentence the console shows: 404 outside the view (A4), 403 naming the role
/// needed, 412 for a stale version (D9), 422 for invalid input, 409 for every other refusal.
/// </summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    /// <summary>Runs the endpoint and answers a refusal as problem details; anything else is a bug and stays a 500.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (From(e) is { } problem)
        {
            return Result(problem);
        }
    }

    public static ProblemDetails? From(Exception exception)
    {
        switch (exception)
        {
            case ApiRequestException request:
                return Problem(request.Status, request.Message);
            case TwoFactorRequiredException twoFactor:
                return Problem(StatusCodes.Status403Forbidden, twoFactor.Message);
            case InvalidCursorException:
                return Problem(StatusCodes.Status400BadRequest, ApiCursor.InvalidMessage);
            case NotFoundException notFound:
                return Problem(StatusCodes.Status404NotFound, notFound.Message, "A4");
            case UnauthorizedAccessException:
                return Unauthorized();
            case StorageFailureException storage:
                return Problem(StatusCodes.Status503ServiceUnavailable, storage.Message);
            case DomainException refusal:
                // A refused bulk transfer names the rule of its first failing device, as its log line does (D8).
                var rule = refusal.Rule ?? (refusal as TransferRefusedException)?.Failures.Select(f => f.Rule).FirstOrDefault(r => r is not null)
                    ?? (refusal is TransferRefusedException ? "D8" : null);
                var problem = Problem(Status(refusal), refusal.Message, rule);
                if (refusal.NeededRole is { } role)
                    problem.Extensions["neededRole"] = role.ToString();
                switch (refusal)
                {
                    case OwnerWithoutAccessException owner:
                        problem.Extensions["email"] = owner.Email;
                        problem.Extensions["organizationId"] = owner.OrganizationId;
                        problem.Extensions["canInvite"] = owner.CanInvite;
                        break;
                    case TransferRefusedException transfer:
                        problem.Extensions["failures"] = transfer.Failures.Select(PlannedDeviceResponse.From).ToList();
                        break;
                }
                return problem;
            default:
                return null;
        }
    }

    private static int Status(DomainException refusal) => refusal switch
    {
        { NeededRole: not null } => StatusCodes.Status403Forbidden,
        { Rule: "D9" } => StatusCodes.Status412PreconditionFailed,
        { IsInvalidInput: true } => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>T3: one answer for an unknown, malformed, expired or revoked token, so none can be told apart.</summary>
    public static ProblemDetails Unauthorized() => Problem(StatusCodes.Status401Unauthorized,
        "Send a valid API token as \"Authorization: Bearer dcpat_…\". Tokens are created on the API tokens page of the console.", "T3");

    public static ProblemDetails Problem(int status, string detail, string? rule = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = Title(status),
            Detail = detail,
            Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
        };
        if (rule is not null)
            problem.Extensions["rule"] = rule;
        return problem;
    }

    public static IResult Result(ProblemDetails problem) =>
        Results.Json(problem, ApiJson.Options, ContentType, problem.Status);

    public static Task WriteAsync(HttpContext context, ProblemDetails problem) =>
        Result(problem).ExecuteAsync(context);

    private static string Title(int status) => status switch
    {
        400 => "The request could not be read",
        401 => "Not authenticated",
        403 => "Not allowed with this role",
        404 => "Not found",
        409 => "Refused by a rule",
        412 => "Changed since you read it",
        413 => "Body too large",
        415 => "Unsupported content type",
        422 => "Invalid input",
        428 => "Version required",
        429 => "Too many requests",
        503 => "Storage unavailable",
        _ => "Error",
    };
}
