using DeviceConsole.Data;
using DeviceConsole.Data.Search;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Devices;

/// <summary>Device reads: the all-devices list (A6) and a device's details with who has access (A7).</summary>
public sealed class DeviceQueries(Operations operations, AccessService access, PageCursors cursors)
{
    public Task<DevicePage> ListAsync(int organizationId, DeviceListRequest request, CancellationToken ct = default) =>
        ListAsync(organizationId, request, defaultPageStatement: true, ct);

    /// <param name="defaultPageStatement">Whether the list may take its hand-written statements (<see cref="DefaultDevicePage"/>,
    /// <see cref="PostgresSearchPage"/>); off only to compare them with the general query.</param>
    internal async Task<DevicePage> ListAsync(int organizationId, DeviceListRequest request, bool defaultPageStatement, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        // The list needs only the organization's path (read with the view for one of the actor's own
        // organizations, the list most often opened); outside the view it is not found (A4).
        var listedPath = view.MemberPath(organizationId) ?? await ListedPathQuery(db, organizationId);
        if (listedPath is null || !view.Sees(listedPath))
            throw new NotFoundException("organization");

        // A cursor is bound to this list, filter and sort; a key marks a position, so any page size may follow it.
        var take = Math.Clamp(request.Take, 1, DeviceListRequest.MaxPageSize);
        var query = $"devices|{organizationId}|{request with { Skip = 0, Take = 0, Cursor = null, Tags = null }}|{string.Join('|', request.Tags ?? [])}";
        var keyset = DeviceKeyset.Supports(request.SortBy);
        var key = request.Cursor is { } cursor ? keyset ? cursors.Read(cursor, query) : throw new InvalidCursorException() : null;

        // The general query is built only when it is sent: building it is a measurable part of a small list's cost.
        IQueryable<Device> Devices() => Matching(db, view, listedPath, request);
        System.Linq.Expressions.Expression<Func<int>> Total(IQueryable<Device> devices) => DeviceTotals.Of(db, view, listedPath, request, devices);
        List<PageRow> page;
        if (defaultPageStatement && DefaultDevicePage.Serves(view, listedPath, request))
            page = await DefaultDevicePage.ReadAsync(db, listedPath, take, key, ct);
        else if (defaultPageStatement && PostgresSearchPage.Serves(db, view, listedPath, request))
            page = await PostgresSearchPage.ReadAsync(db, listedPath, request, take, key, ct);
        else
        {
            var devices = Devices();
            var total = Total(devices);
            var window = key is not null
                ? Sort(DeviceKeyset.After(devices, request.SortBy, request.Descending, key), request, db).Take(take)
                : Sort(devices, request, db).Skip(Math.Max(0, request.Skip)).Take(take);
            // One command for the page: SQL sorts and limits narrow rows first (late row lookup), then reads only
            // the page's columns, owner and tags, and carries the list's total as a scalar subquery.
            var pageIds = window.Select(d => d.Id);
            page = await Sort(db.Devices.AsNoTracking().Where(d => pageIds.Contains(d.Id)), request, db)
                .Select(DeviceTotals.Into<Device, PageRow>((d, count) => new PageRow(d.Id, d.Name, d.SerialNumber, d.OrganizationId,
                    d.Organization!.Path, db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.Email).FirstOrDefault(), d.Status,
                    d.LastSeenAt, d.Version, db.DeviceTags.Where(t => t.DeviceId == d.Id).Select(t => t.Name).ToList(), count), total))
                .ToListAsync(ct);
        }
        // A page past the end has no row to carry the total: only then is it a command of its own.
        var totalCount = page.Count > 0 ? page[0].Total
            : await db.Organizations.Where(o => o.Id == organizationId).Select(DeviceTotals.Into<Organization, int>((o, count) => count, Total(Devices())))
                .SingleAsync(ct);

