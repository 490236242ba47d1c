using System.Diagnostics;
using DeviceConsole.Services.Audit;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Audit;

/// <summary>
/// Figures for the README on 100,000 audit entries: page query times and export memory. Run on
/// demand only (--explicit only); it asserts no timings, only that the export saw every row.
/// </summary>
public sealed class AuditVolumeMeasurement : IAsyncLifetime
{
    private const int Entries = 100_000;
    private ServiceHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await ServiceHarness.CreateFileAsync();
    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact(Explicit = true)]
    public async Task PageTimesAndExportMemory_On100000Entries()
    {
        await using (var db = _h.NewDbContext())
        {
            await db.Database.ExecuteSqlRawAsync($"""
                WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {Entries})
                INSERT INTO AuditEntries (At, ActorId, ActorEmail, Action, TargetType, TargetId, TargetName, Summary, Before, After)
                SELECT strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || n || ' minutes'), NULL, 'system', 'device.edited', 'Device',
                       CAST((n % 58) + 1 AS TEXT), 'Device ' || n, 'Bulk change ' || n || ', "quoted", by multi@example.com',
                       json_object('status', 'Online'), json_object('status', 'Offline')
                FROM seq;
                """);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO AuditOrganizations (AuditEntryId, Part, OrganizationId, Name, Path)
                SELECT e.Id, 'Organization', o.Id, o.Name, o.Path
                FROM AuditEntries e JOIN Organizations o ON o.Id = (e.Id % 5) + 1
                WHERE e.Summary LIKE 'Bulk%';
                """);
            await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        }
        var report = new List<string> { $"{await _h.AuditCountAsync()} entries" };
        var audit = _h.Get<AuditQueries>();

        async Task TimeAsync(string label, Func<Task<AuditPage>> query)
        {
            var first = await query();
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                await query();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            report.Add($"{label}: median {times[2]:F1} ms (min {times[0]:F1}, max {times[^1]:F1}), total {first.Total}");
        }

        var clientA = await _h.OrganizationIdAsync("Client A");
        await _h.ActAsync("admin@acme.example");
        await TimeAsync("root Admin, first page of 25 with total", () => audit.GetPageAsync(new AuditPageRequest(new AuditFilter())));
        await TimeAsync("root Admin, page at offset 50,000", () => audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), 50_000)));
        await TimeAsync("root Admin, Client A subtree filter", () => audit.GetPageAsync(new AuditPageRequest(new AuditFilter(OrganizationId: clientA))));
        await TimeAsync("root Admin, one device", () => audit.GetPageAsync(new AuditPageRequest(new AuditFilter(DeviceSerial: "ACME-GW-1001"))));
        await TimeAsync("root Admin, one day", () => audit.GetPageAsync(new AuditPageRequest(
            new AuditFilter(FromUtc: new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), ToUtc: new DateTime(2026, 2, 2, 0, 0, 0, DateTimeKind.Utc)))));
        await _h.ActAsync("clienta.admin@acme.example");
        await TimeAsync("sub-organization Admin, first page", () => audit.GetPageAsync(new AuditPageRequest(new AuditFilter())));
        await _h.ActAsync("staff@acme.example");
        await TimeAsync("Staff, first page", () => audit.GetPageAsync(new AuditPageRequest(new AuditFilter())));

        await _h.ActAsync("admin@acme.example");
        foreach (var limit in new[] { 10_000, int.MaxValue })
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            long peak = 0, rows = 0;
            var watch = Stopwatch.StartNew();
            await using (var writer = new StreamWriter(Stream.Null))
            {
                await AuditCsv.WriteHeaderAsync(writer);
                await foreach (var row in audit.ExportAsync(new AuditFilter()))
                {
                    await AuditCsv.WriteRowAsync(writer, row);
                    // Live memory, after a full collection, every 10,000 rows.
                    if (++rows % 10_000 == 0)
                        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                    if (rows >= limit) break;
                }
            }
            report.Add($"export of {rows} rows: {watch.Elapsed.TotalSeconds:F1} s, allocated {(GC.GetTotalAllocatedBytes(true) - allocatedBefore) / 1048576.0:F0} MiB in total, " +
                       $"peak live managed heap above baseline {peak / 1048576.0:F1} MiB, process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
            if (limit == int.MaxValue)
                Assert.True(rows > 80_000);
        }

        File.WriteAllLines(Path.Combine(Path.GetTempPath(), "audit-volume.txt"), report);
        foreach (var line in report)
            TestContext.Current.SendDiagnosticMessage(line);
    }
}
