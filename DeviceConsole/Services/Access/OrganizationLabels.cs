using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Access;

/// <summary>Display labels of organizations ("Acme IoT / Client A"), built from the names on their paths (A4).</summary>
public static class OrganizationLabels
{
    /// <summary>An organization that may lie outside the view, for naming it in a refusal (A4 shows ancestors' names).</summary>
    public static async Task<OrganizationRef> ReferenceAsync(AppDbContext db, int organizationId, CancellationToken ct = default)
    {
        var organization = await OrganizationRows.ByIdAsync(db, organizationId)
            ?? throw new InvalidOperationException($"Organization {organizationId} does not exist.");
        return await ReferenceToAsync(db, organization, ct);
    }

    /// <summary>The reference to an organization already read, with its path label.</summary>
    public static async Task<OrganizationRef> ReferenceToAsync(AppDbContext db, OrganizationRow organization, CancellationToken ct = default)
    {
        var names = await AncestorNamesAsync(db, [organization.Path], ct);
        return new OrganizationRef(organization.Id, organization.Name, organization.ParentId, organization.Path,
            PathLabel(organization.Path, names));
    }

    /// <summary>Names of every organization on the given paths, for labels like "Acme IoT / Client A" (A4).</summary>
    public static async Task<IReadOnlyDictionary<int, string>> AncestorNamesAsync(AppDbContext db, IEnumerable<string> paths, CancellationToken ct = default)
    {
        var ids = paths.SelectMany(OrganizationPath.Ids).Distinct().ToList();
        return (await OrganizationRows.ByIdsAsync(db, ids, ct)).ToDictionary(o => o.Id, o => o.Name);
    }

    public static string PathLabel(string path, IReadOnlyDictionary<int, string> names) =>
        string.Join(" / ", OrganizationPath.Ids(path).Select(id => names.TryGetValue(id, out var name) ? name : "?"));
}
