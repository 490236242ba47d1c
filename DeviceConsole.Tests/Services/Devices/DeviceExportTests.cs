using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Tags;
using DeviceConsole.Tests.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Services.Devices;

public sealed class DeviceExportTests : ServiceTest
{
    private async Task<List<DeviceExportRow>> ExportAsync(string organization, DeviceListRequest request)
    {
        var rows = new List<DeviceExportRow>();
        await foreach (var row in H.Get<DeviceExport>().ExportAsync(await H.OrganizationIdAsync(organization), request))
            rows.Add(row);
        return rows;
    }

    [Fact, Trait("Rule", "A6"), Trait("Rule", "G3")]
    public async Task TheExport_HoldsExactlyTheGridsSet_InTheGridsOrder_WithPathsAndTags()
    {
        await H.ActAsync("admin@acme.example");
        var token = await TransferTestData.TokenAsync(H, "CLW-CR-1003");
        await H.Get<TagCommands>().ApplyAsync(new TagRequest([token], ["cold", "north"], []));
        var request = new DeviceListRequest(Search: "room", SortBy: DeviceSort.SerialNumber, Descending: true, Take: 100);

        var grid = await H.Get<DeviceQueries>().ListAsync(await H.OrganizationIdAsync("Client A"), request);
        var export = await ExportAsync("Client A", request);

        Assert.Equal(grid.Total, export.Count);
        Assert.Equal(grid.Rows.Select(r => r.SerialNumber), export.Select(r => r.SerialNumber));
        var tagged = export.Single(r => r.SerialNumber == "CLW-CR-1003");
        Assert.Equal("Acme IoT / Client A / Client A Warehouse", tagged.OrganizationPath);
        Assert.Equal("Client A Warehouse", tagged.Organization);
        Assert.Equal(["cold", "north"], tagged.Tags);
    }

    [Fact, Trait("Rule", "A2"), Trait("Rule", "A6")]
    public async Task AUsersExport_HoldsOnlyTheDevicesItOwns()
    {
        await H.ActAsync("clienta.user@acme.example");

        var export = await ExportAsync("Client A", new DeviceListRequest());

        Assert.NotEmpty(export);
        Assert.All(export, r => Assert.Equal("clienta.user@acme.example", r.OwnerEmail));
        var grid = await H.Get<DeviceQueries>().ListAsync(await H.OrganizationIdAsync("Client A"), new DeviceListRequest());
        Assert.Equal(grid.Total, export.Count);
    }

    [Fact, Trait("Rule", "A4")]
    public async Task AnOrganizationOutsideTheView_IsNotFound()
    {
        await H.ActAsync("clienta.admin@acme.example");

        await Assert.ThrowsAsync<NotFoundException>(() => ExportAsync("Globex", new DeviceListRequest()));
    }

    [Fact]
    public async Task ARow_IsWrittenAsRfc4180_WithFormulasNeutralised()
    {
        var row = new DeviceExportRow("=HYPERLINK(\"x\")", "SN-1", "Client, A", "Acme IoT / Client, A", "a@b.example",
            DeviceStatus.Online, new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc), ["t1", "t2"]);
        var writer = new StringWriter();

        await DeviceExport.WriteRowAsync(writer, row);

        Assert.Equal("\"'=HYPERLINK(\"\"x\"\")\",SN-1,\"Client, A\",\"Acme IoT / Client, A\",a@b.example,Online,2026-11-01T12:00:00Z,t1 t2\r\n",
            writer.ToString());
    }
}
