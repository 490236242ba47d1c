using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Members;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Accounts;

public sealed class AccountLifecycleTests : ServiceTest
{
    private const string BaseUri = "https://console.test/";
    private const string Password = "Fresh-Pass-2026";

    private AccountService Accounts => H.Get<AccountService>();
    private RegistrationService Registration => H.Get<RegistrationService>();

    private string[] Mails() => Directory.Exists(H.MailFolder)
        ? Directory.GetFiles(H.MailFolder, "*.eml").Order().Select(File.ReadAllText).ToArray()
        : [];

    private async Task<string> InviteAsync(string organization, string email, Role role)
    {
        await H.ActAsync("admin@acme.example");
        var sent = await H.Get<InvitationService>().InviteAsync(await H.OrganizationIdAsync(organization), email, role, BaseUri);
        H.Auth.SignOut();
        return sent.Link[(sent.Link.LastIndexOf('/') + 1)..];
    }

    // S2

    [Fact, Trait("Rule", "S2"), Trait("Rule", "L1")]
    public async Task RegisteringWithoutAnInvitation_CreatesARootWithTheAccountAsAdmin_AndSendsAConfirmation()
    {
        var outcome = await Registration.RegisterAsync(new RegistrationRequest(" Carol@Initech.example ", Password, " Initech ", null), BaseUri);

        Assert.Equal(RegistrationOutcome.AccountCreated, outcome);
        await using var db = H.NewDbContext();
        var user = await db.Users.SingleAsync(u => u.NormalizedEmail == "CAROL@INITECH.EXAMPLE");
        Assert.Equal("Carol@Initech.example", user.Email);
        Assert.False(user.EmailConfirmed);
        var membership = await db.Memberships.Include(m => m.Organization).SingleAsync(m => m.AccountId == user.Id);
        Assert.Equal(("Initech", null, Role.Admin), (membership.Organization!.Name, membership.Organization.ParentId, membership.Role));
        Assert.Equal(membership.OrganizationId, user.ActiveOrganizationId);
        var registered = await db.AuditEntries.Include(e => e.Organizations).SingleAsync(e => e.Action == AuditActions.AccountRegistered);
        Assert.Equal("Initech", registered.Organizations.Single().Name);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.OrganizationCreated && e.TargetName == "Initech"));
        var mail = Assert.Single(Mails());
        Assert.Contains("Account/ConfirmEmail?userId=", mail);
        Assert.True(await H.Get<UserManager<ApplicationUser>>().CheckPasswordAsync(user, Password));
    }

    [Fact, Trait("Rule", "S2"), Trait("Rule", "M3")]
    public async Task RegisteringAnEmailThatHasAnAccount_CreatesNothing_AndSendsThatAccountASignInLink()
    {
        await using (var before = H.NewDbContext())
            Assert.Equal(6, await before.Users.CountAsync());

        var outcome = await Registration.RegisterAsync(new RegistrationRequest("STAFF@acme.example", Password, "Evil Corp", null), BaseUri);

        Assert.Equal(RegistrationOutcome.ExistingAccountNotified, outcome);
        await using var db = H.NewDbContext();
        Assert.Equal(6, await db.Users.CountAsync());
        Assert.False(await db.Organizations.AnyAsync(o => o.Name == "Evil Corp"));
        var mail = Assert.Single(Mails());
        Assert.Contains("To: staff@acme.example", mail);
        Assert.Contains("https://console.test/Account/Login", mail);
        Assert.True(await H.Get<UserManager<ApplicationUser>>().CheckPasswordAsync(
            (await H.Get<UserManager<ApplicationUser>>().FindByEmailAsync("staff@acme.example"))!, ServiceHarness.DemoPassword));
    }

    [Theory, Trait("Rule", "S2")]
    [InlineData("staff@acme.example")]
    [InlineData("unknown@example.com")]
    public async Task InvalidInput_IsRefusedTheSameWay_WhetherOrNotTheEmailHasAnAccount(string email)
    {
        Assert.Equal("Passwords must be at least 8 characters.",
            (await Assert.ThrowsAsync<DomainException>(() => Registration.RegisterAsync(new RegistrationRequest(email, "Ab1!", "Org", null), BaseUri))).Message);
        Assert.Equal("An organization name is required.",
            (await Assert.ThrowsAsync<DomainException>(() => Registration.RegisterAsync(new RegistrationRequest(email, Password, "  ", null), BaseUri))).Message);
        Assert.Empty(Mails());
    }

    [Theory, Trait("Rule", "S2")]
    [InlineData("not an email")]
    [InlineData("bob@example")]
    public async Task MalformedEmails_AreRefused(string email)
    {
        await Assert.ThrowsAsync<DomainException>(() => Registration.RegisterAsync(new RegistrationRequest(email, Password, "Org", null), BaseUri));
        await using var db = H.NewDbContext();
        Assert.Equal(6, await db.Users.CountAsync());
    }

    // M3, M5: registration through an invitation

    [Fact, Trait("Rule", "M3"), Trait("Rule", "M5"), Trait("Rule", "L1")]
    public async Task RegisteringThroughAnInvitation_ConfirmsTheEmail_AndStartsTheMembership()
    {
        var token = await InviteAsync("Client A", "dave@example.com", Role.Staff);

        // The email typed in the form is ignored: the invitation's email is the account's.
        await Registration.RegisterAsync(new RegistrationRequest("someone.else@example.com", Password, null, token), BaseUri);

        await using var db = H.NewDbContext();
        var user = await db.Users.SingleAsync(u => u.NormalizedEmail == "DAVE@EXAMPLE.COM");
        Assert.True(user.EmailConfirmed);
        Assert.False(await db.Users.AnyAsync(u => u.NormalizedEmail == "SOMEONE.ELSE@EXAMPLE.COM"));
        var membership = await db.Memberships.Include(m => m.Organization).SingleAsync(m => m.AccountId == user.Id);
        Assert.Equal(("Client A", Role.Staff), (membership.Organization!.Name, membership.Role));
        Assert.Equal(InvitationState.Accepted, (await db.Invitations.SingleAsync()).State);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.InvitationAccepted && e.ActorId == user.Id));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AccountRegistered && e.ActorId == user.Id));
        Assert.False(await db.Organizations.AnyAsync(o => o.ParentId == null && o.Name != "Acme IoT" && o.Name != "Globex"));
    }

    [Fact, Trait("Rule", "M3")]
    public async Task RegisteringThroughAnInvitationForAnExistingAccount_SendsASignInLinkToTheInvitation()
    {
        var token = await InviteAsync("Client A", "globex.admin@globex.example", Role.Staff);

        var outcome = await Registration.RegisterAsync(new RegistrationRequest(null, Password, null, token), BaseUri);

        Assert.Equal(RegistrationOutcome.ExistingAccountNotified, outcome);
        var mail = Assert.Single(Mails(), m => m.Contains("already has an account"));
        Assert.Contains("To: globex.admin@globex.example", mail);
        Assert.Contains($"ReturnUrl=invitations%2F{token}", mail);
        await using var db = H.NewDbContext();
        Assert.Equal(InvitationState.Pending, (await db.Invitations.SingleAsync()).State);
    }

    [Fact, Trait("Rule", "M4")]
    public async Task RegisteringThroughARevokedInvitation_CreatesNothing_AndSaysWhy()
    {
        var token = await InviteAsync("Client A", "dave@example.com", Role.Staff);
        await H.ActAsync("admin@acme.example");
        await using (var db = H.NewDbContext())
            await H.Get<InvitationService>().RevokeAsync(await db.Invitations.Select(i => i.Id).SingleAsync());
        H.Auth.SignOut();

        var error = await Assert.ThrowsAsync<DomainException>(() => Registration.RegisterAsync(new RegistrationRequest(null, Password, null, token), BaseUri));
        Assert.Contains("was revoked", error.Message);
        await using var check = H.NewDbContext();
        Assert.False(await check.Users.AnyAsync(u => u.NormalizedEmail == "DAVE@EXAMPLE.COM"));
    }

    [Fact, Trait("Rule", "M3")]
    public async Task ASignedOutVisitorSeesTheInvitation_WhetherOrNotAnAccountExists()
    {
        var existing = await InviteAsync("Client A", "globex.admin@globex.example", Role.Staff);
        var unknown = await InviteAsync("Client A", "nobody@example.com", Role.Staff);

        var a = await H.Get<InvitationResponseService>().GetTicketAsync(existing);
        var b = await H.Get<InvitationResponseService>().GetTicketAsync(unknown);
        Assert.Equal(InvitationAudience.SignedOut, a.Audience);
        Assert.Equal(InvitationAudience.SignedOut, b.Audience);
        Assert.Equal(a with { Id = 0, Email = "" }, b with { Id = 0, Email = "" });
    }

    // S3

    [Fact, Trait("Rule", "S3"), Trait("Rule", "S2")]
    public async Task AnAccountWithoutMemberships_CreatesItsOwnRoot_AndOnlyThen()
    {
        await H.CreateAccountAsync("lonely@example.com");
        await H.ActAsync("lonely@example.com");
        Assert.Null(await H.Get<ActiveOrganizationService>().GetAsync());

        var root = (await Registration.CreateRootOrganizationAsync("Lonely Labs")).Organization;

        Assert.Equal("Lonely Labs", root.Name);
        var active = await H.Get<ActiveOrganizationService>().GetAsync();
        Assert.Equal(("Lonely Labs", Role.Admin), (active!.Organization.Name, active.Role));
        var error = await Assert.ThrowsAsync<DomainException>(() => Registration.CreateRootOrganizationAsync("Second"));
        Assert.StartsWith("You already belong to an organization.", error.Message);
    }

    // M5: email change

    [Fact, Trait("Rule", "M5"), Trait("Rule", "L1")]
    public async Task AnEmailChangeTakesEffectWhenConfirmed_IsAudited_AndInvitationsFollowTheNewAddress()
    {
        var token = await InviteAsync("Client A", "new.address@globex.example", Role.Staff);
        var users = H.Get<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync("globex.admin@globex.example"))!;
        var code = await users.GenerateChangeEmailTokenAsync(user, "new.address@globex.example");

        var message = await Accounts.ConfirmEmailChangeAsync(user.Id, "new.address@globex.example", code);

        Assert.Equal("Thank you for confirming your email change.", message);
        await using (var db = H.NewDbContext())
        {
            var changed = await db.Users.SingleAsync(u => u.Id == user.Id);
            Assert.Equal(("new.address@globex.example", "NEW.ADDRESS@GLOBEX.EXAMPLE", "new.address@globex.example"), (changed.Email, changed.NormalizedEmail, changed.UserName));
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.AccountEmailChanged);
            Assert.Contains("globex.admin@globex.example", entry.Before);
            Assert.Contains("new.address@globex.example", entry.After);
        }
        await H.ActAsync("new.address@globex.example");
        Assert.Equal(InvitationAudience.InvitedAccount, (await H.Get<InvitationResponseService>().GetTicketAsync(token)).Audience);
        await H.Get<InvitationResponseService>().AcceptAsync(token);
    }

    [Fact, Trait("Rule", "M5")]
    public async Task AnEmailChangeWithAWrongCode_ChangesNothing()
    {
        var users = H.Get<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync("globex.admin@globex.example"))!;
        var code = await users.GenerateChangeEmailTokenAsync(user, "other@globex.example");

        await Assert.ThrowsAsync<DomainException>(() => Accounts.ConfirmEmailChangeAsync(user.Id, "new.address@globex.example", code));
        await using var db = H.NewDbContext();
        Assert.Equal("globex.admin@globex.example", await db.Users.Where(u => u.Id == user.Id).Select(u => u.Email).SingleAsync());
    }

    // S1

    [Fact, Trait("Rule", "S1"), Trait("Rule", "O5")]
    public async Task DeletingTheLastAdminOfARoot_IsRefusedNamingIt()
    {
        await H.ActAsync("globex.admin@globex.example");
        var error = await Assert.ThrowsAsync<DomainException>(() => Accounts.DeleteOwnAccountAsync());
        Assert.Equal("You are the last Admin of Globex. Make another account Admin there before deleting your account.", error.Message);
    }

    [Fact, Trait("Rule", "S1")]
    public async Task DeletingAnAccountThatOwnsDevices_IsRefusedNamingThem()
    {
        await H.ActAsync("clienta.user@acme.example");
        var error = await Assert.ThrowsAsync<DomainException>(() => Accounts.DeleteOwnAccountAsync());
        Assert.StartsWith("You own 8 devices (CLA-TR-1001, CLA-TR-1002,", error.Message);
        Assert.EndsWith("Transfer them to another owner before deleting your account.", error.Message);
    }

    [Fact, Trait("Rule", "S1"), Trait("Rule", "L1")]
    public async Task DeletingAnAccount_EndsItsMemberships_AndKeepsItsEmailInEarlierEntries()
    {
        var id = await H.CreateAccountAsync("leaver@example.com");
        await using (var db = H.NewDbContext())
        {
            db.Memberships.Add(Membership.Create(id, await db.Organizations.Where(o => o.Name == "Client B").Select(o => o.Id).SingleAsync(), Role.Staff, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        await H.ActAsync("leaver@example.com");

        await Accounts.DeleteOwnAccountAsync();

        await using var check = H.NewDbContext();
        Assert.False(await check.Users.AnyAsync(u => u.Id == id));
        Assert.False(await check.Memberships.AnyAsync(m => m.AccountId == id));
        var deleted = await check.AuditEntries.Include(e => e.Organizations).SingleAsync(e => e.Action == AuditActions.AccountDeleted);
        Assert.Equal("leaver@example.com", deleted.ActorEmail);
        Assert.Equal("Client B", deleted.Organizations.Single().Name);
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.MembershipRemoved && e.TargetName == "leaver@example.com"));
    }
}
