using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Organizations;

/// <summary>O1: names are unique among the children of one parent, for creates, renames and moves alike.</summary>
internal static class SiblingNames
{
    /// <summary>O1: sibling names compare on the stored normalized name; the unique index backs this up.</summary>
    public static async Task RequireUniqueAsync(AppDbContext db, int parentId, string parentName, string name,
        int? exceptId, CancellationToken ct)
    {
        var normalized = Organization.Normalize(name);
        var clash = await db.Organizations.AnyAsync(o => o.ParentId == parentId && o.NormalizedName == normalized && o.Id != exceptId, ct);
        if (clash)
            throw Taken(name, parentName);
    }

    public static DomainException Taken(string name, string parentName) =>
        new($"{parentName} already has a sub-organization named {name} (names are compared ignoring case). Choose another name.");

    /// <summary>Saves, turning a sibling-name index violation (a race the transaction should already prevent) into the O1 message.</summary>
    public static async Task SaveAsync(AppDbContext db, string name, string parentName, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolations.Column(e) == nameof(Organization.NormalizedName))
        {
            throw Taken(name, parentName);
        }
    }
}
