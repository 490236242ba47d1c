using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Common;

/// <summary>
/// What a write acts on, so that on PostgreSQL it waits only for writers of the same customer
/// tree (A3): the tree of an organization, device, membership or invitation never changes (O3
/// moves within a tree, D3 keeps devices in theirs). A write that spans trees, or acts on an
/// account across all of them, is <see cref="Fleet"/> and excludes every other writer.
/// </summary>
public sealed class WriteScope
{
    private readonly Func<AppDbContext, IQueryable<string>>? _paths;

    private WriteScope(Func<AppDbContext, IQueryable<string>>? paths) => _paths = paths;

    public static WriteScope Fleet { get; } = new(null);

    public static WriteScope Organization(int id) => new(db => db.Organizations.Where(o => o.Id == id).Select(o => o.Path));

    public static WriteScope Device(int id) => new(db => db.Devices.Where(d => d.Id == id).Select(d => d.Organization!.Path));

    public static WriteScope Membership(int id) =>
        new(db => db.Memberships.Where(m => m.Id == id).Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => o.Path));

    public static WriteScope Invitation(int id) => new(db => db.Invitations.Where(i => i.Id == id).Select(i => i.Organization!.Path));

    public bool IsFleet => _paths is null;

    /// <summary>
    /// The root organizations of the trees involved, read before the transaction: a root is fixed
    /// for life, so nothing a concurrent writer commits can change the answer. Something that does
    /// not exist has no tree; the service then says "not found" under the fleet's shared hold.
    /// </summary>
    public async Task<IReadOnlyList<int>> RootIdsAsync(AppDbContext db, CancellationToken ct)
    {
        if (_paths is null) return [];
        var paths = await _paths(db).AsNoTracking().ToListAsync(ct);
        return paths.Select(OrganizationPath.RootId).Distinct().Order().ToList();
    }
}
