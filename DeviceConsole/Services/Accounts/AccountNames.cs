using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.AspNetCore.Identity;

namespace DeviceConsole.Services.Accounts;

/// <summary>The email is also the sign-in name, which Identity limits to a set of characters.</summary>
internal static class AccountNames
{
    public static void RequireUsableAsUserName(UserManager<ApplicationUser> users, string email)
    {
        var allowed = users.Options.User.AllowedUserNameCharacters;
        if (!string.IsNullOrEmpty(allowed) && email.Any(c => !allowed.Contains(c)))
            throw new DomainException($"\"{email}\" cannot be used to sign in: use letters, digits and - . _ @ + only.");
    }
}
