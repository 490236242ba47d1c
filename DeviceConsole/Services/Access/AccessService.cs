using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Access;

/// <summary>An organization as the actor may see it, with its path of names from the root.</summary>
public sealed record OrganizationRef(int Id, string Name, int? ParentId, string Path, string PathLabel)
{
    public int Level => OrganizationPath.Level(Path);
}

/// <summary>
/// The one definition of the actor's view (A1, A4) and of who has access to a device (A7).
/// Every service call loads a fresh <see cref="ActorView"/> inside its own context and
/// transaction, so membership changes take effect on the actor's next action (A3, S3).
/// </summary>
public sealed class AccessService(CurrentUser currentUser, ILogger<AccessService> logger)
{
    public async Task<ActorView> LoadViewAsync(AppDbContext db, CancellationToken ct = default)
    {
        var accountId = await currentUser.GetAccountIdAsync();
        var email = await db.Users.Where(u => u.Id == accountId).Select(u => u.Email).SingleOrDefaultAsync(ct)
            ?? throw new UnauthorizedAccessException("This account no longer exists.");
        var grants = await db.Memberships.AsNoTracking()
            .Where(m => m.AccountId == accountId)
            .Select(m => new Grant(m.Id, m.OrganizationId, m.Organization!.Name, m.Organization.Path, m.Role))
            .ToListAsync(ct);
        return new ActorView(accountId, email, grants);
    }

