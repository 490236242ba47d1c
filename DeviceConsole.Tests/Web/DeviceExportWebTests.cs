using System.Net;
using System.Text.RegularExpressions;
using DeviceConsole.Components.Devices;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeviceConsole.Tests.Web;

public sealed partial class DeviceExportWebTests : IAsyncLifetime
{
    private readonly ConsoleFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/Account/Login");
        await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(form).Groups[1].Value,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = ServiceHarness.DemoPassword,
        }));
        return client;
    }

    private int OrganizationId(string name)
    {
        using var scope = _factory.Services.CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<DeviceConsole.Data.AppDbContext>>().CreateDbContext();
        return db.Organizations.Where(o => o.Name == name).Select(o => o.Id).Single();
    }

    [Fact, Trait("Rule", "A6"), Trait("Rule", "A4")]
    public async Task TheExport_IsAStreamedCsvWithABom_NeverCached_AndAForeignOrganizationIsNotFound()
    {
        var client = await SignedInAsync("clienta.admin@acme.example");
        var url = "/" + DeviceExportEndpoint.Url(OrganizationId("Client A"), new DeviceListRequest(Search: "Sensor", IncludeSubOrganizations: false));

        var response = await client.GetAsync(url);
        var foreign = await client.GetAsync("/" + DeviceExportEndpoint.Url(OrganizationId("Globex"), new DeviceListRequest()));
        var malformed = await client.GetAsync("/devices/export?organization=1&status=Broken");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var records = AuditTestData.ParseCsv(System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(DeviceExport.Header, records[0]);
        Assert.Equal(10, records.Count - 1);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
