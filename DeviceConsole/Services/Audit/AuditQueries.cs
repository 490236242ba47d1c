using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// Reading the audit log (L3) and a device's history (D10): which entries the actor may see,
/// filters, paging in SQL, and redaction. It never writes: the log is append-only.
/// </summary>
public sealed class AuditQueries(Operations operations, AccessService access, PageCursors cursors)
{
    /// <summary>How many entries after a page its total counts exactly; beyond, the total is a lower bound.</summary>
    public const int TotalLookahead = 10_000;

    /// <summary>Whether the actor may read the audit log at all: Admin or Staff somewhere (A2).</summary>
    public async Task<bool> CanReadAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        return view.ManagedSubtrees.Count > 0;
    }

    public async Task<AuditPage> GetPageAsync(AuditPageRequest request, CancellationToken ct = default)
    {
        request.Filter.Validate();
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        RequireReader(view);
        var entries = await FilterAsync(db, view, request.Filter, ct);
        var take = Math.Clamp(request.Take, 1, AuditPageRequest.MaxPageSize);
        // A cursor is bound to this account, filter and order; a key marks a position, so any page size may follow it.
        var query = $"audit|{view.AccountId}|{request.Filter}|{request.OldestFirst}";
        var window = request.Cursor is { } cursor
            ? AuditKeyset.After(entries, request.OldestFirst, cursors.Read(cursor, query))
            : null;
        var page = await PageAsync(db, view, entries, window, request.Skip, take, request.OldestFirst, ct);
        return WithNextCursor(page, query, request.Skip, take);
    }

    /// <summary>The cursor of the page after this one, when entries follow it.</summary>
    private AuditPage WithNextCursor(AuditPage page, string query, int skip, int take)
    {
        var last = page.Rows.LastOrDefault();
        return last is not null && page.Rows.Count == take && (page.TotalIsLowerBound || Math.Max(0, skip) + take < page.Total)
            ? page with { NextCursor = cursors.Create(query, AuditKeyset.KeyOf(last.At, last.Id)) }
            : page;
    }

    /// <summary>
    /// D10: every entry for the device, including those from before it entered the actor's view; with
    /// a <paramref name="cursor"/> (a page's NextCursor) the page starts after that page by key.
    /// </summary>
    public async Task<AuditPage> GetDeviceHistoryAsync(int deviceId, int skip = 0, int take = 25, string? cursor = null,
        CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        take = Math.Clamp(take, 1, AuditPageRequest.MaxPageSize);
        skip = Math.Max(0, skip);
        var query = $"history|{view.AccountId}|{deviceId}";
        var after = cursor is null ? ((DateTime, long)?)null : AuditKeyset.PositionOf(cursors.Read(cursor, query));
        var targetId = TargetIdOf(deviceId);

        var read = await DeviceHistoryReads.ReadAsync(db, view, deviceId, targetId, skip, take, after, ct);
        access.RequireDeviceRole(view, read.Device, Role.Staff, "Reading a device's history", "D10");
        var (total, lowerBound) = await TotalAsync(read.Entries, skip, take,
            // The statement counted from the page's start: what follows the page is that count less the page.
            (_, limit) => Task.FromResult(Math.Min(read.CountedFromStart - read.Entries.Count, limit)),
            limit => DeviceHistoryReads.CountUpToAsync(db, targetId, limit));
        var rows = read.Entries.Count == 0 ? []
            : Redact(await AuditRedactor.CreateAsync(db, view, read.Entries, read.CurrentPaths, read.Accounts, ct), read.Entries);
        return WithNextCursor(new AuditPage(rows, total, null, lowerBound), query, skip, take);
    }

    private static string TargetIdOf(int deviceId) => deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// D10's entries, every one whose target is the device: a seek on the (TargetType, TargetId, At)
    /// index. The history reads them through <see cref="DeviceHistoryReads"/>' statement.
    /// </summary>
    internal static IQueryable<AuditEntry> DeviceEntries(AppDbContext db, int deviceId)
    {
        var targetId = TargetIdOf(deviceId);
        return db.AuditEntries.AsNoTracking().Where(e => e.TargetType == AuditTargets.Device && e.TargetId == targetId);
    }

    /// <summary>The latest entries of an organization's subtree that the actor may see; none for a User.</summary>
    public async Task<IReadOnlyList<AuditRow>> GetLatestAsync(int organizationId, int count, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        // An organization outside the view is not found, also for an actor who reads no audit entries (A4).
        await access.RequireVisibleAsync(db, view, organizationId, ct);
        if (view.ManagedSubtrees.Count == 0)
            return [];
        var entries = await FilterAsync(db, view, new AuditFilter(OrganizationId: organizationId), ct);
        var page = await PageAsync(db, view, entries, null, 0, Math.Clamp(count, 1, AuditPageRequest.MaxPageSize), oldestFirst: false, ct, countTotal: false);
        return page.Rows;
    }

    /// <summary>
    /// The export of a filter (L3): the same entries and redaction as the page, read as one stream of
    /// values (an entry's columns beside each organization it involves) and redacted entry by entry
    /// with lookups read once, so memory stays flat and the SQL commands stay few however many
    /// entries match. Checks run on the first MoveNextAsync, before anything is written.
    /// </summary>
    public async IAsyncEnumerable<AuditExportRow> ExportAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        filter.Validate();
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        RequireReader(view);
        var entries = await FilterAsync(db, view, filter, ct);
        // Read before the stream opens: the reader then holds the connection until the last row.
        var redactor = await AuditRedactor.CreateForExportAsync(db, view, ct);
        var json = new ReadableJson();
        var lines = new List<AuditExportLine>(3);
        await foreach (var line in ExportLines(entries).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (lines.Count > 0 && lines[0].Id != line.Id)
            {
                yield return redactor.ApplyToExport(lines, json);
                lines.Clear();
            }
            lines.Add(line);
        }
        if (lines.Count > 0)
            yield return redactor.ApplyToExport(lines, json);
    }

    /// <summary>Newest first, each entry's organizations in the order they were written, as the page reads them.</summary>
    private static IQueryable<AuditExportLine> ExportLines(IQueryable<AuditEntry> entries) => entries
        .SelectMany(e => e.Organizations.DefaultIfEmpty(), (e, o) => new { e, o })
        .OrderByDescending(x => x.e.At).ThenByDescending(x => x.e.Id).ThenBy(x => x.o!.Id)
        .Select(x => new AuditExportLine(x.e.Id, x.e.At, x.e.ActorId, x.e.ActorEmail, x.e.Action, x.e.TargetType, x.e.TargetId,
            x.e.TargetName, x.e.Summary, x.e.Before, x.e.After, x.o!.Part, (int?)x.o.OrganizationId, x.o.Name, x.o.Path));

    private void RequireReader(ActorView view)
    {
        if (view.ManagedSubtrees.Count == 0)
            throw access.Refuse(view, "L3", "audit log",
                "Reading the audit log needs Admin (or Staff, for device entries) in an organization.", Role.Staff);
    }

    /// <summary>
    /// Filters narrow the visible entries only. A foreign organization or device is not found,
    /// exactly like a missing one; an actor outside the view matches nothing (A4).
    /// </summary>
    private async Task<IQueryable<AuditEntry>> FilterAsync(AppDbContext db, ActorView view, AuditFilter filter, CancellationToken ct)
    {
        var entries = await AuditVisibility.ApplyAsync(db, view, ct);
        if (filter.FromUtc is { } from)
            entries = entries.Where(e => e.At >= from);
        if (filter.ToUtc is { } to)
            entries = entries.Where(e => e.At < to);
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            entries = entries.Where(e => e.Action == action);
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor))
            entries = await ByActorAsync(db, view, entries, filter.Actor.Trim(), ct);

        if (filter.OrganizationId is { } organizationId)
        {
            var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
            Expression<Func<AuditOrganization, bool>> involved;
            if (filter.IncludeSubOrganizations)
            {
                // Current members of the subtree by ID (entries from before a move), or stored paths in it (deleted ones).
                var subtreeIds = db.Organizations.Where(PathFilter.InSubtree<Organization>(o => o.Path, organization.Path)).Select(o => o.Id);
                Expression<Func<AuditOrganization, bool>> byId = o => subtreeIds.Contains(o.OrganizationId);
                involved = PathFilter.Or(PathFilter.InSubtree<AuditOrganization>(o => o.Path, organization.Path), byId);
            }
            else
            {
                involved = o => o.OrganizationId == organizationId;
            }
            entries = entries.Where(e => e.Organizations.AsQueryable().Any(involved));
        }

        if (!string.IsNullOrWhiteSpace(filter.DeviceSerial))
        {
            var serial = Device.NormalizeSerial(filter.DeviceSerial);
            var device = await db.Devices.AsNoTracking().Where(d => d.NormalizedSerialNumber == serial)
                .Select(d => new { d.Id, d.Organization!.Path }).SingleOrDefaultAsync(ct);
            if (device is null || !view.ManagesDevicesIn(device.Path))
                throw new NotFoundException("device");
            var targetId = device.Id.ToString();
            entries = entries.Where(e => e.TargetType == AuditTargets.Device && e.TargetId == targetId);
        }
        return entries;
    }

    private static async Task<IQueryable<AuditEntry>> ByActorAsync(AppDbContext db, ActorView view, IQueryable<AuditEntry> entries,
        string actor, CancellationToken ct)
    {
        if (string.Equals(actor, AuditEntry.SystemActor, StringComparison.OrdinalIgnoreCase))
            return entries.Where(e => e.ActorId == null);
        var normalized = actor.ToUpperInvariant();
        var accountId = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleOrDefaultAsync(ct);
        if (accountId is null || !(await AccessService.VisibleAccountsAsync(db, view, [accountId], ct)).Contains(accountId))
            return entries.Where(e => false);
        return entries.Where(e => e.ActorId == accountId);
    }

    /// <summary>
    /// The page (after the cursor's entry when <paramref name="window"/> is set, else at the offset) and
    /// its total: the entries before it, its own, and those after it counted up to
    /// <see cref="TotalLookahead"/>, so the count stops early on a large log.
    /// </summary>
    private static async Task<AuditPage> PageAsync(AppDbContext db, ActorView view, IQueryable<AuditEntry> entries,
        IQueryable<AuditEntry>? window, int skip, int take, bool oldestFirst, CancellationToken ct, bool countTotal = true)
    {
        skip = Math.Max(0, skip);
        var rows = await Project((window is null ? Order(entries, oldestFirst).Skip(skip) : Order(window, oldestFirst)).Take(take)).ToListAsync(ct);
        var (total, lowerBound) = countTotal
            ? await TotalAsync(rows, skip, take,
                (position, limit) => AuditKeyset.After(entries, oldestFirst, position).Take(limit).CountAsync(ct),
                limit => entries.Take(limit).CountAsync(ct))
            : (0, false);
        return new AuditPage(await RedactAsync(db, view, rows, ct), total, null, lowerBound);
    }

    /// <summary>
    /// A page's total, exact up to <see cref="TotalLookahead"/> entries past it and a lower bound
    /// beyond, from counting the entries after its last one (or all of them, for a page past the end).
    /// </summary>
    private static async Task<(int Total, bool LowerBound)> TotalAsync(List<AuditEntryData> rows, int skip, int take,
        Func<(DateTime At, long Id), int, Task<int>> countAfter, Func<int, Task<int>> countUpTo)
    {
        // A page shorter than asked for is the last one: its total is known without counting (a device's history, mostly).
        if (rows.Count > 0 && rows.Count < take)
            return (skip + rows.Count, false);
        var last = rows.LastOrDefault();
        var counted = last is null
            ? await countUpTo(skip + TotalLookahead + 1)
            : await countAfter((last.At, last.Id), TotalLookahead + 1);
        var lowerBound = counted > (last is null ? skip + TotalLookahead : TotalLookahead);
        var total = last is null ? Math.Min(counted, skip + TotalLookahead) : skip + rows.Count + Math.Min(counted, TotalLookahead);
        return (total, lowerBound);
    }

    private static IQueryable<AuditEntry> Order(IQueryable<AuditEntry> entries, bool oldestFirst) => oldestFirst
        ? entries.OrderBy(e => e.At).ThenBy(e => e.Id)
        : entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);

    private static IQueryable<AuditEntryData> Project(IQueryable<AuditEntry> entries) => entries.Select(e => new AuditEntryData(
        e.Id, e.At, e.ActorId, e.ActorEmail, e.Action, e.TargetType, e.TargetId, e.TargetName, e.Summary, e.Before, e.After,
        e.Organizations.OrderBy(o => o.Id).Select(o => new AuditPlaceData(o.Part, o.OrganizationId, o.Name, o.Path)).ToList()));

    private static async Task<IReadOnlyList<AuditRow>> RedactAsync(AppDbContext db, ActorView view, List<AuditEntryData> entries, CancellationToken ct) =>
        entries.Count == 0 ? [] : Redact(await AuditRedactor.CreateAsync(db, view, entries, ct), entries);

    private static List<AuditRow> Redact(AuditRedactor redactor, List<AuditEntryData> entries)
    {
        var json = new ReadableJson();
        return entries.Select(e => redactor.ApplyToPage(e, json)).ToList();
    }
}
