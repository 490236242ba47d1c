using DeviceConsole.Domain;

namespace DeviceConsole.Services.Access;

/// <summary>
/// The actor's memberships, read fresh for one service call (A3), and the A1 arithmetic on them.
/// Everything the actor may see is derived from here (A4).
/// </summary>
public sealed class ActorView(string accountId, string email, IReadOnlyList<Grant> grants, string? tokenName = null)
{
    public string AccountId { get; } = accountId;
    public string Email { get; } = email;
    public IReadOnlyList<Grant> Grants { get; } = grants;
    /// <summary>The API token the call acts with (T2), whose grants are already clamped to its scope and ceiling.</summary>
    public string? TokenName { get; } = tokenName;

    /// <summary>T2: an API call's entries name the account and the token, in the actor column the log already shows and filters.</summary>
    public Actor AsActor() => new(AccountId, TokenName is null ? Email : Truncate($"{Email} (token '{TokenName}')"));

    private static string Truncate(string text) => text.Length <= Actor.MaxEmailLength ? text : text[..(Actor.MaxEmailLength - 2)] + "')";

    /// <summary>A1: the highest role among memberships in the organization and its ancestors.</summary>
    public Role? EffectiveRole(string organizationPath) => Source(organizationPath)?.Role;

    /// <summary>A7: the membership that gives the effective role; the nearest one on a tie.</summary>
    public Grant? Source(string organizationPath) => EffectiveRoles.Best(
        Grants.Where(g => OrganizationPath.IsInSubtree(organizationPath, g.Path)), g => g.Role, g => g.Path.Length);

    public bool Sees(string organizationPath) => EffectiveRole(organizationPath) is not null;

    /// <summary>
    /// The path of an organization the actor is a member of, as read with this view (so current for
    /// this operation); null for any other organization, whose path must be read.
    /// </summary>
    public string? MemberPath(int organizationId)
    {
        foreach (var grant in Grants)
            if (grant.OrganizationId == organizationId)
                return grant.Path;
        return null;
    }

    /// <summary>A2: Admin or Staff effective in the organization create, edit, transfer and delete its devices.</summary>
    public bool ManagesDevicesIn(string organizationPath) => EffectiveRole(organizationPath) >= Role.Staff;

    /// <summary>A2: Admin effective in the organization invites, changes members and manages sub-organizations.</summary>
    public bool Administers(string organizationPath) => EffectiveRole(organizationPath) == Role.Admin;

    /// <summary>A2, A6: a device is visible by the actor's role in the device's own organization, or to its owner with any role there.</summary>
    public bool SeesDevice(string organizationPath, string ownerId) =>
        ManagesDevicesIn(organizationPath) || (ownerId == AccountId && Sees(organizationPath));

    /// <summary>
    /// A4: the actor may read an organization's name when it has a role there or the organization
    /// is an ancestor of one where it has (breadcrumbs, "through Acme IoT").
    /// </summary>
    public bool SeesOrganizationName(string organizationPath) =>
        Sees(organizationPath) || Grants.Any(g => OrganizationPath.IsInSubtree(g.Path, organizationPath));

    // The subtree lists are worked out once per view: a call asks for them several times, and a view lives for one call.

    /// <summary>Subtree roots of everything the actor sees, without nested duplicates.</summary>
    public IReadOnlyList<string> VisibleSubtrees => field ??= TopMost(Grants.Select(g => g.Path));

    /// <summary>Subtree roots where the actor has Admin or Staff.</summary>
    public IReadOnlyList<string> ManagedSubtrees => field ??= TopMost(Grants.Where(g => g.Role >= Role.Staff).Select(g => g.Path));

    /// <summary>Subtree roots where the actor has Admin.</summary>
    public IReadOnlyList<string> AdministeredSubtrees => field ??= TopMost(Grants.Where(g => g.Role == Role.Admin).Select(g => g.Path));

    private static IReadOnlyList<string> TopMost(IEnumerable<string> paths)
    {
        var distinct = paths.Distinct().OrderBy(p => p.Length).ToList();
        var result = new List<string>();
        foreach (var path in distinct)
            if (!result.Any(r => OrganizationPath.IsInSubtree(path, r)))
                result.Add(path);
        return result;
    }
}
