using DeviceConsole.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Accounts.SignIn;

/// <summary>
/// Identity's sign-in with three changes: failures are counted atomically before the password is
/// checked (<see cref="SignInAttempts"/>); an unknown, locked or unconfirmed account costs the same
/// password check as a known one (no enumeration by time, M3); and every password sign-in is
/// logged with the account (or "unknown") and the client address.
/// </summary>
public sealed class ConsoleSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    SignInAttempts attempts,
    DummyPasswordHash dummyHash,
    ILogger<ConsoleSignInManager> signInLog)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>Set on the request when the password was just checked, so the new session records it (S5).</summary>
    public const string PasswordCheckedItem = "DeviceConsole.PasswordChecked";

    /// <summary>S4: a suspended account cannot sign in, by any means.</summary>
    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        user.SuspendedAt is null && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        SignInResult result;
        if (user is null)
        {
            dummyHash.Verify(password);
            result = SignInResult.Failed;
        }
        else
        {
            result = await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        }
        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var account = user?.Email ?? "unknown";
        if (result.Succeeded)
            signInLog.LogInformation("Sign-in succeeded for {Account} from {ClientAddress}.", account, address);
        else if (result.RequiresTwoFactor)
            signInLog.LogInformation("Sign-in for {Account} from {ClientAddress}: password accepted, second factor required.", account, address);
        else
            signInLog.LogWarning("Sign-in refused for {Account} from {ClientAddress}: {Reason}.", account, address,
                result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "not allowed" : "wrong password or unknown account");
        return result;
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        if (!lockoutOnFailure || !UserManager.SupportsUserLockout || !await UserManager.GetLockoutEnabledAsync(user))
            return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);

        if (await PreSignInCheck(user) is { } refused)
        {
            dummyHash.Verify(password);
            return refused;
        }
        if (!await attempts.TryReserveAsync(user.Id))
        {
            dummyHash.Verify(password);
            return SignInResult.LockedOut;
        }
        if (await UserManager.CheckPasswordAsync(user, password))
        {
            await attempts.ResetAsync(user.Id);
            Context.Items[PasswordCheckedItem] = true;
            return SignInResult.Success;
        }
        return await attempts.IsLockedOutAsync(user.Id) ? SignInResult.LockedOut : SignInResult.Failed;
    }
}

/// <summary>A hash made once with the current settings, checked when there is no real one, so both paths cost the same.</summary>
public sealed class DummyPasswordHash(IOptions<PasswordHasherOptions> options)
{
    private static readonly ApplicationUser Nobody = new();
    private readonly PasswordHasher<ApplicationUser> _hasher = new(options);
    private string? _hash;

    public void Verify(string? password) =>
        _hasher.VerifyHashedPassword(Nobody, _hash ??= _hasher.HashPassword(Nobody, Guid.NewGuid().ToString()), password ?? "");

    /// <summary>The cost of creating a password hash, for paths that would otherwise skip it.</summary>
    public void Hash(string? password) => _hasher.HashPassword(Nobody, password ?? "");
}
