using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 6 (S1): lockout holds under parallel guessing.</summary>
public sealed class LockoutRaceTests : IAsyncLifetime
{
    private readonly CountingHasher _hasher = new();
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory;

    public LockoutRaceTests()
    {
        _factory = new ConsoleFactory(new() { ["RateLimits:SignIn:PermitLimit"] = "1000" })
            .WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            {
                s.AddSingleton(_hasher);
                s.AddScoped<IPasswordHasher<ApplicationUser>>(sp =>
                {
                    _hasher.Inner ??= new PasswordHasher<ApplicationUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>());
                    return _hasher;
                });
            }));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact, Trait("Rule", "S1")]
    public async Task HundredParallelWrongPasswords_GetAtMostFiveChecked_AndLockTheAccount()
    {
        var client = _factory.Client();
        var token = WebForms.Token(await client.GetStringAsync("/Account/Login"));
        _hasher.Verified = 0;

        var attempts = Enumerable.Range(0, 100).Select(i => client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = "staff@acme.example",
            ["Input.Password"] = $"Wrong-Guess-{i:000}",
        })));
        var responses = await Task.WhenAll(attempts);

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"{r.StatusCode}"));
        Assert.InRange(_hasher.Verified, 1, 5);
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync("staff@acme.example"))!));
    }

    /// <summary>Counts the password checks made against real accounts (the dummy hash has its own hasher).</summary>
    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        public PasswordHasher<ApplicationUser>? Inner;
        public int Verified;

        public string HashPassword(ApplicationUser user, string password) => Inner!.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref Verified);
            return Inner!.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
