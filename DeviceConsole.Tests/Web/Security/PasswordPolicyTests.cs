using System.Buffers.Binary;
using DeviceConsole.Data;
using DeviceConsole.Services.Accounts.Passwords;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 7: length without composition rules, common passwords refused, PBKDF2 iterations raised and upgraded at sign-in.</summary>
public sealed class PasswordPolicyTests : IAsyncLifetime
{
    private readonly ConsoleFactory _factory = new(productionHashing: true);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<IdentityResult> CreateAsync(string password)
    {
        _ = _factory.Server;
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"p{Guid.NewGuid():N}@initech.example";
        return await users.CreateAsync(new ApplicationUser { UserName = email, Email = email }, password);
    }

    [Theory, Trait("Rule", "S1")]
    [InlineData("correct horse battery staple")]
    [InlineData("lowercase words only here")]
    [InlineData("Demo-Pass-2026")]
    public async Task LongEnoughAndHardToGuess_IsAccepted_WithoutCompositionRules(string password) =>
        Assert.True((await CreateAsync(password)).Succeeded);

    [Theory, Trait("Rule", "S1")]
    [InlineData("Password1!", "PasswordTooCommon")]
    [InlineData("qwertyuiop", "PasswordTooCommon")]
    [InlineData("iloveyou2", "PasswordTooCommon")]
    [InlineData("Ab1!xyz", "PasswordTooShort")]
    public async Task CommonOrShortPasswords_AreRefused(string password, string code) =>
        Assert.Contains((await CreateAsync(password)).Errors, e => e.Code == code);

    [Fact, Trait("Rule", "S1")]
    public async Task PasswordsUpTo128Characters_AreAccepted_AndLongerOnesRefused()
    {
        var words = string.Concat(Enumerable.Repeat("orbit lantern ", 20));
        Assert.True((await CreateAsync(words[..128])).Succeeded);
        Assert.Contains((await CreateAsync(words[..129])).Errors, e => e.Code == "PasswordTooLong");
    }

    [Fact, Trait("Rule", "S1")]
    public async Task AnOlderHash_IsUpgradedToTheCurrentIterationCount_AtTheNextSignIn()
    {
        _ = _factory.Server;
        Assert.Equal(PasswordPolicy.Pbkdf2Iterations, _factory.Services.GetRequiredService<IOptions<PasswordHasherOptions>>().Value.IterationCount);
        var weak = new PasswordHasher<ApplicationUser>(Options.Create(new PasswordHasherOptions { IterationCount = 10_000 }));
        var dbFactory = _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var user = await db.Users.SingleAsync(u => u.NormalizedEmail == "GLOBEX.ADMIN@GLOBEX.EXAMPLE");
            user.PasswordHash = weak.HashPassword(user, ServiceHarness.DemoPassword);
            await db.SaveChangesAsync();
            Assert.Equal(10_000, Iterations(user.PasswordHash));
        }

        await _factory.Client().SignInOrFailAsync("globex.admin@globex.example");

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var hash = await db.Users.Where(u => u.NormalizedEmail == "GLOBEX.ADMIN@GLOBEX.EXAMPLE").Select(u => u.PasswordHash).SingleAsync();
            Assert.Equal(PasswordPolicy.Pbkdf2Iterations, Iterations(hash!));
        }
    }

    /// <summary>Identity's V3 format: a marker byte, the PRF, then the iteration count, big-endian.</summary>
    private static int Iterations(string hash) => (int)BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));
}
