using System.Text;
using System.Text.Encodings.Web;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Email;
using DeviceConsole.Services.Members;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Accounts;

/// <summary>What a registration form submitted: an organization name (S2) or an invitation link (M3).</summary>
public sealed record RegistrationRequest(string? Email, string? Password, string? OrganizationName, string? InvitationToken);

/// <summary>The visitor sees the same page for both (M3); tests and logs tell them apart.</summary>
public enum RegistrationOutcome { AccountCreated, ExistingAccountNotified }

/// <summary>
/// Accounts as the rules see them: registration (S2, M3, M5), a new root for an account without
/// memberships (S3), email change (M5) and deleting one's own account (S1), each with its audit
/// entries in the same transaction (L1).
/// </summary>
public sealed class AccountService(
    Operations operations,
    AccessService access,
    AuditLog audit,
    TimeProvider clock,
    UserManager<ApplicationUser> users,
    ILookupNormalizer normalizer,
    InvitationResponseService invitations,
    IEmailSender<ApplicationUser> identityMail,
    IMailSender mail,
    ILogger<AccountService> logger)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Creates an account with a new root organization (S2), or through an invitation with the invited
    /// membership and a confirmed email (M3, M5). An email that already has an account creates nothing:
    /// that account is sent a sign-in link, and the visitor sees the same outcome page (M3).
    /// </summary>
    public async Task<RegistrationOutcome> RegisterAsync(RegistrationRequest request, string baseUri, CancellationToken ct = default)
    {
        // Every input check comes before the account lookup, so a refusal never depends on whether the email exists.
        var viaInvitation = !string.IsNullOrEmpty(request.InvitationToken);
        var typedEmail = viaInvitation ? null : EmailAddress.Validate(request.Email);
        if (typedEmail is not null) RequireUsableAsUserName(typedEmail);
        var organizationName = viaInvitation ? null : Organization.ValidateName(request.OrganizationName);
        await RequireValidPasswordAsync(request.Password);

        await using var op = await operations.BeginAnonymousWriteAsync(ct);
        var db = op.Db;
        Invitation? invitation = null;
        if (viaInvitation)
        {
            invitation = await InvitationResponseService.FindByTokenAsync(db, request.InvitationToken, ct);
            RequireUsableAsUserName(invitation.Email);
        }
        var email = invitation?.Email ?? typedEmail!;
        var normalized = normalizer.NormalizeEmail(email);

        var existing = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.Email }).SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            await op.RollbackAsync(ct);
            logger.LogInformation("Registration for an existing account {AccountId}: a sign-in link was sent instead.", existing.Id);
            await SendSignInLinkAsync(existing.Email ?? email, baseUri, invitation is null ? null : request.InvitationToken, ct);
            return RegistrationOutcome.ExistingAccountNotified;
        }

        var now = Now;
        var user = new ApplicationUser
        {
            UserName = email,
            NormalizedUserName = normalizer.NormalizeName(email),
            Email = email,
            NormalizedEmail = normalized,
            // M5: the invitation link reached this mailbox, which confirms it.
            EmailConfirmed = invitation is not null,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = users.Options.Lockout.AllowedForNewUsers,
        };
        user.PasswordHash = users.PasswordHasher.HashPassword(user, request.Password!);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        var actor = new Actor(user.Id, email);

        Organization organization;
        if (invitation is not null)
        {
            await invitations.ApplyAcceptanceAsync(db, actor, invitation, user.Id, ct);
            organization = invitation.Organization!;
        }
        else
        {
            organization = await CreateRootAsync(db, actor, user.Id, organizationName!, now, ct);
        }
        user.ActiveOrganizationId = organization.Id;
        audit.AccountRegistered(db, actor, organization, throughInvitation: invitation is not null);
        await op.CommitAsync(ct);

        if (invitation is null)
            await SendConfirmationAsync(user, baseUri);
        else
            await mail.SendAsync(new MailMessage(email, "Your DeviceConsole account is ready",
                $"Your account {email} is ready and you are a member of {organization.Name}.\n\nSign in here:\n\n{Absolute(baseUri, "Account/Login")}\n"), ct);
        return RegistrationOutcome.AccountCreated;
    }

    /// <summary>S3: an account without any membership starts its own root organization, as at registration (S2).</summary>
    public async Task<OrganizationRef> CreateRootOrganizationAsync(string name, CancellationToken ct = default)
    {
        var validName = Organization.ValidateName(name);
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        if (view.Grants.Count > 0)
            throw access.Refuse(view, "S3", "new root organization",
                "You already belong to an organization. New customer organizations start by registering a new account.");
        var organization = await CreateRootAsync(db, view.AsActor(), view.AccountId, validName, Now, ct);
        await db.Users.Where(u => u.Id == view.AccountId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ActiveOrganizationId, organization.Id), ct);
        await op.CommitAsync(ct);
        return new OrganizationRef(organization.Id, organization.Name, null, organization.Path, organization.Name);
    }

    /// <summary>
    /// M5: the new address takes effect only when the link sent to it is opened; from then on
    /// invitations match it. Audited in the same transaction.
    /// </summary>
    public async Task<string> ConfirmEmailChangeAsync(string userId, string newEmail, string code, CancellationToken ct = default)
    {
        var address = EmailAddress.Validate(newEmail);
        RequireUsableAsUserName(address);
        await using var op = await operations.BeginAnonymousWriteAsync(ct);
        var db = op.Db;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new DomainException("This email change link is not valid.");
        if (!await users.VerifyUserTokenAsync(user, users.Options.Tokens.ChangeEmailTokenProvider, "ChangeEmail:" + address, code))
            throw new DomainException("This email change link is not valid or has expired. Ask for a new one from your account page.");
        var normalized = normalizer.NormalizeEmail(address);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != userId, ct))
            throw new DomainException($"{address} is already used by another account; nothing was changed.");

        var oldEmail = user.Email ?? "";
        user.Email = address;
        user.NormalizedEmail = normalized;
        user.UserName = address;
        user.NormalizedUserName = normalizer.NormalizeName(address);
        user.EmailConfirmed = true;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        var organizations = await MembershipOrganizationsAsync(db, userId, ct);
        audit.AccountEmailChanged(db, userId, oldEmail, address, organizations);
        await op.CommitAsync(ct);
        return "Thank you for confirming your email change.";
    }

    /// <summary>
    /// S1: refused while the account is the last Admin of a root (O5) or owns devices (D1), naming the
    /// reason; otherwise its memberships end as in M6 and the account is deleted, audited.
    /// </summary>
    public async Task DeleteOwnAccountAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var target = $"account {view.AccountId}";

        var rootAdminOf = view.Grants.Where(g => g.Role == Role.Admin && OrganizationPath.Level(g.Path) == 1).Select(g => g.OrganizationId).ToList();
        var lastAdminOf = await db.Organizations.AsNoTracking()
            .Where(o => rootAdminOf.Contains(o.Id))
            .Where(o => db.Memberships.Count(m => m.OrganizationId == o.Id && m.Role == Role.Admin) == 1)
            .Select(o => o.Name).ToListAsync(ct);
        if (lastAdminOf.Count > 0)
            throw access.Refuse(view, "S1", target,
                $"You are the last Admin of {string.Join(", ", lastAdminOf)}. Make another account Admin there before deleting your account.");

        var owned = await db.Devices.AsNoTracking().Where(d => d.OwnerId == view.AccountId)
            .OrderBy(d => d.SerialNumber).Select(d => d.SerialNumber).ToListAsync(ct);
        if (owned.Count > 0)
            throw access.Refuse(view, "S1", target,
                $"You own {owned.Count} device{(owned.Count == 1 ? "" : "s")} ({string.Join(", ", owned.Take(10))}{(owned.Count > 10 ? ", ..." : "")}). " +
                "Transfer them to another owner before deleting your account.");

        var actor = view.AsActor();
        var memberships = await db.Memberships.Include(m => m.Organization).Where(m => m.AccountId == view.AccountId).ToListAsync(ct);
        foreach (var membership in memberships)
        {
            db.Memberships.Remove(membership);
            audit.MembershipEndedByAccountDeletion(db, actor, membership.Organization!, membership.Role);
        }
        audit.AccountDeleted(db, actor, memberships.Select(m => m.Organization!));
        var user = await db.Users.SingleAsync(u => u.Id == view.AccountId, ct);
        db.Users.Remove(user);
        await op.CommitAsync(ct);
    }

    private async Task<Organization> CreateRootAsync(AppDbContext db, Actor actor, string accountId, string name, DateTime now, CancellationToken ct)
    {
        var organization = Organization.Create(name, null, now);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(ct);
        organization.AssignPath(null);
        db.Memberships.Add(Membership.Create(accountId, organization.Id, Role.Admin, now));
        audit.RootOrganizationCreated(db, actor, organization);
        audit.MembershipAdded(db, actor, accountId, actor.Email, organization, Role.Admin);
        await db.SaveChangesAsync(ct);
        return organization;
    }

    private static async Task<List<Organization>> MembershipOrganizationsAsync(AppDbContext db, string accountId, CancellationToken ct) =>
        await db.Memberships.AsNoTracking().Where(m => m.AccountId == accountId).Select(m => m.Organization!).ToListAsync(ct);

    private async Task RequireValidPasswordAsync(string? password)
    {
        if (string.IsNullOrEmpty(password))
            throw new DomainException("Choose a password.");
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new ApplicationUser(), password);
            errors.AddRange(result.Errors.Select(e => e.Description));
        }
        if (errors.Count > 0)
            throw new DomainException(string.Join(" ", errors));
    }

    // The email is also the sign-in name, which Identity limits to a set of characters.
    private void RequireUsableAsUserName(string email)
    {
        var allowed = users.Options.User.AllowedUserNameCharacters;
        if (!string.IsNullOrEmpty(allowed) && email.Any(c => !allowed.Contains(c)))
            throw new DomainException($"\"{email}\" cannot be used to sign in: use letters, digits and - . _ @ + only.");
    }

    private async Task SendConfirmationAsync(ApplicationUser user, string baseUri)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var link = QueryHelpers.AddQueryString(Absolute(baseUri, "Account/ConfirmEmail"),
            new Dictionary<string, string?> { ["userId"] = user.Id, ["code"] = code });
        await identityMail.SendConfirmationLinkAsync(user, user.Email!, HtmlEncoder.Default.Encode(link));
    }

    /// <summary>M3: someone registered with an email that has an account: that account gets a sign-in link instead.</summary>
    private Task SendSignInLinkAsync(string email, string baseUri, string? invitationToken, CancellationToken ct)
    {
        var signIn = Absolute(baseUri, "Account/Login");
        if (invitationToken is not null)
            signIn = QueryHelpers.AddQueryString(signIn, "ReturnUrl", $"invitations/{invitationToken}");
        return mail.SendAsync(new MailMessage(email, "You already have a DeviceConsole account",
            $"""
            Someone, perhaps you, tried to register a DeviceConsole account with {email}. This address already has an account, so nothing was created.

            Sign in here:

            {signIn}

            If you forgot your password, reset it here:

            {Absolute(baseUri, "Account/ForgotPassword")}
            """), ct);
    }

    private static string Absolute(string baseUri, string relative) => $"{baseUri.TrimEnd('/')}/{relative}";
}
