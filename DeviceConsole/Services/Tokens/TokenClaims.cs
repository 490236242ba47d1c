using System.Globalization;
using System.Security.Claims;
using DeviceConsole.Domain;

namespace DeviceConsole.Services.Tokens;

/// <summary>
/// How a request authenticated with an API token carries the token (T2) to the services: claims on
/// a principal whose authentication type is <see cref="Scheme"/>. Nothing else issues that type.
/// </summary>
public static class TokenClaims
{
    public const string Scheme = "Bearer";
    private const string TokenId = "dc:token-id";
    private const string TokenName = "dc:token-name";
    private const string TokenPrefix = "dc:token-prefix";
    private const string OrganizationId = "dc:token-organization";
    private const string Ceiling = "dc:token-ceiling";

    public static ClaimsPrincipal Principal(TokenIdentity token) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, token.AccountId),
        new Claim(ClaimTypes.Name, token.Email),
        new Claim(TokenId, token.TokenId.ToString(CultureInfo.InvariantCulture)),
        new Claim(TokenName, token.Name),
        new Claim(TokenPrefix, token.Prefix),
        new Claim(OrganizationId, token.OrganizationId.ToString(CultureInfo.InvariantCulture)),
        new Claim(Ceiling, token.Ceiling.ToString()),
    ], Scheme));

    /// <summary>The token a principal acts with, or null for a console sign-in.</summary>
    public static ActingToken? Read(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true, AuthenticationType: Scheme })
            return null;
        return new ActingToken(
            int.Parse(user.FindFirstValue(TokenId)!, CultureInfo.InvariantCulture),
            user.FindFirstValue(TokenName)!,
            user.FindFirstValue(TokenPrefix)!,
            int.Parse(user.FindFirstValue(OrganizationId)!, CultureInfo.InvariantCulture),
            Enum.Parse<Role>(user.FindFirstValue(Ceiling)!));
    }
}

/// <summary>The token a call acts with (T2): its scope and ceiling clamp the actor's view.</summary>
public sealed record ActingToken(int TokenId, string Name, string Prefix, int OrganizationId, Role Ceiling);
