using System.Text;
using System.Text.Encodings.Web;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Accounts.SignIn;
using DeviceConsole.Services.Email;
using DeviceConsole.Services.Members;
using DeviceConsole.Services.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Accounts;

/// <summary>
/// Starting an account: registration with a new root organization (S2) or through an invitation
/// (M3, M5), and a new root for an account left without memberships (S3), each audited in the
/// same transaction (L1). An email that already has an account creates nothing and gets a
/// sign-in link, behind the same answer (M3).
/// </summary>
public sealed class RegistrationService(
    Operations operations,
    AccessService access,
    AuditLog audit,
    TimeProvider clock,
    UserManager<ApplicationUser> users,
    ILookupNormalizer normalizer,
    InvitationResponseService invitations,
    IEmailSender<ApplicationUser> identityMail,
    MailOutbox mail,
    DummyPasswordHash dummyHash,
    ILogger<RegistrationService> logger)
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
        if (typedEmail is not null) AccountNames.RequireUsableAsUserName(users, typedEmail);
        var organizationName = viaInvitation ? null : Organization.ValidateName(request.OrganizationName);
        await RequireValidPasswordAsync(request.Password);

        await using var op = await operations.BeginAnonymousWriteAsync(ct);
        var db = op.Db;
        Invitation? invitation = null;
        if (viaInvitation)
        {
            invitation = await InvitationResponseService.FindByTokenAsync(db, request.InvitationToken, ct);
            AccountNames.RequireUsableAsUserName(users, invitation.Email);
        }
        var email = invitation?.Email ?? typedEmail!;
        var normalized = normalizer.NormalizeEmail(email);

        var existing = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.Email }).SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            await op.RollbackAsync(ct);
            // The cost of the new account's hash, so the answer takes as long as a real registration (M3).
            dummyHash.Hash(request.Password);
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
            await mail.SendAsync(MailTemplates.AccountReady(email, organization.Name, Absolute(baseUri, "Account/Login")), ct);
        return RegistrationOutcome.AccountCreated;
    }

    /// <summary>S3: an account without any membership starts its own root organization, as at registration (S2).</summary>
    public async Task<OrganizationChangeResult> CreateRootOrganizationAsync(string name, CancellationToken ct = default)
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
        return new OrganizationChangeResult(new OrganizationRef(organization.Id, organization.Name, null, organization.Path, organization.Name),
            $"{organization.Name} was created; you are its Admin.");
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
        return mail.SendAsync(MailTemplates.ExistingAccount(email, signIn, Absolute(baseUri, "Account/ForgotPassword")), ct);
    }

    private static string Absolute(string baseUri, string relative) => $"{baseUri.TrimEnd('/')}/{relative}";
}
