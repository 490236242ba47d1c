using System.Net;
using System.Text;
using DeviceConsole.Domain;

namespace DeviceConsole.Tests.Api;

public sealed class ApiInputTests(ApiFactory factory) : ApiTestBase(factory)
{
    private async Task<(HttpClient Client, string Url)> CreateDeviceAsync(string name)
    {
        var client = App.Client(await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, name));
        return (client, $"/api/v1/organizations/{await App.OrganizationIdAsync("Client A")}/devices");
    }

    [Theory]
    [InlineData("{\"name\": \"X\", \"serialNumber\": ", "not valid JSON")]
    [InlineData("{\"name\": \"X\", \"serialNumber\": \"IN-1\", \"status\": \"Online\", \"colour\": \"red\"}", "unknown field")]
    [InlineData("{\"name\": \"X\", \"status\": \"Online\"}", "required field")]
    [InlineData("{\"name\": null, \"serialNumber\": \"IN-1\", \"status\": \"Online\"}", "required field")]
    [InlineData("{\"name\": \"X\", \"serialNumber\": \"IN-1\", \"status\": \"Sleeping\"}", "not valid JSON")]
    [InlineData("[1, 2]", "not valid JSON")]
    public async Task MalformedBodies_Are400_AndWriteNothing(string json, string expected)
    {
        var (client, url) = await CreateDeviceAsync("malformed-" + json.Length);

        var problem = await ProblemAsync(await client.PostAsync(url, Raw(json)), HttpStatusCode.BadRequest);

        Assert.Contains(expected, Detail(problem));
        await using var db = App.NewDbContext();
        Assert.DoesNotContain(db.Devices, d => d.SerialNumber == "IN-1");
    }

    [Fact]
    public async Task AnOversizeBody_Is413_AndAnotherContentType415()
    {
        var (client, url) = await CreateDeviceAsync("size");

        var big = "{\"name\": \"" + new string('x', 300 * 1024) + "\", \"serialNumber\": \"IN-2\", \"status\": \"Online\"}";
        await ProblemAsync(await client.PostAsync(url, Raw(big)), HttpStatusCode.RequestEntityTooLarge);
        await ProblemAsync(await client.PostAsync(url, new StringContent("name=X", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task AnUnknownApiPath_IsAProblem_NotTheConsolesPage()
    {
        var (client, _) = await CreateDeviceAsync("unknown-path");

        await ProblemAsync(await client.GetAsync("/api/v1/gadgets"), HttpStatusCode.NotFound);
        await ProblemAsync(await client.GetAsync("/api/v1/devices/abc"), HttpStatusCode.NotFound);
    }
}
