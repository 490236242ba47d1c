using System.Text.Encodings.Web;
using DeviceConsole.Services.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Api;

/// <summary>
/// The API's authentication scheme beside the console's cookie: <c>Authorization: Bearer dcpat_…</c>,
/// checked against the database on every request (T3). Only the header is read (T5).
/// </summary>
public sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, TokenAuthenticator tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string TokenInUrl = "token-in-url";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // T5: a token in the URL ends up in proxies' and browsers' logs; it is refused, never tried.
        if (Request.Query.Any(q => q.Key.Contains("token", StringComparison.OrdinalIgnoreCase)
                || q.Value.Any(v => v?.Contains(AccessTokenSecrets.Prefix, StringComparison.Ordinal) == true)))
        {
            Context.Items[TokenInUrl] = true;
            return AuthenticateResult.Fail("A token was sent in the URL.");
        }

        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Not a bearer token.");

        var token = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (token is null)
            return AuthenticateResult.Fail("The token is not valid.");
        return AuthenticateResult.Success(new AuthenticationTicket(TokenClaims.Principal(token), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(TokenInUrl))
            return ApiProblems.WriteAsync(Context, ApiProblems.Problem(StatusCodes.Status400BadRequest,
                "Tokens are accepted only in the Authorization header, never in the URL. Revoke this token and create a new one: URLs are logged.", "T5"));
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(Context, ApiProblems.Unauthorized());
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, ApiProblems.Problem(StatusCodes.Status403Forbidden, "This token may not do that."));
}
