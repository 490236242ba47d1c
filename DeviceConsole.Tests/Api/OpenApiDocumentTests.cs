using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;

namespace DeviceConsole.Tests.Api;

public sealed class OpenApiDocumentTests(ApiFactory factory) : ApiTestBase(factory)
{
    [Fact]
    public async Task TheDocument_IsGeneratedAndListsEveryApiEndpoint()
    {
        var response = await App.Client().GetAsync("/api/openapi/v1.json");
        var document = await OkAsync(response);
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();

        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet();

        Assert.True(endpoints.Count >= 20, string.Join(", ", endpoints));
        Assert.Empty(endpoints.Except(documented));
        Assert.Contains("GET /api/v1/organizations/{id}/devices", documented);
    }

    [Fact]
    public async Task TheDocument_DescribesTheApisOwnContracts_NotTheServicesRecords()
    {
        var document = await OkAsync(await App.Client().GetAsync("/api/openapi/v1.json"));
        var schemas = document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToHashSet();

        foreach (var contract in new[] { "DeviceListItem", "DeviceResponse", "DeviceAccessResponse", "AuditEntryResponse",
                     "TransferPreviewResponse", "MembersResponse", "InvitationSentResponse", "MoveResponse", "OrganizationInScope" })
            Assert.Contains(contract, schemas);
        foreach (var record in new[] { "DeviceRow", "DeviceDetails", "DeviceAccess", "AuditRow", "TransferPreview", "MembersOverview",
                     "InvitationSent", "MovePreview", "ForestNode", "OrganizationRef" })
            Assert.DoesNotContain(record, schemas);
        var device = document.GetProperty("components").GetProperty("schemas").GetProperty("DeviceListItem").GetProperty("properties");
        Assert.True(device.TryGetProperty("version", out _));
    }

    [Fact]
    public async Task TheReference_IsServedAtApiDocs()
    {
        // "/api/docs" redirects to "docs/", which a browser resolves to "/api/docs/".
        var redirect = await App.Client().GetAsync("/api/docs");
        var response = await App.Client().GetAsync(new Uri(new Uri("http://localhost/api/docs"), redirect.Headers.Location!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("DeviceConsole API", await response.Content.ReadAsStringAsync());
    }

    // The document writes "/x/{id}" where the route says "/x/{id:int}", and no trailing slash.
    private static string Normalize(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+):\w+\}", "{$1}").TrimEnd('/');
}
