using System.Net;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 1: emailed links never come from the request's Host header; forwarded headers only from configured proxies.</summary>
public sealed class PublicOriginTests : IAsyncLifetime
{
    private const string Origin = "https://console.example.com";
    private readonly ConsoleFactory _factory = new(new()
    {
        ["App:PublicOrigin"] = Origin,
        ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient PublicClient()
    {
        var client = _factory.Client();
        client.BaseAddress = new Uri(Origin);
        return client;
    }

    [Theory]
    [InlineData("/Account/ForgotPassword")]
    [InlineData("/Account/Register")]
    [InlineData("/Account/ResendEmailConfirmation")]
    public async Task ARequestForAnotherHost_IsRefused(string path)
    {
        var client = _factory.Client();
        client.BaseAddress = new Uri("https://attacker.example");

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact, Trait("Rule", "M3")]
    public async Task AResetLink_PointsAtThePublicOrigin()
    {
        var client = PublicClient();
        var response = await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = "admin@acme.example" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var mail = Assert.Single(await _factory.MailsAsync());
        Assert.Contains($"{Origin}/Account/ResetPassword?code=", mail);
    }

    [Fact]
    public async Task ForwardedHeaders_AreBelievedOnlyFromAConfiguredProxy()
    {
        await using var viaProxy = _factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.AddSingleton<IStartupFilter>(new RemoteAddress("10.0.0.5"))));
        await using var viaStranger = _factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.AddSingleton<IStartupFilter>(new RemoteAddress("198.51.100.9"))));

        foreach (var factory in new[] { viaProxy, viaStranger })
        {
            var client = factory.Client();
            client.BaseAddress = new Uri(Origin);
            client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
            await client.SignInAsync("nobody@example.com", "wrong-password-here");
        }

        var refusals = _factory.Logs.Entries.Select(e => e.Message).Where(m => m.StartsWith("Sign-in refused for unknown")).ToList();
        Assert.Contains(refusals, m => m.Contains("from 203.0.113.7"));
        Assert.Contains(refusals, m => m.Contains("from 198.51.100.9"));
        Assert.DoesNotContain(refusals, m => m.Contains("from 10.0.0.5"));
    }

    private sealed class RemoteAddress(string address) : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(following => context =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return following(context);
            });
            next(app);
        };
    }
}
