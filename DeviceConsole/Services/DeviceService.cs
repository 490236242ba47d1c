using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services;

/// <summary>Device reads: the all-devices list (A6) and a device's details with who has access (A7).</summary>
public sealed class DeviceService(IDbContextFactory<AppDbContext> dbFactory, AccessService access)
{
    public async Task<DevicePage> ListAsync(int organizationId, DeviceListRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);

        var rows = Matching(db, view, organization.Path, request);
        var total = await rows.CountAsync(ct);
        var sorted = request.SortBy switch
        {
            DeviceSort.SerialNumber => request.Descending ? rows.OrderByDescending(r => r.SerialNumber) : rows.OrderBy(r => r.SerialNumber),
            DeviceSort.Organization => request.Descending ? rows.OrderByDescending(r => r.OrganizationName) : rows.OrderBy(r => r.OrganizationName),
            DeviceSort.Owner => request.Descending ? rows.OrderByDescending(r => r.OwnerEmail) : rows.OrderBy(r => r.OwnerEmail),
            DeviceSort.Status => request.Descending ? rows.OrderByDescending(r => r.Status) : rows.OrderBy(r => r.Status),
            DeviceSort.LastSeen => request.Descending ? rows.OrderByDescending(r => r.LastSeenAt) : rows.OrderBy(r => r.LastSeenAt),
            _ => request.Descending ? rows.OrderByDescending(r => r.Name) : rows.OrderBy(r => r.Name),
        };
        var page = await sorted.ThenBy(r => r.Id)
            .Skip(Math.Max(0, request.Skip))
            .Take(Math.Clamp(request.Take, 1, DeviceListRequest.MaxPageSize))
            .ToListAsync(ct);

        // Path labels for the page only: one query, whatever the page size.
        var names = await AccessService.AncestorNamesAsync(db, page.Select(r => r.OrganizationPath), ct);
        var result = page.Select(r => new DeviceRow(r.Id, r.Name, r.SerialNumber, r.OrganizationId,
            AccessService.PathLabel(r.OrganizationPath, names), r.OwnerEmail, r.Status, r.LastSeenAt, r.Version)).ToList();
        return new DevicePage(result, total);
    }

    public async Task<DeviceDetails> GetAsync(int deviceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
        var device = await db.Devices.AsNoTracking()
            .Where(d => d.Id == deviceId)
            .Join(db.Users, d => d.OwnerId, u => u.Id, (d, u) => new
            {
                Device = d, OrganizationName = d.Organization!.Name, OrganizationPath = d.Organization.Path, OwnerEmail = u.Email!,
            })
            .SingleOrDefaultAsync(ct);
        if (device is null)
            throw new NotFoundException("device");

        var role = view.EffectiveRole(device.OrganizationPath);
        var canManage = role >= Role.Staff;
        var ownsIt = role is not null && device.Device.OwnerId == view.AccountId;
        if (!canManage && !ownsIt)
            throw new NotFoundException("device");

        var names = await AccessService.AncestorNamesAsync(db, [device.OrganizationPath], ct);
        var whoHasAccess = canManage
            ? await AccessService.WhoHasAccessAsync(db, device.OrganizationPath, device.Device.OwnerId, ct)
            : null;
        var d = device.Device;
        return new DeviceDetails(d.Id, d.Name, d.SerialNumber, d.OrganizationId, device.OrganizationName,
            AccessService.PathLabel(device.OrganizationPath, names), d.OwnerId, device.OwnerEmail, d.Status,
            d.LastSeenAt, d.CreatedAt, d.Version, canManage, whoHasAccess);
    }

    /// <summary>
    /// The devices of the list (A6) that match its filters, before sorting and paging; a bulk
    /// transfer resolves "all matching the current filter" through the same query (D8).
    /// </summary>
    public static IQueryable<DeviceListItem> Matching(AppDbContext db, ActorView view, string organizationPath, DeviceListRequest request)
    {
        var devices = DeviceVisibility.Apply(db.Devices.AsNoTracking(), view, organizationPath, request.IncludeSubOrganizations);
        if (request.Status is { } status)
            devices = devices.Where(d => d.Status == status);

        var rows = devices.Join(db.Users, d => d.OwnerId, u => u.Id, (d, u) => new DeviceListItem
        {
            Id = d.Id, Name = d.Name, SerialNumber = d.SerialNumber, OrganizationId = d.OrganizationId,
            OrganizationName = d.Organization!.Name, OrganizationPath = d.Organization.Path, OwnerEmail = u.Email!,
            Status = d.Status, LastSeenAt = d.LastSeenAt, Version = d.Version,
        });
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var pattern = $"%{EscapeLike(request.Search.Trim())}%";
            rows = rows.Where(r => EF.Functions.Like(r.Name, pattern, "\\")
                || EF.Functions.Like(r.SerialNumber, pattern, "\\")
                || EF.Functions.Like(r.OwnerEmail, pattern, "\\"));
        }
        return rows;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
