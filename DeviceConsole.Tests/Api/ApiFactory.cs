using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Tokens;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeviceConsole.Tests.Api;

/// <summary>The real app over its own seeded SQLite file, with API tokens made directly in the database for test set-up.</summary>
public class ApiFactory : ConsoleFactory
{
    public static readonly JsonSerializerOptions Json = DeviceConsole.Api.ApiJson.Options;

    /// <summary>Settings over the defaults, e.g. a low rate limit.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
    }

    public HttpClient Client(string? token = null)
    {
        var client = CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A token for the account in the organization, as the tokens page would make it (test set-up only).</summary>
    public async Task<string> TokenAsync(string email, string organization, Role ceiling, string name = "ci", int days = 90)
    {
        await using var db = NewDbContext();
        var accountId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var organizationId = await OrganizationIdAsync(organization);
        var (secret, display, hash) = AccessTokenSecrets.New();
        var now = DateTime.UtcNow;
        db.AccessTokens.Add(AccessToken.Create(accountId, organizationId, name, display, hash, ceiling, now, now.AddDays(days)));
        await db.SaveChangesAsync();
        return secret;
    }

    public AppDbContext NewDbContext()
    {
        var factory = Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        return factory.CreateDbContext();
    }

    public async Task<int> OrganizationIdAsync(string name)
    {
        await using var db = NewDbContext();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public async Task<int> DeviceIdAsync(string serial)
    {
        await using var db = NewDbContext();
        return await db.Devices.Where(d => d.SerialNumber == serial).Select(d => d.Id).SingleAsync();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json);
}
