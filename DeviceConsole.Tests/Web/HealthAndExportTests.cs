using System.Net;
using System.Text.RegularExpressions;
using DeviceConsole.Data;
using DeviceConsole.Services.Audit;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Web;

public sealed partial class HealthAndExportTests : IAsyncLifetime
{
    private readonly ConsoleFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient Client() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = Client();
        var form = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(form).Groups[1].Value,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = ServiceHarness.DemoPassword,
        }));
        Assert.DoesNotContain("Account/Login", response.Headers.Location!.OriginalString);
        return client;
    }

    [Fact]
    public async Task Health_AnswersOkWithoutSignIn_AndRevealsNoData()
    {
        var response = await Client().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_Answers503_WhenTheDatabaseCannotBeRead()
    {
        // PostgreSQL has its own outage test (PostgresOutageTests): there is no file to break.
        Assert.SkipWhen(TestProvider.IsPostgres, "SQLite only: the database file is replaced.");
        var client = Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        // The database file is replaced by something that is not a database, and no kept connection reads the old one.
        ((SqliteContextFactory)_factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>()).ClearPool();
        foreach (var suffix in new[] { "-wal", "-shm" })
            File.Delete(_factory.DatabaseFile + suffix);
        await File.WriteAllTextAsync(_factory.DatabaseFile, new string('x', 8192));

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    [Fact, Trait("Rule", "L3")]
    public async Task Export_SendsAnAnonymousVisitorToSignIn()
    {
        var response = await Client().GetAsync("/audit/export");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task Export_IsRefusedToAUser()
    {
        var client = await SignedInAsync("clienta.user@acme.example");

        var response = await client.GetAsync("/audit/export");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("needs Admin", await response.Content.ReadAsStringAsync());
    }

    [Fact, Trait("Rule", "L3")]
    public async Task Export_GivesAnAdminTheCsvOfItsView()
    {
        var client = await SignedInAsync("clienta.admin@acme.example");

        var response = await client.GetAsync("/audit/export?action=device.created&organization=" + await OrganizationIdAsync("Client A"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var records = AuditTestData.ParseCsv(await response.Content.ReadAsStringAsync());
        Assert.Equal(AuditCsv.Header, records[0]);
        Assert.Equal(26, records.Count - 1);
        Assert.All(records.Skip(1), r => Assert.Equal("device.created", r[2]));
    }

    [Theory, Trait("Rule", "L3")]
    [InlineData("organization=GLOBEX", HttpStatusCode.NotFound)]
    [InlineData("organization=999999", HttpStatusCode.NotFound)]
    [InlineData("device=GLX-PU-1001", HttpStatusCode.NotFound)]
    [InlineData("from=2026-11-05T00:00:00Z&to=2026-11-01T00:00:00Z", HttpStatusCode.BadRequest)]
    [InlineData("from=yesterday", HttpStatusCode.BadRequest)]
    public async Task Export_OfAForeignOrMalformedFilter_RevealsNothing(string query, HttpStatusCode expected)
    {
        var client = await SignedInAsync("clienta.admin@acme.example");
        query = query.Replace("GLOBEX", (await OrganizationIdAsync("Globex")).ToString());

        var response = await client.GetAsync("/audit/export?" + query);

        Assert.Equal(expected, response.StatusCode);
        Assert.NotEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<int> OrganizationIdAsync(string name)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<DeviceConsole.Data.AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return db.Organizations.Where(o => o.Name == name).Select(o => o.Id).Single();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
