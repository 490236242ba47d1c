using System.Reflection;
using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Dashboard;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Services.Members;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Services.Tokens;
using DeviceConsole.Services.SavedViews;
using DeviceConsole.Services.Tags;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Access;

/// <summary>
/// A3, A4: every public operation of every service that acts for the signed-in account, called by
/// every kind of actor with every kind of ID outside its view, is refused (not found, or the role
/// it needs) and changes nothing. The operations come from reflection: a new public method without
/// a row (or a stated reason to have none) fails <see cref="EveryPublicOperation_HasARow"/>.
/// </summary>
public sealed class AuthorizationMatrixTests : ServiceTest
{
    /// <summary>IDs of each kind an operation can name.</summary>
    public sealed record Ids(int Organization, int OtherOrganization, DeviceToken Device, int Membership, int Invitation, string Account, int SavedView = int.MaxValue,
        long TransferEntry = long.MaxValue);

    private const string BaseUri = ServiceHarness.PublicBaseUrl;
    private static readonly DeviceDraft Draft = new("Probe", "PROBE-1", DeviceStatus.Online);

    /// <summary>One row per operation, keyed by service type and method name (overloads share a row).</summary>
    private static readonly Dictionary<string, Func<IServiceProvider, Ids, Task>> Rows = new()
    {
        ["AccountSuspensions.EligibleAsync"] = (s, i) => s.Get<AccountSuspensions>().EligibleAsync(i.Organization),
        ["AccountSuspensions.SuspendAsync"] = (s, i) => s.Get<AccountSuspensions>().SuspendAsync(i.Organization, i.Account),
        ["AccountSuspensions.ReinstateAsync"] = (s, i) => s.Get<AccountSuspensions>().ReinstateAsync(i.Organization, i.Account),
        ["ActiveOrganizationService.SetAsync"] = (s, i) => s.Get<ActiveOrganizationService>().SetAsync(i.Organization),
        ["AuditQueries.GetPageAsync"] = (s, i) => s.Get<AuditQueries>().GetPageAsync(new AuditPageRequest(new AuditFilter(OrganizationId: i.Organization))),
        ["AuditQueries.GetDeviceHistoryAsync"] = (s, i) => s.Get<AuditQueries>().GetDeviceHistoryAsync(i.Device.DeviceId),
        ["AuditQueries.GetLatestAsync"] = (s, i) => s.Get<AuditQueries>().GetLatestAsync(i.Organization, 5),
        ["AuditQueries.ExportAsync"] = async (s, i) =>
        {
            await foreach (var _ in s.Get<AuditQueries>().ExportAsync(new AuditFilter(OrganizationId: i.Organization))) break;
        },
        ["DashboardQueries.GetCountsAsync"] = (s, i) => s.Get<DashboardQueries>().GetCountsAsync(i.Organization),
        ["DashboardQueries.GetHealthAsync"] = (s, i) => s.Get<DashboardQueries>().GetHealthAsync(i.Organization),
        ["EndingMembershipQueries.ListAsync"] = (s, i) => s.Get<EndingMembershipQueries>().ListAsync(i.Organization),
        ["SuspendedOwnerDevices.ListAsync"] = (s, i) => s.Get<SuspendedOwnerDevices>().ListAsync(i.Organization),
        ["TokenCommands.CreateAsync"] = (s, i) => s.Get<TokenCommands>().CreateAsync(new TokenCreateRequest(i.Organization, "probe", Role.User)),
        // No token exists in the matrix's data: any ID is someone else's or missing.
        ["TokenCommands.RevokeAsync"] = (s, i) => s.Get<TokenCommands>().RevokeAsync(i.Invitation),
        ["DeviceCommands.CreateAsync"] = (s, i) => s.Get<DeviceCommands>().CreateAsync(i.Organization, Draft),
        ["DeviceCommands.EditAsync"] = (s, i) => s.Get<DeviceCommands>().EditAsync(i.Device, Draft),
        ["DeviceCommands.DeleteAsync"] = (s, i) => s.Get<DeviceCommands>().DeleteAsync(i.Device),
        ["DeviceCommands.OwnerCandidatesAsync"] = (s, i) => s.Get<DeviceCommands>().OwnerCandidatesAsync(i.Organization),
        ["DeviceQueries.ListAsync"] = (s, i) => s.Get<DeviceQueries>().ListAsync(i.Organization, new DeviceListRequest()),
        ["DeviceQueries.GetAsync"] = (s, i) => s.Get<DeviceQueries>().GetAsync(i.Device.DeviceId),
        ["DeviceQueries.GetAccessAsync"] = (s, i) => s.Get<DeviceQueries>().GetAccessAsync(i.Device.DeviceId),
        ["TransferService.DestinationsAsync"] = (s, i) => s.Get<TransferService>().DestinationsAsync(i.Organization),
        ["TransferService.PreviewAsync"] = (s, i) => s.Get<TransferService>().PreviewAsync(new TransferSelection([i.Device]), i.OtherOrganization, null),
        ["TransferService.TransferAsync"] = (s, i) => s.Get<TransferService>().TransferAsync(new TransferRequest([i.Device], i.OtherOrganization, null)),
        ["TransferUndo.PreviewAsync"] = (s, i) => s.Get<TransferUndo>().PreviewAsync(i.TransferEntry),
        ["TransferUndo.UndoAsync"] = (s, i) => s.Get<TransferUndo>().UndoAsync(i.TransferEntry),
        ["InvitationResponseService.AcceptAsync"] = (s, i) => s.Get<InvitationResponseService>().AcceptAsync(i.Invitation),
        ["InvitationResponseService.DeclineAsync"] = (s, i) => s.Get<InvitationResponseService>().DeclineAsync(i.Invitation),
        ["InvitationService.CheckAsync"] = (s, i) => s.Get<InvitationService>().CheckAsync(i.Organization, "probe@example.com", Role.User),
        ["InvitationService.InviteAsync"] = (s, i) => s.Get<InvitationService>().InviteAsync(i.Organization, "probe@example.com", Role.User, BaseUri),
        ["InvitationService.ResendAsync"] = (s, i) => s.Get<InvitationService>().ResendAsync(i.Invitation, BaseUri),
        ["InvitationService.RevokeAsync"] = (s, i) => s.Get<InvitationService>().RevokeAsync(i.Invitation),
        ["MembershipService.GetAsync"] = (s, i) => s.Get<MembershipService>().GetAsync(i.Organization),
        ["MembershipService.ChangeRoleAsync"] = (s, i) => s.Get<MembershipService>().ChangeRoleAsync(i.Membership, Role.Staff),
        ["MembershipService.PreviewRemovalAsync"] = (s, i) => s.Get<MembershipService>().PreviewRemovalAsync(i.Membership),
        ["MembershipService.RemoveAsync"] = (s, i) => s.Get<MembershipService>().RemoveAsync(i.Membership),
        ["OrganizationCommands.GetActionsAsync"] = (s, i) => s.Get<OrganizationCommands>().GetActionsAsync(i.Organization),
        ["OrganizationCommands.CheckNewNameAsync"] = (s, i) => s.Get<OrganizationCommands>().CheckNewNameAsync(i.Organization, "Probe"),
        ["OrganizationCommands.CreateAsync"] = (s, i) => s.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(i.Organization, "Probe")),
        ["OrganizationCommands.CheckRenameAsync"] = (s, i) => s.Get<OrganizationCommands>().CheckRenameAsync(i.Organization, "Probe"),
        ["OrganizationCommands.RenameAsync"] = (s, i) => s.Get<OrganizationCommands>().RenameAsync(new RenameOrganizationRequest(i.Organization, "Probe")),
        ["OrganizationCommands.DeleteAsync"] = (s, i) => s.Get<OrganizationCommands>().DeleteAsync(i.Organization),
        ["OrganizationMoves.GetMoveTargetsAsync"] = (s, i) => s.Get<OrganizationMoves>().GetMoveTargetsAsync(i.Organization),
        ["OrganizationMoves.PreviewMoveAsync"] = (s, i) => s.Get<OrganizationMoves>().PreviewMoveAsync(new MoveOrganizationRequest(i.Organization, i.OtherOrganization)),
        ["OrganizationMoves.MoveAsync"] = (s, i) => s.Get<OrganizationMoves>().MoveAsync(new MoveOrganizationRequest(i.Organization, i.OtherOrganization)),
        ["DeviceExport.ExportAsync"] = async (s, i) =>
        {
            await foreach (var _ in s.Get<DeviceExport>().ExportAsync(i.Organization, new DeviceListRequest())) break;
        },
        ["MembershipEnds.SetEndAsync"] = (s, i) => s.Get<MembershipEnds>().SetEndAsync(i.Membership, DateTime.UtcNow.AddYears(1)),
        ["SavedViewCommands.SaveAsync"] = (s, i) => s.Get<SavedViewCommands>().SaveAsync("Probe view", new SavedViewSettings(i.Organization), i.Organization),
        ["SavedViewCommands.RenameAsync"] = (s, i) => s.Get<SavedViewCommands>().RenameAsync(i.SavedView, "Probe"),
        ["SavedViewCommands.ShareAsync"] = (s, i) => s.Get<SavedViewCommands>().ShareAsync(i.SavedView, i.Organization),
        ["SavedViewCommands.DeleteAsync"] = (s, i) => s.Get<SavedViewCommands>().DeleteAsync(i.SavedView),
        ["SavedViewQueries.OpenAsync"] = (s, i) => s.Get<SavedViewQueries>().OpenAsync(i.SavedView),
        ["TagCommands.PreviewAsync"] = (s, i) => s.Get<TagCommands>().PreviewAsync(new TagSelection([i.Device]), ["probe"], []),
        ["TagCommands.ApplyAsync"] = (s, i) => s.Get<TagCommands>().ApplyAsync(new TagRequest([i.Device], ["probe"], [])),
        ["TagQueries.SuggestAsync"] = (s, i) => s.Get<TagQueries>().SuggestAsync(i.Organization, "p"),
        ["OrganizationQueries.GetAsync"] = (s, i) => s.Get<OrganizationQueries>().GetAsync(i.Organization),
        ["OrganizationQueries.GetSubtreeAsync"] = (s, i) => s.Get<OrganizationQueries>().GetSubtreeAsync(i.Organization),
    };

    /// <summary>Operations that name no ID of someone else's: each acts on the caller itself, or on a bearer token.</summary>
    private static readonly Dictionary<string, string> WithoutRow = new()
    {
        ["AccountService.ConfirmEmailChangeAsync"] = "the emailed link's token names the account",
        ["AccountService.DeleteOwnAccountAsync"] = "the caller's own account only",
        ["EmailChangeUndo.UndoAsync"] = "the emailed link's signed token is the credential",
        ["ActiveOrganizationService.GetAsync"] = "the caller's own choice, re-checked against its view",
        ["RegistrationService.RegisterAsync"] = "anonymous: creates a new account",
        ["RegistrationService.CreateRootOrganizationAsync"] = "a new root for the caller itself (S3)",
        ["AuditQueries.CanReadAsync"] = "about the caller's own roles",
        ["InvitationResponseService.GetTicketAsync"] = "the invitation link's token is the credential (M4)",
        ["InvitationResponseService.MineAsync"] = "the caller's own invitations",
        ["InvitationResponseService.CountMineAsync"] = "the caller's own invitations",
        ["InvitationResponseService.ApplyAcceptanceAsync"] = "runs inside its caller's transaction on an invitation the caller checked",
        ["InvitationService.InvitableOrganizationsAsync"] = "lists only the caller's own Admin organizations",
        ["OrganizationQueries.GetSwitcherAsync"] = "lists only the caller's own organizations",
        ["SavedViewQueries.ListAsync"] = "lists the caller's own views and those shared with its organizations",
        ["SavedViewQueries.ShareTargetsAsync"] = "lists only the caller's own Admin organizations",
        ["MembershipExpiry.EndExpiredAsync"] = "the system's expiry job, not an actor's operation",
        ["AppearanceService.GetAsync"] = "the caller's own display preference",
        ["AppearanceService.SetAsync"] = "the caller's own display preference",
        ["TokenQueries.GetOverviewAsync"] = "the caller's own tokens and those scoped to its Admin organizations",
        ["TokenQueries.ScopesAsync"] = "lists only organizations where the caller has a role",
        ["TokenAuthenticator.AuthenticateAsync"] = "the presented token is the credential (T3)",
        ["TokenExpiry.AuditExpiredAsync"] = "the system's expiry sweep, not an actor's operation",
    };

    /// <summary>Public methods of the services that act for the signed-in account (they open work through <see cref="Operations"/>).</summary>
    private static IEnumerable<string> PublicOperations() =>
        typeof(Operations).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.IsClass && t.Namespace?.StartsWith("DeviceConsole.Services", StringComparison.Ordinal) == true)
            .Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(Operations))))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName)
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct()
            .Order();

    [Fact, Trait("Rule", "A3"), Trait("Rule", "A4")]
    public void EveryPublicOperation_HasARow()
    {
        var missing = PublicOperations().Where(o => !Rows.ContainsKey(o) && !WithoutRow.ContainsKey(o)).ToList();
        Assert.True(missing.Count == 0,
            "Public service operations without an authorization matrix row. Add to AuthorizationMatrixTests.Rows, e.g. " +
            string.Join("; ", missing.Select(o => $"[\"{o}\"] = (s, i) => s.Get<{o.Split('.')[0]}>().{o.Split('.')[1]}(i.Organization /* or i.Device, i.Membership, i.Invitation, i.Account */)")) +
            " — or, if it names no ID of someone else's, to WithoutRow with the reason.");
        Assert.Empty(Rows.Keys.Concat(WithoutRow.Keys).Except(PublicOperations()));
    }

    public static TheoryData<string> Actors() => new()
    {
        "admin@acme.example", "staff@acme.example", "clienta.user@acme.example", "globex.admin@globex.example", "nobody@example.com",
    };

    [Theory, MemberData(nameof(Actors)), Trait("Rule", "A3"), Trait("Rule", "A4")]
    public async Task EveryOperation_WithIdsOutsideTheView_IsRefused_AndChangesNothing(string actor)
    {
        var (acme, globex) = await ProbesAsync();
        if (actor == "nobody@example.com")
            await H.CreateAccountAsync(actor);
        await H.ActAsync(actor);
        var foreignTree = actor.EndsWith("globex.example") ? acme : globex;
        var missing = new Ids(int.MaxValue, int.MaxValue, new DeviceToken(int.MaxValue, Guid.NewGuid()), int.MaxValue, int.MaxValue,
            Guid.NewGuid().ToString());
        var before = await DatabaseFingerprint.OfAsync(H);

        var accepted = new List<string>();
        foreach (var (operation, call) in Rows)
        {
            foreach (var (kind, ids) in new[] { ("another tree's", foreignTree), ("a missing", missing) })
            {
                try
                {
                    await call(H.Services, ids);
                    accepted.Add($"{operation} with {kind} IDs");
                }
                catch (DomainException)
                {
                    // Not found, or the role it needs: both are refusals written for a person.
                }
            }
        }

        Assert.True(accepted.Count == 0, $"{actor}: accepted {string.Join(", ", accepted)}");
        Assert.Equal(before, await DatabaseFingerprint.OfAsync(H));
    }

    /// <summary>IDs in each tree: Client A of Acme and Globex, with a device, a membership, a pending invitation and an account.</summary>
    private async Task<(Ids Acme, Ids Globex)> ProbesAsync()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var acmeInvitation = (await H.Get<InvitationService>().InviteAsync(clientA, "probe.a@example.com", Role.User, BaseUri)).InvitationId;
        await H.ActAsync("globex.admin@globex.example");
        var globex = await H.OrganizationIdAsync("Globex");
        var globexInvitation = (await H.Get<InvitationService>().InviteAsync(globex, "probe.g@example.com", Role.User, BaseUri)).InvitationId;
        var globexView = await H.Get<SavedViewCommands>().SaveAsync("Globex probe", new SavedViewSettings(globex), globex);
        var globexTransfer = await TransferProbeAsync(globex, "GLX-PROBE-1", "multi@example.com");
        await H.ActAsync("clienta.admin@acme.example");
        var acmeView = await H.Get<SavedViewCommands>().SaveAsync("Client A probe", new SavedViewSettings(clientA), clientA);
        var acmeTransfer = await TransferProbeAsync(clientA, "CLA-PROBE-1", "clienta.user@acme.example");

        await using var db = H.NewDbContext();
        async Task<Ids> IdsAsync(int organization, int other, string serial, string member, int invitation, int savedView, long transfer)
        {
            var device = await db.Devices.Where(d => d.SerialNumber == serial).Select(d => new DeviceToken(d.Id, d.Version)).SingleAsync();
            var account = await H.AccountIdAsync(member);
            var membership = await db.Memberships.Where(m => m.AccountId == account && m.OrganizationId == organization).Select(m => m.Id).SingleAsync();
            return new Ids(organization, other, device, membership, invitation, account, savedView, transfer);
        }
        return (await IdsAsync(clientA, await H.OrganizationIdAsync("Client B"), "CLA-TR-1001", "clienta.user@acme.example", acmeInvitation, acmeView, acmeTransfer),
            await IdsAsync(globex, globex, "GLX-PU-1001", "globex.admin@globex.example", globexInvitation, globexView, globexTransfer));
    }

    /// <summary>D11: a transfer entry in the acting Admin's tree, for the undo rows: a new device handed to another member.</summary>
    private async Task<long> TransferProbeAsync(int organization, string serial, string newOwner)
    {
        var device = (await H.Get<DeviceCommands>().CreateAsync(organization, new DeviceDraft("Probe transfer", serial, DeviceStatus.Online))).DeviceId;
        await using var db = H.NewDbContext();
        var version = await db.Devices.Where(d => d.Id == device).Select(d => d.Version).SingleAsync();
        await H.Get<TransferService>().TransferAsync(new TransferRequest([new DeviceToken(device, version)], organization, newOwner));
        return await db.AuditEntries.Where(e => e.Action == AuditActions.DeviceTransferred && e.TargetId == device.ToString()).Select(e => e.Id).SingleAsync();
    }
}

internal static class ServiceProviderRows
{
    public static T Get<T>(this IServiceProvider services) where T : notnull => services.GetRequiredService<T>();
}
