using System.Net;
using System.Text.RegularExpressions;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeviceConsole.Tests.Web;

public sealed partial class RegistrationWebTests : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _factory = new ConsoleFactory()
        .WithWebHostBuilder(b => b.UseSetting("Registration:PermitLimit", "3"));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient Client() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(path);
        fields["__RequestVerificationToken"] = AntiforgeryField().Match(form).Groups[1].Value;
        fields["_handler"] = handler;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email) =>
        PostAsync(client, "/Account/Register", "register", new()
        {
            ["Input.Email"] = email, ["Input.OrganizationName"] = "Initech",
            ["Input.Password"] = "Fresh-Pass-2026", ["Input.ConfirmPassword"] = "Fresh-Pass-2026",
        });

    [Fact, Trait("Rule", "S2"), Trait("Rule", "M3")]
    public async Task RegisteringANewEmailAndAnExistingOne_EndOnTheSameCheckYourEmailPage()
    {
        var client = Client();
        var fresh = await RegisterAsync(client, "carol@initech.example");
        var existing = await RegisterAsync(client, "admin@acme.example");

        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, existing.StatusCode);
        Assert.Equal(fresh.Headers.Location, existing.Headers.Location);
        Assert.Contains("Account/RegisterConfirmation", fresh.Headers.Location!.OriginalString);
        Assert.DoesNotContain("admin", existing.Headers.Location!.OriginalString);
    }

    [Fact, Trait("Rule", "S2")]
    public async Task RegistrationsPerClientAddress_AreRateLimited()
    {
        var client = Client();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(client, $"user{i}@initech.example")).StatusCode);

        var refused = await RegisterAsync(client, "user9@initech.example");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many registrations", await refused.Content.ReadAsStringAsync());
        // Viewing the page is not counted.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Register")).StatusCode);
    }

    [Fact, Trait("Rule", "S1")]
    public async Task ForgotPassword_AnswersTheSameWhetherOrNotTheEmailExists()
    {
        var client = Client();
        var known = await PostAsync(client, "/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = "admin@acme.example" });
        var unknown = await PostAsync(client, "/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = "nobody@acme.example" });

        Assert.Equal(HttpStatusCode.Redirect, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
