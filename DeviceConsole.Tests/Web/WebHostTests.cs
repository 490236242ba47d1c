using System.Net;
using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Web;

public sealed class WebHostTests : IAsyncLifetime
{
    private readonly ConsoleFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/devices")]
    [InlineData("/organizations")]
    [InlineData("/devices/1")]
    public async Task AnonymousRequest_IsRedirectedToSignIn(string path)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignInPage_RendersStatically()
    {
        var client = _factory.CreateClient();
        var html = await client.GetStringAsync("/Account/Login");
        Assert.Contains("Input.Email", html);
    }

    [Fact]
    public async Task Schema_IsCreatedByTheCommittedMigrations()
    {
        _ = _factory.Server;
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(5, await db.Organizations.CountAsync());
    }

    [Fact]
    public async Task SecondStart_SeedsNothingNew()
    {
        _ = _factory.Server;
        int devices;
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            devices = await db.Devices.CountAsync();

        // A second app over the same database file.
        await using var second = new SameDatabaseFactory(_factory.DatabaseFile);
        _ = second.Server;
        await using var db2 = await second.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(devices, await db2.Devices.CountAsync());
        Assert.Equal(5, await db2.Organizations.CountAsync());
        Assert.Equal(6, await db2.Users.CountAsync());
    }

    private sealed class SameDatabaseFactory(string file) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting($"ConnectionStrings:{DatabaseSetup.ConnectionStringName}", $"Data Source={file}");
            builder.UseSetting("Seed:Demo", "true");
            builder.UseSetting("Seed:DemoPassword", ServiceHarness.DemoPassword);
        }
    }
}
