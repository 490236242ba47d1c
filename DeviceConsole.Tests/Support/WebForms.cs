using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeviceConsole.Tests.Support;

/// <summary>Posting the console's static forms as a browser would: the page first, then the form with its antiforgery token.</summary>
public static partial class WebForms
{
    public static HttpClient Client(this WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, string handler, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(path);
        fields["__RequestVerificationToken"] = Token(form);
        fields["_handler"] = handler;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    public static string Token(string html) => AntiforgeryField().Match(html).Groups[1].Value;

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password = ServiceHarness.DemoPassword) =>
        client.PostFormAsync("/Account/Login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>Signs in and checks it worked: the answer is a redirect away from the sign-in page.</summary>
    public static async Task SignInOrFailAsync(this HttpClient client, string email, string password = ServiceHarness.DemoPassword)
    {
        var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("Account/Login", response.Headers.Location!.OriginalString);
    }

    /// <summary>Posts a form of a page already fetched in <paramref name="html"/> (for pages with several forms).</summary>
    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, string html, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = Token(html);
        return client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