        // Path labels for the page only: one query, whatever the page size.
        var names = await OrganizationLabels.AncestorNamesAsync(db, page.Select(r => r.OrganizationPath), ct);
        var result = page.Select(r => new DeviceRow(r.Id, r.Name, r.SerialNumber, r.OrganizationId,
            OrganizationLabels.PathLabel(r.OrganizationPath, names), r.OwnerEmail ?? "", r.Status, r.LastSeenAt, r.Version,
            r.Tags.Order(StringComparer.OrdinalIgnoreCase).ToList())).ToList();
        var last = page.LastOrDefault();
        var next = keyset && last is not null && page.Count == take
            ? cursors.Create(query, DeviceKeyset.KeyOf(request.SortBy, last.Id, last.Name, last.SerialNumber, last.Status))
            : null;
        return new DevicePage(result, totalCount, next);
    }

    private static readonly Func<AppDbContext, int, Task<string?>> ListedPathQuery = EF.CompileAsyncQuery(
        (AppDbContext db, int organizationId) => db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Path).FirstOrDefault());

    internal sealed record PageRow(int Id, string Name, string SerialNumber, int OrganizationId, string OrganizationPath,
        string? OwnerEmail, DeviceStatus Status, DateTime? LastSeenAt, Guid Version, List<string> Tags, int Total);

    /// <summary>
    /// The devices of the list (A6) that match its filters, before sorting and paging; a bulk
    /// transfer resolves "all matching the current filter" through the same query (D8).
    /// </summary>
    public static IQueryable<Device> Matching(AppDbContext db, ActorView view, string organizationPath, DeviceListRequest request)
    {
        var devices = DeviceVisibility.Apply(db.Devices.AsNoTracking(), view, organizationPath, request.IncludeSubOrganizations);
        if (request.Status is { } status)
            devices = devices.Where(d => d.Status == status);
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = request.Search.Trim();
            var pattern = $"%{DeviceSearch.EscapeLike(term)}%";
            if (DeviceSearch.CanSearch(term))
            {
                // One set of candidate IDs from both indexes, so the subtree is checked only for the matches.
                var owners = DeviceSearch.MatchingOwnerIds(db, term);
                var candidates = DeviceSearch.MatchingIds(db, term)
                    .Union(db.Devices.Where(d => owners.Contains(d.OwnerId)).Select(d => d.Id));
                devices = devices.Where(d => candidates.Contains(d.Id));
            }
            else
            {
                // An uncorrelated IN (...) runs the owner-email match once, not once per device.
                var matchingOwners = db.Users.Where(u => EF.Functions.Like(u.Email!, pattern, "\\")).Select(u => u.Id);
                devices = devices.Where(d => EF.Functions.Like(d.Name, pattern, "\\")
                    || EF.Functions.Like(d.SerialNumber, pattern, "\\")
                    || matchingOwners.Contains(d.OwnerId));
            }
        }
        // G3: every given tag, each an indexed lookup on the device's tags.
        foreach (var tag in (request.Tags ?? []).Select(DeviceTag.Normalize).Where(t => t.Length > 0).Distinct())
            devices = devices.Where(d => db.DeviceTags.Any(t => t.DeviceId == d.Id && t.NormalizedName == tag));
        return devices;
    }

    internal static IOrderedQueryable<Device> Sort(IQueryable<Device> devices, DeviceListRequest request, AppDbContext db)
    {
        var sorted = request.SortBy switch
        {
            DeviceSort.SerialNumber => request.Descending ? devices.OrderByDescending(d => d.SerialNumber) : devices.OrderBy(d => d.SerialNumber),
            DeviceSort.Organization => request.Descending ? devices.OrderByDescending(d => d.Organization!.Name) : devices.OrderBy(d => d.Organization!.Name),
            DeviceSort.Owner => request.Descending
                ? devices.OrderByDescending(d => db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.Email).FirstOrDefault())
                : devices.OrderBy(d => db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.Email).FirstOrDefault()),
            DeviceSort.Status => request.Descending ? devices.OrderByDescending(d => d.Status) : devices.OrderBy(d => d.Status),
            DeviceSort.LastSeen => request.Descending ? devices.OrderByDescending(d => d.LastSeenAt) : devices.OrderBy(d => d.LastSeenAt),
            _ => request.Descending ? devices.OrderByDescending(d => d.Name) : devices.OrderBy(d => d.Name),
        };
        return request.Descending ? sorted.ThenByDescending(d => d.Id) : sorted.ThenBy(d => d.Id);
    }

    public async Task<DeviceDetails> GetAsync(int deviceId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var device = await db.Devices.AsNoTracking()
            .Where(d => d.Id == deviceId)
            .Join(db.Users, d => d.OwnerId, u => u.Id, (d, u) => new
            {
                Device = d, OrganizationName = d.Organization!.Name, OrganizationPath = d.Organization.Path, OwnerEmail = u.Email!,
            })
            .SingleOrDefaultAsync(ct);
        if (device is null || !view.SeesDevice(device.OrganizationPath, device.Device.OwnerId))
            throw new NotFoundException("device");
        var canManage = view.ManagesDevicesIn(device.OrganizationPath);

        var names = await OrganizationLabels.AncestorNamesAsync(db, [device.OrganizationPath], ct);
        var whoHasAccess = canManage
            ? await DeviceAccessQuery.WhoHasAccessAsync(db, device.OrganizationPath, device.Device.OwnerId, ct)
            : null;
        var d = device.Device;
        return new DeviceDetails(d.Id, d.Name, d.SerialNumber, d.OrganizationId, device.OrganizationName,
            OrganizationLabels.PathLabel(device.OrganizationPath, names), d.OwnerId, device.OwnerEmail, d.Status,
            d.LastSeenAt, d.CreatedAt, d.Version, canManage, whoHasAccess);
    }

    /// <summary>A7: who has access to the device and why, for Admin and Staff; a User who sees it is refused with the role needed.</summary>
    public async Task<IReadOnlyList<DeviceAccess>> GetAccessAsync(int deviceId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var (path, ownerId) = await access.RequireDeviceRoleAsync(db, view, deviceId, Role.Staff,
            "Seeing who has access to a device", "A7", ct);
        return await DeviceAccessQuery.WhoHasAccessAsync(db, path, ownerId, ct);
    }
}