    /// <summary>The organization if the actor has an effective role in it; otherwise not found (A4).</summary>
    public async Task<OrganizationRef> RequireVisibleAsync(AppDbContext db, ActorView view, int organizationId, CancellationToken ct = default)
    {
        var organization = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == organizationId)
            .Select(o => new { o.Id, o.Name, o.ParentId, o.Path })
            .SingleOrDefaultAsync(ct);
        if (organization is null || !view.Sees(organization.Path))
            throw new NotFoundException("organization");
        var names = await AncestorNamesAsync(db, [organization.Path], ct);
        return new OrganizationRef(organization.Id, organization.Name, organization.ParentId, organization.Path,
            PathLabel(organization.Path, names));
    }

    /// <summary>
    /// Refuses an action on something in view that the actor's role may not do, naming the role
    /// it needs (A4), and logs the refusal as a structured warning (L2).
    /// </summary>
    public void RequireRole(ActorView view, OrganizationRef organization, Role needed, string action, string rule)
    {
        var role = view.EffectiveRole(organization.Path);
        if (role >= needed) return;
        throw Refuse(view, rule, $"organization {organization.Id}", $"{action} needs {needed} in {organization.Name}.");
    }

    /// <summary>Logs a rule refusal for operators (L2, never the audit table) and returns it to throw.</summary>
    public DomainException Refuse(ActorView view, string rule, string target, string message)
    {
        logger.LogWarning("Refused {Rule} for {ActorId} on {Target}: {Reason}", rule, view.AccountId, target, message);
        return new DomainException(message);
    }

    /// <summary>
    /// A4, accounts: of the candidates, those the actor may see. Admin and Staff see every account
    /// with an effective role in an organization where they are Admin or Staff (memberships in that
    /// subtree or in its ancestors); a User sees only itself.
    /// </summary>
    public static async Task<IReadOnlySet<string>> VisibleAccountsAsync(AppDbContext db, ActorView view,
        IEnumerable<string> candidateIds, CancellationToken ct = default)
    {
        var candidates = candidateIds.Distinct().ToList();
        var visible = new HashSet<string>(candidates.Where(id => id == view.AccountId));
        var managed = view.ManagedSubtrees;
        if (managed.Count == 0 || candidates.Count == 0)
            return visible;

        var ancestorIds = managed.SelectMany(OrganizationPath.Ids).Distinct().ToList();
        var inManagedSubtree = PathFilter.InAnySubtree<Membership>(m => m.Organization!.Path, managed);
        var inAncestor = (System.Linq.Expressions.Expression<Func<Membership, bool>>)(m => ancestorIds.Contains(m.OrganizationId));
        var found = await db.Memberships.AsNoTracking()
            .Where(m => candidates.Contains(m.AccountId))
            .Where(PathFilter.Or(inManagedSubtree, inAncestor))
            .Select(m => m.AccountId)
            .Distinct()
            .ToListAsync(ct);
        visible.UnionWith(found);
        return visible;
    }

    /// <summary>An organization that may lie outside the view, for naming it in a refusal (A4 shows ancestors' names).</summary>
    public static async Task<OrganizationRef> ReferenceAsync(AppDbContext db, int organizationId, CancellationToken ct = default)
    {
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId)
            .Select(o => new { o.Id, o.Name, o.ParentId, o.Path }).SingleAsync(ct);
        var names = await AccessService.AncestorNamesAsync(db, [organization.Path], ct);
        return new OrganizationRef(organization.Id, organization.Name, organization.ParentId, organization.Path,
            AccessService.PathLabel(organization.Path, names));
    }

    /// <summary>Names of every organization on the given paths, for labels like "Acme IoT / Client A" (A4).</summary>
    public static async Task<IReadOnlyDictionary<int, string>> AncestorNamesAsync(AppDbContext db, IEnumerable<string> paths, CancellationToken ct = default)
    {
        var ids = paths.SelectMany(OrganizationPath.Ids).Distinct().ToList();
        return await db.Organizations.AsNoTracking()
            .Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.Name })
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    public static string PathLabel(string path, IReadOnlyDictionary<int, string> names) =>
        string.Join(" / ", OrganizationPath.Ids(path).Select(id => names.TryGetValue(id, out var name) ? name : "?"));

    /// <summary>
    /// A7: the accounts with access to a device in the organization at <paramref name="organizationPath"/>
    /// owned by <paramref name="ownerId"/>: Admin and Staff effective there, plus the owner, each once,
    /// with the membership its role comes from (the nearest on a tie).
    /// </summary>
    public static async Task<IReadOnlyList<DeviceAccess>> WhoHasAccessAsync(AppDbContext db, string organizationPath, string ownerId, CancellationToken ct = default)
    {
        var ancestorIds = OrganizationPath.Ids(organizationPath);
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => ancestorIds.Contains(m.OrganizationId) && (m.Role >= Role.Staff || m.AccountId == ownerId))
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new
            {
                m.AccountId, u.Email, m.Role, m.OrganizationId, OrganizationName = m.Organization!.Name, OrganizationPath = m.Organization.Path,
            })
            .ToListAsync(ct);

        var result = memberships
            .GroupBy(m => m.AccountId)
            .Select(g =>
            {
                var best = g.OrderByDescending(m => m.Role).ThenByDescending(m => m.OrganizationPath.Length).First();
                return new DeviceAccess(best.AccountId, best.Email ?? "", best.Role, best.OrganizationId, best.OrganizationName,
                    Inherited: best.OrganizationPath != organizationPath, IsOwner: best.AccountId == ownerId);
            })
            .ToList();

        if (!result.Any(r => r.IsOwner))
        {
            // D1 says this cannot happen; if it does, the owner is still listed, with no role.
            var ownerEmail = await db.Users.Where(u => u.Id == ownerId).Select(u => u.Email).SingleOrDefaultAsync(ct);
            result.Add(new DeviceAccess(ownerId, ownerEmail ?? "", null, null, null, false, true));
        }

        return result
            .OrderByDescending(r => r.Role)
            .ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}

/// <summary>
/// One account with access to a device (A7): its effective role in the device's organization and
/// the membership it comes from, and whether it owns the device.
/// </summary>
public sealed record DeviceAccess(string AccountId, string Email, Role? Role, int? SourceOrganizationId,
    string? SourceOrganizationName, bool Inherited, bool IsOwner)
{
    /// <summary>A role that sees the device only because it owns it (a User, A2).</summary>
    public bool OnlyAsOwner => Role is null or Domain.Role.User;

    public string Explanation => Role is null
        ? "Owner (no role in this organization)"
        : $"{Role}{(Inherited ? $", inherited from {SourceOrganizationName}" : $", member of {SourceOrganizationName}")}{(IsOwner ? "; owner" : "")}";
}
