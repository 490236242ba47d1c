using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Audit;

public sealed class AuditExportTests : ServiceTest
{
    private AuditQueries Audit => H.Get<AuditQueries>();

    private async Task<string> ExportCsvAsync(AuditFilter filter)
    {
        var writer = new StringWriter();
        await AuditCsv.WriteHeaderAsync(writer);
        await foreach (var row in Audit.ExportAsync(filter))
            await AuditCsv.WriteRowAsync(writer, row);
        return writer.ToString();
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AwkwardValues_SurviveTheRoundTrip_AndFormulasAreNeutralised()
    {
        var device = await H.DeviceIdAsync("ACME-GW-1001");
        await H.AddDeviceEntryAsync(device, "=HYPERLINK(\"http://evil.example\",\"click\")",
            "Renamed to \"Gate, north\"\r\nsecond line\nthird line", "Acme IoT", "admin@acme.example",
            before: new { Name = "+1 (555) 0100" }, after: new { Name = "@SUM(A1:A2)" });
        await H.ActAsync("admin@acme.example");

        var csv = await ExportCsvAsync(new AuditFilter(DeviceSerial: "ACME-GW-1001", Action: AuditActions.DeviceEdited));
        var records = AuditTestData.ParseCsv(csv);

        Assert.Equal(AuditCsv.Header, records[0]);
        var row = Assert.Single(records.Skip(1));
        Assert.Equal(10, row.Count);
        Assert.Equal("2026-11-01T12:00:00Z", row[0]);
        Assert.Equal("admin@acme.example", row[1]);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"click\")", row[5]);
        Assert.Equal("Renamed to \"Gate, north\"\r\nsecond line\nthird line", row[7]);
        Assert.Equal("{\"name\":\"+1 (555) 0100\"}", row[8]);
        Assert.Equal("{\"name\":\"@SUM(A1:A2)\"}", row[9]);
    }

    [Theory, Trait("Rule", "L3")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\0=1+2", "'\0=1+2")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void Cells_AreQuotedPerRfc4180_AndFormulaPrefixesNeutralised(string value, string expected) =>
        Assert.Equal(expected, AuditCsv.Cell(value));

    [Fact, Trait("Rule", "L3")]
    public async Task TheExport_HasTheSameEntriesAndRedactionAsThePage()
    {
        var device = await H.DeviceIdAsync("CLA-SN-1003");
        await H.AddDeviceEntryAsync(device, "Client A Sensor 03", "Moved by multi@example.com out of Client B", "Client B", "multi@example.com");
        await H.ActAsync("clienta.admin@acme.example");

        var page = await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), 0, 100));
        var exported = new List<AuditExportRow>();
        await foreach (var row in Audit.ExportAsync(new AuditFilter()))
            exported.Add(row);

        Assert.Equal(31, page.Total);
        Assert.Equal(page.Rows.Select(PageLine), exported.Select(ExportLine));
        Assert.Contains(exported, r => r.Summary == "Moved by an account outside your view out of an organization outside your view");
    }

    private static string PageLine(AuditRow r) =>
        string.Join("|", r.Id, r.At.Ticks, r.Actor, r.Action, r.TargetType, r.TargetId, r.Target, r.Where, r.Summary, r.Before, r.After);

    private static string ExportLine(AuditExportRow r) =>
        string.Join("|", r.Id, r.At.Ticks, r.Actor, r.Action, r.TargetType, r.TargetId, r.Target, r.Where, r.Summary, r.Before, r.After);

    /// <summary>
    /// The export takes a shorter way for entries that hide nothing from the actor; whoever reads, and
    /// whatever the details hold, each row must be the page's row for that entry.
    /// </summary>
    [Theory, Trait("Rule", "L3")]
    [MemberData(nameof(AuditTestData.Readers), MemberType = typeof(AuditTestData))]
    public async Task EveryExportedRow_IsThePagesRow_ForEveryReader(string reader)
    {
        await H.AddAwkwardDeviceEntriesAsync();
        await H.ActAsync(reader);

        var page = await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), 0, AuditPageRequest.MaxPageSize));
        var exported = new List<AuditExportRow>();
        await foreach (var row in Audit.ExportAsync(new AuditFilter()))
            exported.Add(row);

        Assert.NotEmpty(exported);
        Assert.True(page.Total <= AuditPageRequest.MaxPageSize);
        Assert.Equal(page.Rows.Select(PageLine), exported.Select(ExportLine));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task ALargeExport_IsStreamedInAFixedNumberOfSqlCommands_WithEveryEntryOnce()
    {
        await H.ActAsync("admin@acme.example");
        var smallCommands = await SqlCommandCount.OfAsync(H, async () =>
        {
            await foreach (var _ in Audit.ExportAsync(new AuditFilter(Action: AuditActions.DeviceEdited))) { }
        });
        const int count = 1_207;
        await using (var db = H.NewDbContext())
        {
            var acme = await db.Organizations.SingleAsync(o => o.Name == "Acme IoT");
            for (var i = 0; i < count; i++)
                H.AddAuditEntry(db, Actor.System, AuditActions.DeviceEdited, AuditTargets.Device, "1", "Gateway", $"Bulk {i}", [AuditOrganization.Of(acme)]);
            await db.SaveChangesAsync();
        }

        var ids = new List<long>();
        var largeCommands = await SqlCommandCount.OfAsync(H, async () =>
        {
            await foreach (var row in Audit.ExportAsync(new AuditFilter(Action: AuditActions.DeviceEdited)))
                ids.Add(row.Id);
        });

        Assert.Equal(count, ids.Count);
        Assert.Equal(ids.OrderByDescending(i => i), ids);
        Assert.Equal(count, ids.Distinct().Count());
        Assert.Equal(smallCommands, largeCommands);
        Assert.InRange(largeCommands, 1, 10);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task TheExport_RunsTheSameChecksAsThePage_BeforeTheFirstRow()
    {
        await H.ActAsync("clienta.user@acme.example");
        await Assert.ThrowsAsync<DomainException>(() => ExportCsvAsync(new AuditFilter()));

        await H.ActAsync("clienta.admin@acme.example");
        await Assert.ThrowsAsync<NotFoundException>(async () => await ExportCsvAsync(new AuditFilter(OrganizationId: await H.OrganizationIdAsync("Globex"))));
        await Assert.ThrowsAsync<NotFoundException>(() => ExportCsvAsync(new AuditFilter(DeviceSerial: "GLX-PU-1001")));
        var day = new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);
        await Assert.ThrowsAsync<DomainException>(() => ExportCsvAsync(new AuditFilter(FromUtc: day, ToUtc: day.AddHours(-1))));
    }
}
