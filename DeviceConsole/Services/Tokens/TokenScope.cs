using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Tokens;

/// <summary>
/// T2: a token acts with min(ceiling, the account's effective role now) and only in its
/// organization's subtree. Applied to the account's memberships where the view is loaded, so every
/// service and every rule sees the clamped view and nothing else.
/// </summary>
public static class TokenScope
{
    /// <param name="grants">The account's memberships, read now.</param>
    /// <param name="scopeId">The token's organization.</param>
    public static IReadOnlyList<Grant> Clamp(IReadOnlyList<Grant> grants, int scopeId, string scopeName, string scopePath, Role ceiling)
    {
        var result = new List<Grant>();
        foreach (var grant in grants)
        {
            var role = grant.Role < ceiling ? grant.Role : ceiling;
            if (OrganizationPath.IsInSubtree(grant.Path, scopePath))
                result.Add(grant with { Role = role });
            // A membership above the scope gives its role from the scope's root down, never above it (A1).
            else if (OrganizationPath.IsInSubtree(scopePath, grant.Path))
                result.Add(grant with { OrganizationId = scopeId, OrganizationName = scopeName, Path = scopePath, Role = role });
        }
        return result;
    }
}
