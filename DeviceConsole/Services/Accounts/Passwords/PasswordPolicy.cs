using DeviceConsole.Data;
using Microsoft.AspNetCore.Identity;

namespace DeviceConsole.Services.Accounts.Passwords;

/// <summary>
/// Passwords as current guidance (NIST SP 800-63B, OWASP ASVS 5.0) wants them: 8 to 128 characters,
/// no composition rules, and refused when easy to guess. zxcvbn's estimate covers its dictionaries
/// of common passwords, words, names, keyboard patterns, dates and the account's own email.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<ApplicationUser>
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA512, which Identity's V3 hashes use.</summary>
    public const int Pbkdf2Iterations = 210_000;

    /// <summary>zxcvbn scores 0 (under 10^3 guesses) and 1 (under 10^6) are what common-password lists contain.</summary>
    private const int MinScore = 2;

    public static void Configure(PasswordOptions options)
    {
        options.RequiredLength = MinLength;
        options.RequireDigit = false;
        options.RequireLowercase = false;
        options.RequireUppercase = false;
        options.RequireNonAlphanumeric = false;
        options.RequiredUniqueChars = 1;
    }

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
            return Task.FromResult(IdentityResult.Success); // Identity's own length check reports it.
        if (password.Length > MaxLength)
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooLong",
                Description = $"Passwords must be at most {MaxLength} characters.",
            }));
        if (password.Length < MinLength)
            return Task.FromResult(IdentityResult.Success);

        var userInputs = new[] { user.Email, user.UserName }
            .Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => s!.Split('@', '.', '-', '_', '+'))
            .Where(s => s.Length > 2)
            .ToArray();
        var score = Zxcvbn.Zxcvbn.MatchPassword(password, userInputs).Score;
        return Task.FromResult(score >= MinScore
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is too common or too easy to guess. A few unrelated words make a strong one.",
            }));
    }
}
