using System.Net;
using DeviceConsole.Domain;
using DeviceConsole.Services.Audit;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Api;

public sealed class AuditApiTests(ApiFactory factory) : ApiTestBase(factory)
{
    [Fact, Trait("Rule", "L3")]
    public async Task TheLog_PagesWithACursor_AndExportsTheSameFilterAsCsv()
    {
        var client = App.Client(await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "audit"));
        var filter = $"action=device.created&organization={await App.OrganizationIdAsync("Client A")}";

        var first = await OkAsync(await client.GetAsync($"/api/v1/audit?{filter}&limit=20"));
        var second = await OkAsync(await client.GetAsync($"/api/v1/audit?{filter}&limit=20&cursor={Uri.EscapeDataString(first.GetProperty("next").GetString()!)}"));
        Assert.Equal(26, first.GetProperty("total").GetInt32());
        Assert.Equal(6, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKindNull, second.GetProperty("next").ValueKind);

        var csv = await client.GetAsync($"/api/v1/audit/export?{filter}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var records = AuditTestData.ParseCsv(await csv.Content.ReadAsStringAsync());
        Assert.Equal(AuditCsv.Header, records[0]);
        Assert.Equal(26, records.Count - 1);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact, Trait("Rule", "L3"), Trait("Rule", "T2")]
    public async Task AUserCeilingToken_CannotReadTheLog_AndAForeignFilterIsNotFound()
    {
        var user = App.Client(await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.User, "audit-user"));
        await ProblemAsync(await user.GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden);
        await ProblemAsync(await user.GetAsync("/api/v1/audit/export"), HttpStatusCode.Forbidden);

        var admin = App.Client(await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "audit-foreign"));
        await ProblemAsync(await admin.GetAsync($"/api/v1/audit?organization={await App.OrganizationIdAsync("Globex")}"), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.GetAsync("/api/v1/audit?from=yesterday"), HttpStatusCode.BadRequest);
        await ProblemAsync(await admin.GetAsync("/api/v1/audit?from=2026-11-05T00:00:00Z&to=2026-11-01T00:00:00Z"), HttpStatusCode.UnprocessableEntity);
    }
}
