using DeviceConsole.Services.Accounts.SignIn;
using DeviceConsole.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>
/// Item 5 (M3) by time: the account forms answer at their pace, set from the work of both kinds of
/// email alike. The pace's arithmetic is checked here; how close the medians come is measured on
/// demand by <see cref="EnumerationTimingMeasurement"/>, never asserted.
/// </summary>
public sealed class AnswerPacingTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static AnswerPacing Pacing(double minimum = 100, double maximum = 3000) =>
        new(Options.Create(new AnswerPacingOptions { MinimumMilliseconds = minimum, MaximumMilliseconds = maximum }), TimeProvider.System);

    [Fact, Trait("Rule", "M3")]
    public void Pace_IsTheNinetiethPercentileOfRecentWork_WithinTheBounds()
    {
        var window = new PaceWindow();
        Assert.Equal(Ms(100), window.Pace(Ms(100), Ms(3000)));

        for (var i = 1; i <= 10; i++)
            window.Add(Ms(i * 100));
        Assert.Equal(Ms(900), window.Pace(Ms(100), Ms(3000)));
        Assert.Equal(Ms(950), window.Pace(Ms(950), Ms(3000)));
        Assert.Equal(Ms(500), window.Pace(Ms(100), Ms(500)));
    }

    [Fact, Trait("Rule", "M3")]
    public void Pace_FollowsOnlyTheLastAnswers()
    {
        var window = new PaceWindow();
        for (var i = 0; i < PaceWindow.Size; i++)
            window.Add(Ms(2000));
        for (var i = 0; i < PaceWindow.Size; i++)
            window.Add(Ms(200));

        Assert.Equal(Ms(200), window.Pace(Ms(100), Ms(3000)));
        Assert.Equal(2 * PaceWindow.Size, window.Seen);
    }

    [Fact, Trait("Rule", "M3")]
    public void AnAnswer_WaitsForThePaceLessItsOwnWork_AndNeverWhenItOverran()
    {
        var pacing = Pacing();
        for (var i = 0; i < 10; i++)
            pacing.Record("sign-in", Ms(300));

        Assert.Equal(Ms(280), pacing.Record("sign-in", Ms(20)));
        Assert.Equal(TimeSpan.Zero, pacing.Record("sign-in", Ms(450)));
        // Each form keeps its own pace: a slow sign-in does not slow the forgot-password form.
        Assert.Equal(Ms(99), pacing.Record("forgot-password", Ms(1)));
    }

    [Fact, Trait("Rule", "M3")]
    public void ZeroBounds_TurnThePaceOff()
    {
        var pacing = Pacing(minimum: 0, maximum: 0);
        pacing.Record("register", Ms(500));
        Assert.Equal(TimeSpan.Zero, pacing.Record("register", Ms(1)));
    }

    [Fact, Trait("Rule", "M3")]
    public async Task EveryAccountForm_PacesExistingAndUnknownEmailsAlike()
    {
        await using var factory = new ConsoleFactory();
        var client = factory.Client();
        var pacing = factory.Services.GetRequiredService<AnswerPacing>();
        var n = 0;

        async Task BothPaced(string form, Func<string, Task<HttpResponseMessage>> request, string existing, string unknown)
        {
            var before = pacing.AnswersSeen(form);
            (await request(existing)).Dispose();
            Assert.Equal(before + 1, pacing.AnswersSeen(form));
            (await request(unknown)).Dispose();
            Assert.Equal(before + 2, pacing.AnswersSeen(form));
        }

        await BothPaced("sign-in", email => client.SignInAsync(email, "Wrong-Pass-2026"), "staff@acme.example", "nobody@acme.example");
        await BothPaced("register", email => client.PostFormAsync("/Account/Register", "register", new()
        {
            ["Input.Email"] = email, ["Input.OrganizationName"] = $"Initech {++n}",
            ["Input.Password"] = "Fresh-Pass-2026", ["Input.ConfirmPassword"] = "Fresh-Pass-2026",
        }), "admin@acme.example", "new@initech.example");
        await BothPaced("forgot-password", email => client.PostFormAsync("/Account/ForgotPassword", "forgot-password",
            new() { ["Input.Email"] = email }), "admin@acme.example", "nobody@acme.example");
        await BothPaced("resend-confirmation", email => client.PostFormAsync("/Account/ResendEmailConfirmation", "resend-email-confirmation",
            new() { ["Input.Email"] = email }), "admin@acme.example", "nobody@acme.example");
    }
}
