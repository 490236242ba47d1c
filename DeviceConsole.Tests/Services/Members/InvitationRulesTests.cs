using DeviceConsole.Domain;
using DeviceConsole.Services.Members;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeviceConsole.Tests.Services.Members;

public sealed class InvitationRulesTests : ServiceTest
{
    private const string BaseUri = "https://console.test/";

    private InvitationService Invitations => H.Get<InvitationService>();
    private InvitationResponseService Responses => H.Get<InvitationResponseService>();

    private static string TokenOf(InvitationSent sent) => sent.Link[(sent.Link.LastIndexOf('/') + 1)..];

    private async Task<InvitationSent> InviteAsync(string actor, string organization, string email, Role role)
    {
        await H.ActAsync(actor);
        return await Invitations.InviteAsync(await H.OrganizationIdAsync(organization), email, role, BaseUri);
    }

    private async Task<int> CountAsync(string action)
    {
        await using var db = H.NewDbContext();
        return await db.AuditEntries.CountAsync(e => e.Action == action);
    }

    // M1

    [Theory, Trait("Rule", "M1")]
    [InlineData("staff@acme.example", Role.User)]
    [InlineData("staff@acme.example", Role.Admin)]
    [InlineData("clienta.user@acme.example", Role.User)]
    [InlineData("clienta.user@acme.example", Role.Staff)]
    public async Task StaffAndUsers_CannotInvite_WithAnyRole_AndNothingIsWritten(string actor, Role role)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => InviteAsync(actor, "Client A", "new@example.com", role));

        Assert.Equal("Inviting needs Admin in Client A.", error.Message);
        Assert.Contains(H.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("M1"));
        await using var db = H.NewDbContext();
        Assert.Equal(0, await db.Invitations.CountAsync());
    }

    [Fact, Trait("Rule", "M1")]
    public async Task InvitingToAnOrganizationOutsideTheView_IsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => InviteAsync("globex.admin@globex.example", "Client A", "new@example.com", Role.User));
    }

    [Fact, Trait("Rule", "M1")]
    public async Task InvitableOrganizations_AreThoseWhereTheActorIsAdmin()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var names = (await Invitations.InvitableOrganizationsAsync()).Select(o => o.PathLabel).ToList();
        Assert.Equal(["Acme IoT / Client A", "Acme IoT / Client A / Client A Warehouse"], names);

        await H.ActAsync("multi@example.com");
        Assert.Empty(await Invitations.InvitableOrganizationsAsync());
    }

    [Fact, Trait("Rule", "M1")]
    public async Task AnAdminMayInviteWithEveryRole()
    {
        foreach (var (role, email) in new[] { (Role.Admin, "a@example.com"), (Role.Staff, "s@example.com"), (Role.User, "u@example.com") })
            Assert.Equal(role, (await InviteAsync("clienta.admin@acme.example", "Client A", email, role)).Role);
    }

    // M2

    [Fact, Trait("Rule", "M2")]
    public async Task InvitingOwnEmail_WhereAccessIsInherited_NamesTheAncestor()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => InviteAsync("admin@acme.example", "Client A", "admin@acme.example", Role.Staff));
        Assert.Equal("admin@acme.example already has Admin access to Client A through Acme IoT.", error.Message);
    }

    [Fact, Trait("Rule", "M2")]
    public async Task InvitingADirectMemberWithALowerRole_SaysToChangeTheRoleInstead()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => InviteAsync("admin@acme.example", "Client A", "clienta.user@acme.example", Role.Staff));
        Assert.Equal("clienta.user@acme.example is a User of Client A; change the role instead.", error.Message);
    }

    [Fact, Trait("Rule", "M2")]
    public async Task InvitingADirectMemberWithTheSameRole_IsRefusedNamingTheMembership()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => InviteAsync("admin@acme.example", "Client A", "clienta.admin@acme.example", Role.Admin));
        Assert.Equal("clienta.admin@acme.example already has Admin access to Client A as an Admin of Client A.", error.Message);
    }

    [Fact, Trait("Rule", "M2")]
    public async Task ALowerInheritedRole_LetsTheInvitationProceed_AndSaysWhatItChanges()
    {
        await H.ActAsync("admin@acme.example");
        var check = await Invitations.CheckAsync(await H.OrganizationIdAsync("Client A Warehouse"), "clienta.user@acme.example", Role.Staff);
        const string note = "clienta.user@acme.example has User access through Client A; accepting gives Staff in Client A Warehouse and its sub-organizations.";
        Assert.Equal(note, check.Note);

        var sent = await InviteAsync("admin@acme.example", "Client A Warehouse", "clienta.user@acme.example", Role.Staff);
        Assert.Equal(note, sent.Note);
    }

    [Fact, Trait("Rule", "M2")]
    public async Task EmailsAreComparedNormalized_SoCaseAndSpacesDoNotHideExistingAccess()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => InviteAsync("admin@acme.example", "Client A", "  ADMIN@Acme.Example ", Role.User));
        Assert.Contains("through Acme IoT", error.Message);
    }

    // M3

    [Fact, Trait("Rule", "M3")]
    public async Task ExistingAndUnknownEmails_GiveTheInviterTheSameAnswer()
    {
        var existing = await InviteAsync("admin@acme.example", "Client B", "globex.admin@globex.example", Role.Staff);
        var unknown = await InviteAsync("admin@acme.example", "Client B", "nobody@nowhere.example", Role.Staff);

        Assert.Equal(existing.Message.Replace("globex.admin@globex.example", "X"), unknown.Message.Replace("nobody@nowhere.example", "X"));
        Assert.Equal(existing.ExpiresAt, unknown.ExpiresAt);
        Assert.Null(existing.Note);
        Assert.Null(unknown.Note);
        Assert.False(existing.Resent || unknown.Resent);
        Assert.Equal(existing.Link.Length, unknown.Link.Length);
        Assert.Equal(2, Directory.GetFiles(H.MailFolder, "*.eml").Length);
    }

    [Fact, Trait("Rule", "M3")]
    public async Task TheEmailIsStoredTrimmed_AndTheMessageIsAPlainTemplate()
    {
        var sent = await InviteAsync("admin@acme.example", "Client A", "  Bob@Example.com  ", Role.Staff);

        Assert.Equal("Bob@Example.com", sent.Email);
        var eml = await File.ReadAllTextAsync(Directory.GetFiles(H.MailFolder, "*.eml").Single());
        Assert.Contains("To: Bob@Example.com", eml);
        Assert.Contains("admin@acme.example invites you to join Client A on DeviceConsole as Staff.", eml);
        Assert.Contains(sent.Link, eml);
    }

    [Theory, Trait("Rule", "M3")]
    [InlineData("", "Enter an email address.")]
    [InlineData("   ", "Enter an email address.")]
    [InlineData("not-an-email", "\"not-an-email\" is not a valid email address.")]
    [InlineData("bob@", "\"bob@\" is not a valid email address.")]
    [InlineData("bob@example", "\"bob@example\" is not a valid email address.")]
    [InlineData("Bob <bob@example.com>", "\"Bob <bob@example.com>\" is not a valid email address.")]
    [InlineData("bob smith@example.com", "\"bob smith@example.com\" is not a valid email address.")]
    [InlineData("a@b@example.com", "\"a@b@example.com\" is not a valid email address.")]
    public async Task MalformedEmails_AreRefusedClearly_AndNothingChanges(string email, string message)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => InviteAsync("admin@acme.example", "Client A", email, Role.User));
        Assert.Equal(message, error.Message);
        await using var db = H.NewDbContext();
        Assert.Equal(0, await db.Invitations.CountAsync());
    }

    [Fact, Trait("Rule", "M3")]
    public async Task VeryLongEmails_AreRefusedWithTheLimit()
    {
        var email = new string('a', 250) + "@example.com";
        var error = await Assert.ThrowsAsync<DomainException>(() => InviteAsync("admin@acme.example", "Client A", email, Role.User));
        Assert.Equal("An email address has at most 256 characters (this one has 262).", error.Message);
    }

    // M4

    [Fact, Trait("Rule", "M4"), Trait("Rule", "L1")]
    public async Task InvitingAgain_ResendsWithANewTokenExpiryAndRole_AndTheOldLinkStopsWorking()
    {
        var first = await InviteAsync("admin@acme.example", "Client A", "bob@example.com", Role.User);
        H.Clock.Advance(TimeSpan.FromDays(2));
        var second = await InviteAsync("admin@acme.example", "Client A", "BOB@example.com", Role.Staff);

        Assert.True(second.Resent);
        Assert.Equal(first.InvitationId, second.InvitationId);
        Assert.Equal(first.ExpiresAt.AddDays(2), second.ExpiresAt);
        Assert.NotEqual(TokenOf(first), TokenOf(second));
        await using (var db = H.NewDbContext())
        {
            var invitation = await db.Invitations.SingleAsync();
            Assert.Equal(Role.Staff, invitation.Role);
            var resent = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.InvitationResent);
            Assert.Contains("User", resent.Before);
            Assert.Contains("Staff", resent.After);
        }
        await Assert.ThrowsAsync<NotFoundException>(() => Responses.GetTicketAsync(TokenOf(first)));
        Assert.Equal(Role.Staff, (await Responses.GetTicketAsync(TokenOf(second))).Role);
    }

    [Fact, Trait("Rule", "M4")]
    public async Task TheTokenIsNeverStoredInClear_OnlyItsSha256Hash()
    {
        var sent = await InviteAsync("admin@acme.example", "Client A", "bob@example.com", Role.User);
        var token = TokenOf(sent);

        Assert.Equal(43, token.Length); // 256 random bits, base64url
        await using var db = H.NewDbContext();
        var invitation = await db.Invitations.SingleAsync();
        Assert.NotEqual(token, invitation.TokenHash);
        Assert.DoesNotContain(token, invitation.TokenHash);
        Assert.Equal(InvitationTokens.Hash(token), invitation.TokenHash);
        Assert.Equal(64, invitation.TokenHash.Length);
        var audit = await db.AuditEntries.Where(e => e.TargetType == AuditTargets.Invitation).ToListAsync();
        Assert.All(audit, e => Assert.DoesNotContain(token, $"{e.Summary}{e.Before}{e.After}"));
    }

    [Fact, Trait("Rule", "M4")]
    public async Task TheLinkIsLoggedOnlyByTheFileSender()
    {
        var sent = await InviteAsync("admin@acme.example", "Client A", "bob@example.com", Role.User);
        var withLink = H.Logs.Entries.Where(e => e.Message.Contains(TokenOf(sent))).ToList();
        Assert.NotEmpty(withLink);
        Assert.All(withLink, e => Assert.EndsWith("FileMailSender", e.Category));
    }

    [Fact, Trait("Rule", "M4")]
    public async Task TwoInvitationsFromTheSameTemplate_HaveDifferentTokens()
    {
        var a = await InviteAsync("admin@acme.example", "Client A", "a@example.com", Role.User);
        var b = await InviteAsync("admin@acme.example", "Client B", "a@example.com", Role.User);
        Assert.NotEqual(TokenOf(a), TokenOf(b));
        Assert.False(b.Resent);
    }

    [Fact, Trait("Rule", "M4")]
    public async Task ExpiredInvitations_ChangeNothing_AndSayWhy()
    {
        var sent = await InviteAsync("admin@acme.example", "Client A", "globex.admin@globex.example", Role.Staff);
        H.Clock.Advance(TimeSpan.FromDays(7));
        await H.ActAsync("globex.admin@globex.example");

        var error = await Assert.ThrowsAsync<DomainException>(() => Responses.AcceptAsync(TokenOf(sent)));
        Assert.StartsWith("This invitation to Client A expired on", error.Message);
        Assert.Contains("Ask an Admin of Client A to invite you again.", error.Message);
        await AssertNoMembershipAsync("globex.admin@globex.example", "Client A");
        Assert.Equal(InvitationState.Expired, (await Responses.GetTicketAsync(TokenOf(sent))).State);
    }

    [Fact, Trait("Rule", "M4"), Trait("Rule", "L1")]
    public async Task RevokedInvitations_CannotBeAccepted()
    {
        var sent = await InviteAsync("admin@acme.example", "Client A", "globex.admin@globex.example", Role.Staff);
        await Invitations.RevokeAsync(sent.InvitationId);
        Assert.Equal(1, await CountAsync(AuditActions.InvitationRevoked));

        await H.ActAsync("globex.admin@globex.example");
        var error = await Assert.ThrowsAsync<DomainException>(() => Responses.AcceptAsync(TokenOf(sent)));
        Assert.Equal("This invitation to Client A was revoked by an Admin. Ask an Admin of Client A to invite you again.", error.Message);
        await AssertNoMembershipAsync("globex.admin@globex.example", "Client A");
    }

    [Fact, Trait("Rule", "M4")]
    public async Task StaffCannotRevoke_AndOtherTreesDoNotFindTheInvitation()
    {
        var sent = await InviteAsync("admin@acme.example", "Client A", "bob@example.com", Role.Staff);

        await H.ActAsync("staff@acme.example");
        Assert.Equal("Revoking invitations needs Admin in Client A.",
            (await Assert.ThrowsAsync<DomainException>(() => Invitations.RevokeAsync(sent.InvitationId))).Message);
        await H.ActAsync("globex.admin@globex.example");
        await Assert.ThrowsAsync<NotFoundException>(() => Invitations.RevokeAsync(sent.InvitationId));
    }

    [Fact, Trait("Rule", "M4"), Trait("Rule", "L1")]
    public async Task AnInvitationIsSingleUse()
    {
        var sent = await InviteAsync("admin@acme.example", "Client A", "globex.admin@globex.example", Role.Staff);
        await H.ActAsync("globex.admin@globex.example");
        await Responses.AcceptAsync(TokenOf(sent));

        var error = await Assert.ThrowsAsync<DomainException>(() => Responses.AcceptAsync(TokenOf(sent)));
        Assert.Equal("This invitation to Client A was already accepted; it can be used only once.", error.Message);
        Assert.Equal(1, await CountAsync(AuditActions.InvitationAccepted));
        await Assert.ThrowsAsync<DomainException>(() => Responses.DeclineAsync(TokenOf(sent)));
    }

    [Fact, Trait("Rule", "M4")]
    public async Task AnInvitationWhoseInviterLostAdmin_IsVoid()
    {
        var sent = await InviteAsync("clienta.admin@acme.example", "Client A", "globex.admin@globex.example", Role.User);
        await using (var db = H.NewDbContext())
            await db.Memberships.Where(m => m.AccountId == db.Users.Single(u => u.Email == "clienta.admin@acme.example").Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, Role.Staff));

        await H.ActAsync("globex.admin@globex.example");
        var error = await Assert.ThrowsAsync<DomainException>(() => Responses.AcceptAsync(TokenOf(sent)));
        Assert.Contains("Ask an Admin of Client A to invite you again.", error.Message);
        await AssertNoMembershipAsync("globex.admin@globex.example", "Client A");
    }

    [Fact, Trait("Rule", "M4"), Trait("Rule", "L1")]
    public async Task AcceptingRaisesADirectMembership_ButNeverLowersIt()
    {
        var raise = await InviteAsync("admin@acme.example", "Client B", "late@example.com", Role.Staff);
        var late = await H.CreateAccountAsync("late@example.com");
        var clientB = await H.OrganizationIdAsync("Client B");
        await using (var db = H.NewDbContext())
        {
            db.Memberships.Add(Membership.Create(late, clientB, Role.User, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        await H.ActAsync("late@example.com");
        var response = await Responses.AcceptAsync(TokenOf(raise));
        Assert.Equal("You are now Staff of Client B (you were User).", response.Message);
        Assert.Equal(1, await CountAsync(AuditActions.MembershipChanged));

        // A lower invitation is accepted without lowering anything.
        var admin = await H.AccountIdAsync("admin@acme.example");
        var now = H.Clock.GetUtcNow().UtcDateTime;
        await using (var db = H.NewDbContext())
        {
            db.Invitations.Add(Invitation.Create("late@example.com", "LATE@EXAMPLE.COM", clientB, Role.User, admin,
                InvitationTokens.Hash(new string('x', 43)), now, now.AddDays(1)));
            await db.SaveChangesAsync();
        }
        var lower = await Responses.AcceptAsync(new string('x', 43));
        Assert.Equal("You already were Staff of Client B; your role stays Staff.", lower.Message);
        await using var check = H.NewDbContext();
        Assert.Equal(Role.Staff, await check.Memberships.Where(m => m.AccountId == late && m.OrganizationId == clientB).Select(m => m.Role).SingleAsync());
        Assert.Equal(1, await CountAsync(AuditActions.MembershipChanged));
    }

    [Theory, Trait("Rule", "M4")]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 44 characters
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")] // 43, outside base64url
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // well formed, unknown
    public async Task MalformedOrUnknownTokens_AreNotFound_AndChangeNothing(string token)
    {
        await H.ActAsync("globex.admin@globex.example");
        var error = await Assert.ThrowsAsync<NotFoundException>(() => Responses.GetTicketAsync(token));
        Assert.Equal("That invitation link was not found.", error.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => Responses.AcceptAsync(token));
        await Assert.ThrowsAsync<NotFoundException>(() => Responses.DeclineAsync(token));
    }

    // M5

    [Fact, Trait("Rule", "M5")]
    public async Task AnotherAccount_IsToldTheInvitationIsForAnotherAccount_AndNothingChanges()
    {
        var sent = await InviteAsync("admin@acme.example", "Client A", "globex.admin@globex.example", Role.Staff);
        await H.ActAsync("multi@example.com");

        Assert.Equal(InvitationAudience.OtherAccount, (await Responses.GetTicketAsync(TokenOf(sent))).Audience);
        var error = await Assert.ThrowsAsync<DomainException>(() => Responses.AcceptAsync(TokenOf(sent)));
        Assert.StartsWith("This invitation is for another account (globex.admin@globex.example).", error.Message);
        await Assert.ThrowsAsync<DomainException>(() => Responses.DeclineAsync(TokenOf(sent)));
        await AssertNoMembershipAsync("multi@example.com", "Client A");
        Assert.Equal(InvitationState.Pending, (await Responses.GetTicketAsync(TokenOf(sent))).State);
        // By ID the invitation of another account is simply not there (A4).
        await Assert.ThrowsAsync<NotFoundException>(() => Responses.AcceptAsync(sent.InvitationId));
    }

    [Fact, Trait("Rule", "M5")]
    public async Task AnUnconfirmedAccount_SeesNoInvitations_AndCannotAccept()
    {
        var sent = await InviteAsync("admin@acme.example", "Client A", "late@example.com", Role.User);
        await H.CreateAccountAsync("late@example.com");
        await using (var db = H.NewDbContext())
            await db.Users.Where(u => u.Email == "late@example.com").ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, false));
        await H.ActAsync("late@example.com");

        var mine = await Responses.MineAsync();
        Assert.False(mine.EmailConfirmed);
        Assert.Empty(mine.Items);
        Assert.Equal(InvitationAudience.UnconfirmedAccount, (await Responses.GetTicketAsync(TokenOf(sent))).Audience);
        var error = await Assert.ThrowsAsync<DomainException>(() => Responses.AcceptAsync(TokenOf(sent)));
        Assert.StartsWith("Confirm your email address first", error.Message);
        await AssertNoMembershipAsync("late@example.com", "Client A");
    }

    [Fact, Trait("Rule", "M5"), Trait("Rule", "L1")]
    public async Task TheInvitedAccount_SeesItsInvitations_AcceptsOne_AndDeclinesAnother()
    {
        await InviteAsync("admin@acme.example", "Client A", "globex.admin@globex.example", Role.Staff);
        await InviteAsync("admin@acme.example", "Client B", "Globex.Admin@globex.example", Role.User);
        await H.ActAsync("globex.admin@globex.example");

        var mine = await Responses.MineAsync();
        Assert.Equal(["Client A", "Client B"], mine.Items.Select(i => i.OrganizationName).Order());
        Assert.All(mine.Items, i => Assert.Equal("admin@acme.example", i.InviterEmail));

        var accepted = await Responses.AcceptAsync(mine.Items.Single(i => i.OrganizationName == "Client A").Id);
        var declined = await Responses.DeclineAsync(mine.Items.Single(i => i.OrganizationName == "Client B").Id);

        Assert.Equal("You are now Staff of Client A.", accepted.Message);
        Assert.Equal("You declined the invitation to Client B.", declined.Message);
        Assert.Equal(0, await Responses.CountMineAsync());
        Assert.Equal(1, await CountAsync(AuditActions.InvitationAccepted));
        Assert.Equal(1, await CountAsync(AuditActions.InvitationDeclined));
        Assert.Equal(1, await CountAsync(AuditActions.MembershipAdded) - 7);
        // The new organization is in the account's view at once (A5).
        var switcher = await H.Get<OrganizationQueries>().GetSwitcherAsync();
        Assert.Contains(switcher, n => n.Name == "Client A" && n.Role == Role.Staff);
        Assert.DoesNotContain(switcher, n => n.Name == "Client B");
    }

    // M7

    [Fact, Trait("Rule", "M7")]
    public async Task InvitationsPerInviter_AreLimitedInAnyRolling24Hours_AndTheRefusalSaysWhenTheNextIsPossible()
    {
        await using var h = await ServiceHarness.CreateAsync(settings: new() { ["Invitations:PerInviterPerDay"] = "3" });
        await h.ActAsync("admin@acme.example");
        var invitations = h.Get<InvitationService>();
        var clientA = await h.OrganizationIdAsync("Client A");
        await invitations.InviteAsync(clientA, "one@example.com", Role.User, BaseUri);
        h.Clock.Advance(TimeSpan.FromHours(1));
        await invitations.InviteAsync(clientA, "two@example.com", Role.User, BaseUri);
        await invitations.InviteAsync(clientA, "one@example.com", Role.Staff, BaseUri); // a resend counts too

        var error = await Assert.ThrowsAsync<DomainException>(() => invitations.InviteAsync(clientA, "four@example.com", Role.User, BaseUri));
        Assert.Equal("You have sent 3 invitations in the last 24 hours, the most allowed. The next one is possible at 2026-11-02 12:00 UTC.", error.Message);
        await using (var db = h.NewDbContext())
            Assert.Equal(2, await db.Invitations.CountAsync());

        h.Clock.Advance(TimeSpan.FromHours(23));
        await invitations.InviteAsync(clientA, "four@example.com", Role.User, BaseUri);
    }

    [Fact, Trait("Rule", "M7")]
    public async Task InvitationsPerRootOrganization_AreLimitedAcrossInviters()
    {
        await using var h = await ServiceHarness.CreateAsync(settings: new() { ["Invitations:PerRootPerDay"] = "2" });
        var invitations = h.Get<InvitationService>();
        await h.ActAsync("admin@acme.example");
        await invitations.InviteAsync(await h.OrganizationIdAsync("Client B"), "one@example.com", Role.User, BaseUri);
        await h.ActAsync("clienta.admin@acme.example");
        await invitations.InviteAsync(await h.OrganizationIdAsync("Client A Warehouse"), "two@example.com", Role.User, BaseUri);

        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await invitations.InviteAsync(await h.OrganizationIdAsync("Client A"), "three@example.com", Role.User, BaseUri));
        Assert.Equal("Acme IoT has had 2 invitations in the last 24 hours, the most allowed. The next one is possible at 2026-11-02 12:00 UTC.", error.Message);

        // Another tree is counted on its own.
        await h.ActAsync("globex.admin@globex.example");
        await invitations.InviteAsync(await h.OrganizationIdAsync("Globex"), "three@example.com", Role.User, BaseUri);
    }

    [Fact, Trait("Rule", "M7")]
    public async Task AnInviterWhoseEmailIsNotConfirmed_SendsNone()
    {
        await using (var db = H.NewDbContext())
            await db.Users.Where(u => u.Email == "admin@acme.example").ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, false));
        var error = await Assert.ThrowsAsync<DomainException>(() => InviteAsync("admin@acme.example", "Client A", "bob@example.com", Role.User));
        Assert.Equal("Confirm your email address before inviting anyone.", error.Message);
    }

    // L1

    [Fact, Trait("Rule", "L1")]
    public async Task CreatingAnInvitation_IsAuditedWithItsOrganization()
    {
        var sent = await InviteAsync("clienta.admin@acme.example", "Client A Warehouse", "bob@example.com", Role.Staff);
        await using var db = H.NewDbContext();
        var entry = await db.AuditEntries.Include(e => e.Organizations).SingleAsync(e => e.Action == AuditActions.InvitationCreated);
        Assert.Equal("clienta.admin@acme.example", entry.ActorEmail);
        Assert.Equal(sent.InvitationId.ToString(), entry.TargetId);
        Assert.Equal("Client A Warehouse", entry.Organizations.Single().Name);
    }

    private async Task AssertNoMembershipAsync(string email, string organization)
    {
        var accountId = await H.AccountIdAsync(email);
        var organizationId = await H.OrganizationIdAsync(organization);
        await using var db = H.NewDbContext();
        Assert.False(await db.Memberships.AnyAsync(m => m.AccountId == accountId && m.OrganizationId == organizationId));
    }
}
