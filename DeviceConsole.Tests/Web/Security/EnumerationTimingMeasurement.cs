using System.Diagnostics;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>
/// Item 5, by time: medians of existing versus unknown emails for sign-in, registration, forgot
/// password and resend confirmation, with the production password hashing. On demand only
/// (<c>--filter-class "*EnumerationTimingMeasurement" --explicit only</c>); it prints figures and
/// asserts nothing about time.
/// </summary>
public sealed class EnumerationTimingMeasurement(ITestOutputHelper output)
{
    private const int Rounds = 15;

    [Fact(Explicit = true)]
    public async Task ExistingVersusUnknownEmails_Medians()
    {
        await using var factory = new ConsoleFactory(new()
        {
            ["RateLimits:SignIn:PermitLimit"] = "10000", ["RateLimits:ForgotPassword:PermitLimit"] = "10000",
            ["RateLimits:ResendConfirmation:PermitLimit"] = "10000", ["Registration:PermitLimit"] = "10000",
            ["Lockout:MaxFailedAttempts"] = "10000", ["Mail:PerAddressPerHour"] = "10000",
        }, productionHashing: true);
        var client = factory.Client();
        var n = 0;

        await MeasureAsync("sign-in, wrong password", email => client.SignInAsync(email, "Wrong-Pass-2026"), "staff@acme.example", "nobody@acme.example");
        await MeasureAsync("register", email => client.PostFormAsync("/Account/Register", "register", new()
        {
            ["Input.Email"] = email, ["Input.OrganizationName"] = $"Initech {n}",
            ["Input.Password"] = "Fresh-Pass-2026", ["Input.ConfirmPassword"] = "Fresh-Pass-2026",
        }), "admin@acme.example", () => $"new{++n}@initech.example");
        await MeasureAsync("forgot password", email => client.PostFormAsync("/Account/ForgotPassword", "forgot-password",
            new() { ["Input.Email"] = email }), "admin@acme.example", "nobody@acme.example");
        await MeasureAsync("resend confirmation", email => client.PostFormAsync("/Account/ResendEmailConfirmation", "resend-email-confirmation",
            new() { ["Input.Email"] = email }), "admin@acme.example", "nobody@acme.example");
    }

    private Task MeasureAsync(string what, Func<string, Task<HttpResponseMessage>> request, string existing, string unknown) =>
        MeasureAsync(what, request, existing, () => unknown);

    private async Task MeasureAsync(string what, Func<string, Task<HttpResponseMessage>> request, string existing, Func<string> unknown)
    {
        var known = new List<double>();
        var fresh = new List<double>();
        await request(existing); // warm-up
        for (var i = 0; i < Rounds; i++)
        {
            // Alternating, so load on the machine falls on both sides alike.
            known.Add(await TimeAsync(() => request(existing)));
            fresh.Add(await TimeAsync(() => request(unknown())));
        }
        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var (a, b) = (Median(known), Median(fresh));
        output.WriteLine($"{what,-28} existing {a,8:F1} ms   unknown {b,8:F1} ms   difference {Math.Abs(a - b) / Math.Max(a, b) * 100,5:F1} %");
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> request)
    {
        var watch = Stopwatch.StartNew();
        (await request()).Dispose();
        return watch.Elapsed.TotalMilliseconds;
    }
}
