using Bunit;
using DeviceConsole.Components.Devices;
using DeviceConsole.Domain;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Tests.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace DeviceConsole.Tests.Components;

public sealed class UndoTransferDialogTests : ComponentTest
{
    private async Task<long> TransferAsync(string serial)
    {
        await Harness.ActAsync("admin@acme.example");
        var token = await TransferTestData.TokenAsync(Harness, serial);
        await Harness.Get<TransferService>().TransferAsync(new TransferRequest([token], await Harness.OrganizationIdAsync("Client A Warehouse"), "staff@acme.example"));
        await using var db = Harness.NewDbContext();
        return await db.AuditEntries.Where(e => e.Action == AuditActions.DeviceTransferred).MaxAsync(e => e.Id);
    }

    private async Task<IRenderedComponent<ContainerFragment>> OpenAsync(long entry)
    {
        var cut = RenderWithProviders<ContainerFragment>();
        var parameters = new DialogParameters<UndoTransferDialog> { { d => d.EntryId, entry } };
        await cut.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<UndoTransferDialog>("Undo", parameters));
        return cut;
    }

    [Fact, Trait("Rule", "D11"), Trait("Rule", "D7")]
    public async Task ThePreview_ShowsWhereTheDeviceGoesBack_AndWhoseAccessChanges_ThenUndoes()
    {
        var entry = await TransferAsync("CLA-TR-1001");
        var cut = await OpenAsync(entry);

        cut.WaitForAssertion(() => Assert.Contains("1 device goes back", cut.Find("[data-testid=undo-summary]").TextContent));
        Assert.Contains("Client A, clienta.user@acme.example", cut.Find("[data-testid=undo-devices]").TextContent);
        Assert.Contains(cut.FindAll("[data-testid=undo-access-change]"), c => c.TextContent.Contains("clienta.user@acme.example gains access"));
        await cut.Find("[data-testid=confirm-undo]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=undo-dialog]")));
    }

    [Fact, Trait("Rule", "D11")]
    public async Task AnUndoneTransfer_ShowsWhyItCannotBeUndoneAgain_WithConfirmDisabled()
    {
        var entry = await TransferAsync("CLA-TR-1001");
        await Harness.Get<TransferUndo>().UndoAsync(entry);
        var cut = await OpenAsync(entry);

        cut.WaitForAssertion(() => Assert.StartsWith("This transfer was already undone", cut.Find("[data-testid=undo-refusal]").TextContent.Trim()));
        Assert.True(cut.Find("[data-testid=confirm-undo]").HasAttribute("disabled"));
    }
}
