using System.Globalization;
using System.Runtime.CompilerServices;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Tags;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Devices;

/// <summary>One device as exported: the grid's columns plus the organization path and the tags.</summary>
public sealed record DeviceExportRow(string Name, string SerialNumber, string Organization, string OrganizationPath,
    string OwnerEmail, DeviceStatus Status, DateTime? LastSeenAt, IReadOnlyList<string> Tags);

/// <summary>
/// The device list as CSV (A6): exactly the grid's set and order for the same request, within the
/// same visibility, streamed from one query so memory stays flat whatever the number of rows.
/// </summary>
public sealed class DeviceExport(IDbContextFactory<AppDbContext> dbFactory, Operations operations, AccessService access)
{
    public const int BatchSize = 500;

    public static readonly IReadOnlyList<string> Header =
        ["Name", "Serial number", "Organization", "Organization path", "Owner", "Status", "Last seen (UTC)", "Tags"];

    public async IAsyncEnumerable<DeviceExportRow> ExportAsync(int organizationId, DeviceListRequest request,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        // Tag and name lookups run beside the open reader, which holds the first context.
        await using var lookups = await dbFactory.CreateDbContextAsync(ct);
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);

        var rows = DeviceQueries.Sort(DeviceQueries.Matching(db, view, organization.Path, request), request, db)
            .Select(d => new
            {
                d.Id, d.Name, d.SerialNumber, OrganizationName = d.Organization!.Name, OrganizationPath = d.Organization.Path,
                OwnerEmail = db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.Email).FirstOrDefault(), d.Status, d.LastSeenAt,
            })
            .AsAsyncEnumerable();

        var names = new Dictionary<int, string>();
        var batch = new List<(int Id, string Name, string Serial, string OrganizationName, string Path, string Owner, DeviceStatus Status, DateTime? LastSeen)>(BatchSize);
        async Task<IEnumerable<DeviceExportRow>> FlushAsync()
        {
            var missing = batch.SelectMany(r => OrganizationPath.Ids(r.Path)).Where(id => !names.ContainsKey(id)).Distinct().ToList();
            if (missing.Count > 0)
                foreach (var (id, name) in await lookups.Organizations.AsNoTracking().Where(o => missing.Contains(o.Id))
                             .Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct))
                    names[id] = name;
            var tags = await DeviceTagLookup.ForDevicesAsync(lookups, batch.Select(r => r.Id).ToList(), ct);
            var result = batch.Select(r => new DeviceExportRow(r.Name, r.Serial, r.OrganizationName, OrganizationLabels.PathLabel(r.Path, names),
                r.Owner, r.Status, r.LastSeen, tags.GetValueOrDefault(r.Id, []))).ToList();
            batch.Clear();
            return result;
        }

        await foreach (var r in rows.WithCancellation(ct))
        {
            batch.Add((r.Id, r.Name, r.SerialNumber, r.OrganizationName, r.OrganizationPath, r.OwnerEmail ?? "", r.Status, r.LastSeenAt));
            if (batch.Count < BatchSize) continue;
            foreach (var row in await FlushAsync())
                yield return row;
        }
        foreach (var row in await FlushAsync())
            yield return row;
    }

    /// <summary>One CSV record, with the audit export's conventions (RFC 4180, formula neutralisation).</summary>
    public static Task WriteRowAsync(TextWriter writer, DeviceExportRow row) => AuditCsv.WriteRecordAsync(writer,
    [
        row.Name, row.SerialNumber, row.Organization, row.OrganizationPath, row.OwnerEmail, row.Status.ToString(),
        row.LastSeenAt?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "",
        // Tags never contain spaces (G1), so one space separates them unambiguously.
        string.Join(" ", row.Tags),
    ]);
}
