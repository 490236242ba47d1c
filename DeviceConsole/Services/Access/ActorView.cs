using DeviceConsole.Domain;

namespace DeviceConsole.Services.Access;

/// <summary>One membership of the actor, with the organization's path at the time it was read.</summary>
public sealed record Grant(int MembershipId, int OrganizationId, string OrganizationName, string Path, Role Role);

/// <summary>
/// The actor's memberships, read fresh for one service call (A3), and the A1 arithmetic on them.
/// Everything the actor may see is derived from here (A4).
/// </summary>
public sealed class ActorView(string accountId, string email, IReadOnlyList<Grant> grants)
{
    public string AccountId { get; } = accountId;
    public string Email { get; } = email;
    public IReadOnlyList<Grant> Grants { get; } = grants;

    public Actor AsActor() => new(AccountId, Email);

    /// <summary>A1: the highest role among memberships in the organization and its ancestors.</summary>
    public Role? EffectiveRole(string organizationPath) => Source(organizationPath)?.Role;

    /// <summary>A7: the membership that gives the effective role; the nearest one on a tie.</summary>
    public Grant? Source(string organizationPath) => Grants
        .Where(g => OrganizationPath.IsInSubtree(organizationPath, g.Path))
        .OrderByDescending(g => g.Role)
        .ThenByDescending(g => g.Path.Length)
        .FirstOrDefault();

    public bool Sees(string organizationPath) => EffectiveRole(organizationPath) is not null;

    /// <summary>
    /// A4: the actor may read an organization's name when it has a role there or the organization
    /// is an ancestor of one where it has (breadcrumbs, "through Acme IoT").
    /// </summary>
    public bool SeesOrganizationName(string organizationPath) =>
        Sees(organizationPath) || Grants.Any(g => OrganizationPath.IsInSubtree(g.Path, organizationPath));

    /// <summary>Subtree roots of everything the actor sees, without nested duplicates.</summary>
    public IReadOnlyList<string> VisibleSubtrees => TopMost(Grants.Select(g => g.Path));

    /// <summary>Subtree roots where the actor has Admin or Staff.</summary>
    public IReadOnlyList<string> ManagedSubtrees => TopMost(Grants.Where(g => g.Role >= Role.Staff).Select(g => g.Path));

    /// <summary>Subtree roots where the actor has Admin.</summary>
    public IReadOnlyList<string> AdministeredSubtrees => TopMost(Grants.Where(g => g.Role == Role.Admin).Select(g => g.Path));

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
