using AngleSharp.Dom;
using Bunit;
using DeviceConsole.Components.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Tests.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace DeviceConsole.Tests.Components;

public sealed class TransferDialogTests : ComponentTest
{
    private async Task<IRenderedComponent<ContainerFragment>> OpenAsync(string actor, string serial, string sourceOrganization)
    {
        await Harness.ActAsync(actor);
        var token = await TransferTestData.TokenAsync(Harness, serial);
        var source = await Harness.OrganizationIdAsync(sourceOrganization);
        var cut = RenderWithProviders<ContainerFragment>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<TransferDialog>
        {
            { d => d.Selection, TransferSelection.Of(token) },
            { d => d.SourceOrganizationId, source },
            { d => d.Description, serial },
        };
        await cut.InvokeAsync(() => dialogs.ShowAsync<TransferDialog>("Transfer", parameters));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=transfer-destination] .mud-treeview-item-content")));
        return cut;
    }

    private static IElement Confirm(IRenderedComponent<ContainerFragment> cut) => cut.Find("[data-testid=confirm-transfer]");

    private static async Task ChooseDestinationAsync(IRenderedComponent<ContainerFragment> cut, string organization)
    {
        var node = cut.FindAll("[data-testid=transfer-destination] .mud-treeview-item-content")
            .First(n => n.TextContent.Trim().StartsWith(organization, StringComparison.Ordinal) || n.TextContent.Contains($"/ {organization}"));
        await node.ClickAsync(new());
    }

    private static async Task TypeOwnerAsync(IRenderedComponent<ContainerFragment> cut, string email)
    {
        var input = cut.Find("input[data-testid=transfer-owner], [data-testid=transfer-owner] input");
        await input.InputAsync(new() { Value = email });
        await cut.Find("input[data-testid=transfer-owner], [data-testid=transfer-owner] input").BlurAsync(new());
    }

    [Fact, Trait("Rule", "D7"), Trait("Rule", "D6")]
    public async Task Confirm_IsDisabledUntilValid_ThePreviewShowsOwnersOrganizationsAndWhoLosesAccess()
    {
        var cut = await OpenAsync("admin@acme.example", "CLA-TR-1001", "Client A");
        Assert.True(Confirm(cut).HasAttribute("disabled"));

        // Client B: the owner (a User of Client A) has no access there, so a new owner is needed (D6).
        await ChooseDestinationAsync(cut, "Client B");
        cut.WaitForAssertion(() => Assert.Contains("name a new owner", cut.Find("[data-testid=transfer-failures]").TextContent));
        Assert.True(Confirm(cut).HasAttribute("disabled"));

        await cut.Find("[data-testid=propose-owner]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.False(Confirm(cut).HasAttribute("disabled")));
        var summary = cut.Find("[data-testid=transfer-summary]").TextContent;
        Assert.Contains("Acme IoT / Client A", summary);
        Assert.Contains("Acme IoT / Client B", summary);
        Assert.Contains("clienta.user@acme.example", summary);
        Assert.Contains("admin@acme.example", summary);
        var changes = cut.Find("[data-testid=access-changes]").TextContent;
        Assert.Contains("clienta.admin@acme.example", changes);
        Assert.Contains("loses access to Client A Tracker 01 (was Admin)", changes);
    }

    [Fact, Trait("Rule", "D4")]
    public async Task AnOwnerWithoutAccess_ShowsTheRefusal_AndAnAdminGetsTheInviteButton()
    {
        var cut = await OpenAsync("admin@acme.example", "CLA-SN-1001", "Client A");
        await ChooseDestinationAsync(cut, "Client A");

        await TypeOwnerAsync(cut, "globex.admin@globex.example");

        cut.WaitForAssertion(() => Assert.StartsWith(
            "globex.admin@globex.example has no access to Client A or an organization above it. Invite globex.admin@globex.example to Client A first.",
            cut.Find("[data-testid=transfer-refusal]").TextContent.Trim()));
        Assert.Contains("Invite globex.admin@globex.example to Client A", cut.Find("[data-testid=invite-owner]").TextContent);
        Assert.True(Confirm(cut).HasAttribute("disabled"));
    }

    [Fact, Trait("Rule", "D4")]
    public async Task Staff_SeesWhoCanInvite_AndNoInviteButton()
    {
        var cut = await OpenAsync("staff@acme.example", "CLA-SN-1001", "Client A");
        await ChooseDestinationAsync(cut, "Client A");

        await TypeOwnerAsync(cut, "bob@example.com");

        cut.WaitForAssertion(() => Assert.Contains("An Admin of Client A can invite bob@example.com.", cut.Find("[data-testid=transfer-refusal]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=invite-owner]"));
    }

    [Fact, Trait("Rule", "D5")]
    public async Task TheCurrentOwnerAndOrganization_SayNothingToTransfer_AndConfirmStaysDisabled()
    {
        var cut = await OpenAsync("admin@acme.example", "CLA-TR-1002", "Client A");
        await ChooseDestinationAsync(cut, "Client A");

        cut.WaitForAssertion(() => Assert.Equal("clienta.user@acme.example already owns Client A Tracker 02 in Client A. Nothing to transfer.",
            cut.Find("[data-testid=transfer-noop]").TextContent.Trim()));
        Assert.True(Confirm(cut).HasAttribute("disabled"));
    }

    [Fact, Trait("Rule", "D3"), Trait("Rule", "L1")]
    public async Task Confirming_TransfersOnce_AndClosesTheDialog()
    {
        var cut = await OpenAsync("admin@acme.example", "CLA-SN-1001", "Client A");
        await ChooseDestinationAsync(cut, "Client A Warehouse");
        cut.WaitForAssertion(() => Assert.False(Confirm(cut).HasAttribute("disabled")));

        await Confirm(cut).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=confirm-transfer]")));
        await using var db = Harness.NewDbContext();
        var id = (await TransferTestData.TokenAsync(Harness, "CLA-SN-1001")).DeviceId.ToString();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "device.transferred" && e.TargetId == id));
    }
}
