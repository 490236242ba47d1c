using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// The list as it first opens for an Admin or Staff of the listed organization (A6): the whole
/// subtree, no filter, by name, first page or a later one by key. It is the page read most
/// often, so it is one compiled query rather than a LINQ query built per call (translation was
/// most of the cost of a small subtree's page). It reads the same rows, in the same order, with
/// the same total as the general query; <c>DefaultDevicePageTests</c> holds the two equal.
/// </summary>
internal static class DefaultDevicePage
{
    public static bool Serves(ActorView view, string listedPath, DeviceListRequest request) =>
        view.ManagesDevicesIn(listedPath) && request.IncludeSubOrganizations && request.SortBy == DeviceSort.Name && !request.Descending
        && request.Status is null && string.IsNullOrWhiteSpace(request.Search) && (request.Tags ?? []).Count == 0 && request.Skip <= 0;

    public static Task<List<DeviceQueries.PageRow>> ReadAsync(AppDbContext db, string listedPath, int take, PageCursors.Key? after) =>
        // The first page is the page after ("", 0): every device has a name, and every ID is positive.
        PageAfter(db, listedPath, OrganizationPath.SubtreeUpperBound(listedPath), after?.Text ?? "", (int)(after?.Id ?? 0), take)
            .ToListAsync().AsTask();

    // The shape of DeviceQueries.ListAsync for this case: the page's IDs by a narrow sort and limit (late row
    // lookup) after the key, then the page's columns, owner, tags and the subtree's total from the per-organization counts.
    private static readonly Func<AppDbContext, string, string, string, int, int, IAsyncEnumerable<DeviceQueries.PageRow>> PageAfter = EF.CompileAsyncQuery(
        (AppDbContext db, string lo, string hi, string name, int id, int take) => db.Devices.AsNoTracking()
            .Where(d => db.Devices
                .Where(x => string.Compare(x.Organization!.Path, lo) >= 0 && string.Compare(x.Organization.Path, hi) < 0)
                .Where(x => string.Compare(x.Name, name) > 0 || (x.Name == name && x.Id > id))
                .OrderBy(x => x.Name).ThenBy(x => x.Id).Take(take).Select(x => x.Id).Contains(d.Id))
            .OrderBy(d => d.Name).ThenBy(d => d.Id)
            .Select(d => new DeviceQueries.PageRow(d.Id, d.Name, d.SerialNumber, d.OrganizationId, d.Organization!.Path,
                db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.Email).FirstOrDefault(), d.Status, d.LastSeenAt, d.Version,
                db.DeviceTags.Where(t => t.DeviceId == d.Id).Select(t => t.Name).ToList(),
                db.DeviceCounts.Where(c => db.Organizations
                        .Where(o => string.Compare(o.Path, lo) >= 0 && string.Compare(o.Path, hi) < 0).Select(o => o.Id).Contains(c.OrganizationId))
                    .Sum(c => c.Count))));
}
