using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Members;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Services.Tokens;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Tokens;

public sealed class TokenRulesTests : ServiceTest
{
    private TokenCommands Commands => H.Get<TokenCommands>();
    private TokenAuthenticator Authenticator => H.Get<TokenAuthenticator>();

    private async Task<CreatedToken> CreateAsync(string actor, string organization, Role ceiling, string name = "ci", int? days = null)
    {
        await H.ActAsync(actor);
        return await Commands.CreateAsync(new TokenCreateRequest(await H.OrganizationIdAsync(organization), name, ceiling, days));
    }

    /// <summary>Makes the next service calls act as an API request with this token (T2).</summary>
    private async Task ActWithTokenAsync(CreatedToken token)
    {
        var identity = await Authenticator.AuthenticateAsync(token.Secret);
        Assert.NotNull(identity);
        H.Auth.SignIn(TokenClaims.Principal(identity));
    }

    // T1

    [Fact, Trait("Rule", "T1")]
    public async Task Create_ShowsTheSecretOnce_WithItsPrefix_AndStoresOnlyItsHash()
    {
        var created = await CreateAsync("admin@acme.example", "Client A", Role.Staff);

        Assert.StartsWith("dcpat_", created.Secret);
        Assert.Equal(49, created.Secret.Length);
        Assert.Equal(created.Secret[..12], created.Token.Prefix);
        Assert.Equal(H.Clock.GetUtcNow().UtcDateTime.AddDays(90), created.Token.ExpiresAt);
        await using var db = H.NewDbContext();
        var stored = await db.AccessTokens.SingleAsync();
        Assert.Equal(AccessTokenSecrets.Hash(created.Secret), stored.SecretHash);
        Assert.NotEqual(created.Secret, stored.SecretHash);
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.TokenCreated);
        Assert.Contains(created.Token.Prefix, entry.Summary);
        Assert.DoesNotContain(created.Secret, entry.Summary + entry.After);
    }

    [Fact, Trait("Rule", "T1")]
    public async Task Create_WithACeilingAboveTheAccountsRole_IsRefused_AndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => CreateAsync("clienta.user@acme.example", "Client A", Role.Staff));

        Assert.Equal("T1", error.Rule);
        Assert.Contains("at most as User", error.Message);
        await using var db = H.NewDbContext();
        Assert.False(await db.AccessTokens.AnyAsync());
    }

    [Theory, Trait("Rule", "T1")]
    [InlineData(0)]
    [InlineData(366)]
    public async Task Create_ExpiringOutsideOneDayToAYear_IsInvalidInput(int days)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => CreateAsync("admin@acme.example", "Client A", Role.User, days: days));

        Assert.True(error.IsInvalidInput);
        Assert.Contains("1 to 365 days", error.Message);
    }

    [Fact, Trait("Rule", "T1")]
    public async Task Create_ForAnOrganizationOutsideTheView_IsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => CreateAsync("globex.admin@globex.example", "Client A", Role.User));
    }

    [Fact, Trait("Rule", "T1")]
    public async Task Create_WithTheNameOfAnActiveToken_IsRefused()
    {
        await CreateAsync("admin@acme.example", "Client A", Role.User, "deploy");

        var error = await Assert.ThrowsAsync<DomainException>(() => CreateAsync("admin@acme.example", "Client B", Role.User, " deploy "));

        Assert.Contains("already have an active token named deploy", error.Message);
    }

    // T2

    [Fact, Trait("Rule", "T2")]
    public async Task ATokensView_IsItsSubtree_WithTheLowerOfCeilingAndRole()
    {
        var token = await CreateAsync("admin@acme.example", "Client A", Role.Staff);
        await ActWithTokenAsync(token);

        var switcher = await H.Get<OrganizationQueries>().GetSwitcherAsync();
        Assert.Equal(["Client A", "Client A Warehouse"], switcher.Select(n => n.Name).Order().ToArray());
        Assert.All(switcher, n => Assert.Equal(Role.Staff, n.Role));
        await Assert.ThrowsAsync<NotFoundException>(async () => await H.Get<DeviceQueries>().GetAsync(await H.DeviceIdAsync("ACME-GW-1001")));
        await Assert.ThrowsAsync<NotFoundException>(async () => await H.Get<DeviceQueries>().ListAsync(await H.OrganizationIdAsync("Acme IoT"), new DeviceListRequest()));
    }

    [Fact, Trait("Rule", "T2")]
    public async Task AStaffCeilingTokenOfAnAdmin_CannotInvite()
    {
        var token = await CreateAsync("admin@acme.example", "Client A", Role.Staff);
        await ActWithTokenAsync(token);

        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await H.Get<InvitationService>().InviteAsync(await H.OrganizationIdAsync("Client A"), "new@example.com", Role.User, "https://console.test/"));

        Assert.Equal("Inviting needs Admin in Client A.", error.Message);
        Assert.Equal(Role.Admin, error.NeededRole);
    }

    [Fact, Trait("Rule", "T2")]
    public async Task ATokenActsWithTheAccountsRoleNow_WhenItIsLowerThanTheCeiling()
    {
        var token = await CreateAsync("clienta.admin@acme.example", "Client A", Role.Admin);
        await using (var db = H.NewDbContext())
        {
            var accountId = await H.AccountIdAsync("clienta.admin@acme.example");
            var membership = await db.Memberships.SingleAsync(m => m.AccountId == accountId);
            db.Memberships.Remove(membership);
            db.Memberships.Add(Membership.Create(accountId, membership.OrganizationId, Role.Staff, H.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }
        await ActWithTokenAsync(token);

        var switcher = await H.Get<OrganizationQueries>().GetSwitcherAsync();

        Assert.All(switcher, n => Assert.Equal(Role.Staff, n.Role));
    }

    [Fact, Trait("Rule", "T2")]
    public async Task AuditEntriesOfATokenCall_NameTheAccountAndTheToken()
    {
        var token = await CreateAsync("admin@acme.example", "Client A", Role.Admin, "nightly sync");
        await ActWithTokenAsync(token);

        await H.Get<DeviceCommands>().CreateAsync(await H.OrganizationIdAsync("Client A"), new DeviceDraft("Probe", "API-1", DeviceStatus.Online));

        await using var db = H.NewDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.DeviceCreated && e.TargetName == "Probe");
        Assert.Equal("admin@acme.example (token 'nightly sync')", entry.ActorEmail);
        Assert.Equal(await H.AccountIdAsync("admin@acme.example"), entry.ActorId);
    }

    // T3

    [Fact, Trait("Rule", "T3")]
    public async Task Authenticate_RefusesMalformedUnknownRevokedAndExpiredTokens_Alike()
    {
        var revoked = await CreateAsync("admin@acme.example", "Client A", Role.User, "revoked");
        await Commands.RevokeAsync(revoked.Token.Id);
        var expiring = await CreateAsync("admin@acme.example", "Client A", Role.User, "short", days: 1);
        H.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Null(await Authenticator.AuthenticateAsync("not a token"));
        Assert.Null(await Authenticator.AuthenticateAsync(AccessTokenSecrets.New().Token));
        Assert.Null(await Authenticator.AuthenticateAsync(revoked.Secret));
        Assert.Null(await Authenticator.AuthenticateAsync(expiring.Secret));
    }

    [Fact, Trait("Rule", "T3")]
    public async Task Authenticate_RefusesATokenWhoseAccountLostEveryRoleInItsOrganization()
    {
        var token = await CreateAsync("clienta.admin@acme.example", "Client A Warehouse", Role.Admin);
        Assert.NotNull(await Authenticator.AuthenticateAsync(token.Secret));
        await using (var db = H.NewDbContext())
        {
            var accountId = await H.AccountIdAsync("clienta.admin@acme.example");
            await db.Memberships.Where(m => m.AccountId == accountId).ExecuteDeleteAsync();
        }

        Assert.Null(await Authenticator.AuthenticateAsync(token.Secret));
    }

    [Fact, Trait("Rule", "T3")]
    public async Task ATokenEndsWithItsAccount()
    {
        await H.CreateAccountAsync("bot.owner@example.com");
        await H.AddMembershipAsync("bot.owner@example.com", "Client B", Role.User);
        var token = await CreateAsync("bot.owner@example.com", "Client B", Role.User);
        await using (var db = H.NewDbContext())
            await db.Users.Where(u => u.Email == "bot.owner@example.com").ExecuteDeleteAsync();

        Assert.Null(await Authenticator.AuthenticateAsync(token.Secret));
    }

    [Fact, Trait("Rule", "T3"), Trait("Rule", "S4")]
    public async Task ATokenStopsWhileItsAccountIsSuspended_AndWorksAgainOnceReinstated()
    {
        var token = await CreateAsync("clienta.user@acme.example", "Client A", Role.User);
        await H.ActAsync("admin@acme.example");
        var acme = await H.OrganizationIdAsync("Acme IoT");
        var account = await H.AccountIdAsync("clienta.user@acme.example");

        await H.Get<DeviceConsole.Services.Accounts.AccountSuspensions>().SuspendAsync(acme, account);
        Assert.Null(await Authenticator.AuthenticateAsync(token.Secret));

        await H.Get<DeviceConsole.Services.Accounts.AccountSuspensions>().ReinstateAsync(acme, account);
        Assert.NotNull(await Authenticator.AuthenticateAsync(token.Secret));
    }

    // T4

    [Fact, Trait("Rule", "T4")]
    public async Task TheAccountRevokesItsOwnToken_AndAnAdminOfItsOrganizationAnyToken_OthersFindNothing()
    {
        var own = await CreateAsync("clienta.user@acme.example", "Client A", Role.User, "mine");
        var other = await CreateAsync("clienta.user@acme.example", "Client A", Role.User, "other");
        Assert.Equal("The token mine was revoked; it stops working on its next call.", (await Commands.RevokeAsync(own.Token.Id)).Message);

        await H.ActAsync("globex.admin@globex.example");
        await Assert.ThrowsAsync<NotFoundException>(() => Commands.RevokeAsync(other.Token.Id));
        await H.ActAsync("staff@acme.example");
        await Assert.ThrowsAsync<NotFoundException>(() => Commands.RevokeAsync(other.Token.Id));
        await H.ActAsync("clienta.admin@acme.example");
        var overview = await H.Get<TokenQueries>().GetOverviewAsync();
        Assert.Equal(["mine", "other"], overview.Administered.Select(t => t.Name).Order().ToArray());
        await Commands.RevokeAsync(other.Token.Id);

        await using var db = H.NewDbContext();
        Assert.Equal(2, await db.AccessTokens.CountAsync(t => t.RevokedAt != null));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.TokenRevoked));
        var again = await Assert.ThrowsAsync<DomainException>(() => Commands.RevokeAsync(other.Token.Id));
        Assert.Contains("already revoked", again.Message);
    }

    [Fact, Trait("Rule", "T4")]
    public async Task Expiry_IsAuditedOnce_BySystem()
    {
        var token = await CreateAsync("admin@acme.example", "Client A", Role.User, days: 1);
        H.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Null(await Authenticator.AuthenticateAsync(token.Secret));
        Assert.Null(await Authenticator.AuthenticateAsync(token.Secret));
        Assert.Equal(0, await H.Get<TokenExpiry>().AuditExpiredAsync());

        await using var db = H.NewDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.TokenExpired);
        Assert.Equal(AuditEntry.SystemActor, entry.ActorEmail);
        Assert.Contains(token.Token.Prefix, entry.Summary);
    }

    [Fact, Trait("Rule", "T4")]
    public async Task LastUse_IsRecordedAtMostOnceAMinute()
    {
        var token = await CreateAsync("admin@acme.example", "Client A", Role.User);
        var start = H.Clock.GetUtcNow().UtcDateTime;

        await Authenticator.AuthenticateAsync(token.Secret);
        H.Clock.Advance(TimeSpan.FromSeconds(30));
        await Authenticator.AuthenticateAsync(token.Secret);
        Assert.Equal(start, await LastUsedAsync());
        H.Clock.Advance(TimeSpan.FromSeconds(31));
        await Authenticator.AuthenticateAsync(token.Secret);
        Assert.Equal(start.AddSeconds(61), await LastUsedAsync());

        async Task<DateTime?> LastUsedAsync()
        {
            await using var db = H.NewDbContext();
            return await db.AccessTokens.Select(t => t.LastUsedAt).SingleAsync();
        }
    }

    [Fact, Trait("Rule", "T4")]
    public async Task TheTokensPage_ListsScopesWithTheHighestCeilingThere()
    {
        await H.ActAsync("multi@example.com");

        var scopes = await H.Get<TokenQueries>().ScopesAsync();

        Assert.Equal([("Acme IoT / Client B", Role.User), ("Globex", Role.Staff)], scopes.Select(s => (s.Label, s.MaxCeiling)).ToArray());
    }
}
