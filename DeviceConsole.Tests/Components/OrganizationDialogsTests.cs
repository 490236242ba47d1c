using Bunit;
using DeviceConsole.Components.Organizations;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace DeviceConsole.Tests.Components;

/// <summary>The four organization dialogs, opened through the real dialog service over the real services.</summary>
public sealed class OrganizationDialogsTests : ComponentTest
{
    private IRenderedComponent<ContainerFragment> _host = null!;
    private IDialogReference _dialog = null!;

    private async Task OpenAsync<TDialog>(DialogParameters<TDialog> parameters) where TDialog : IComponent
    {
        _host = RenderWithProviders<ContainerFragment>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        _dialog = await _host.InvokeAsync(() => dialogs.ShowAsync<TDialog>("Dialog", parameters));
    }

    private AngleSharp.Dom.IElement Find(string testId) => _host.Find($"[data-testid={testId}]");

    private async Task TypeAsync(string testId, string value) => await Find(testId).InputAsync(new() { Value = value });

    private bool Disabled(string testId) => Find(testId).HasAttribute("disabled");

    private async Task<int> ChildCountAsync(string parent)
    {
        await using var db = Harness.NewDbContext();
        var parentId = await db.Organizations.Where(o => o.Name == parent).Select(o => o.Id).SingleAsync();
        return await db.Organizations.CountAsync(o => o.ParentId == parentId);
    }

    [Fact, Trait("Rule", "O1")]
    public async Task CreateDialog_ShowsEachValidationMessageLive_AndCreateStaysDisabledUntilTheNameIsValid()
    {
        await Harness.ActAsync("admin@acme.example");
        var acme = await Harness.OrganizationIdAsync("Acme IoT");
        await OpenAsync(new DialogParameters<CreateOrganizationDialog> { { d => d.ParentId, acme }, { d => d.ParentName, "Acme IoT" } });
        Assert.True(Disabled("confirm-create"));

        await TypeAsync("organization-name", "client b");
        _host.WaitForAssertion(() => Assert.Contains("Acme IoT already has a sub-organization named client b", _host.Markup));
        Assert.True(Disabled("confirm-create"));

        await TypeAsync("organization-name", new string('x', 81));
        _host.WaitForAssertion(() => Assert.Contains("An organization name has at most 80 characters (this one has 81).", _host.Markup));
        Assert.True(Disabled("confirm-create"));

        await TypeAsync("organization-name", "   ");
        _host.WaitForAssertion(() => Assert.Contains("An organization name is required.", _host.Markup));
        Assert.True(Disabled("confirm-create"));

        await TypeAsync("organization-name", "Client C");
        _host.WaitForAssertion(() => Assert.False(Disabled("confirm-create")));
        Assert.DoesNotContain("already has a sub-organization", _host.Markup);

        await Find("confirm-create").ClickAsync(new());
        var result = await _dialog.Result;
        Assert.False(result!.Canceled);
        await using var db = Harness.NewDbContext();
        Assert.Equal("Client C", await db.Organizations.Where(o => o.Id == (int)result.Data!).Select(o => o.Name).SingleAsync());
    }

    [Fact, Trait("Rule", "O2")]
    public async Task CreateDialog_ForStaff_ShowsTheRefusalNamingTheRoleNeeded()
    {
        await Harness.ActAsync("staff@acme.example");
        var clientA = await Harness.OrganizationIdAsync("Client A");
        await OpenAsync(new DialogParameters<CreateOrganizationDialog> { { d => d.ParentId, clientA }, { d => d.ParentName, "Client A" } });

        await TypeAsync("organization-name", "Lab");

        _host.WaitForAssertion(() => Assert.Contains("Creating a sub-organization of Client A needs Admin in Client A.", _host.Markup));
        Assert.True(Disabled("confirm-create"));
        Assert.Equal(1, await ChildCountAsync("Client A"));
    }

    [Fact, Trait("Rule", "O1")]
    public async Task RenameDialog_StartsWithTheCurrentName_IsDisabledUntilChanged_AndShowsASiblingClash()
    {
        await Harness.ActAsync("admin@acme.example");
        var clientA = await Harness.OrganizationIdAsync("Client A");
        await OpenAsync(new DialogParameters<RenameOrganizationDialog> { { d => d.OrganizationId, clientA }, { d => d.CurrentName, "Client A" } });

        Assert.Equal("Client A", Find("organization-name").GetAttribute("value"));
        Assert.True(Disabled("confirm-rename"));

        await TypeAsync("organization-name", "CLIENT B");
        _host.WaitForAssertion(() => Assert.Contains("Acme IoT already has a sub-organization named CLIENT B", _host.Markup));
        Assert.True(Disabled("confirm-rename"));

        await TypeAsync("organization-name", "Client Alpha");
        _host.WaitForAssertion(() => Assert.False(Disabled("confirm-rename")));
        await Find("confirm-rename").ClickAsync(new());
        Assert.False((await _dialog.Result)!.Canceled);
        await using var db = Harness.NewDbContext();
        Assert.True(await db.Organizations.AnyAsync(o => o.Name == "Client Alpha"));
    }

    [Fact, Trait("Rule", "O4")]
    public async Task DeleteDialog_ConfirmIsDisabledUntilTheTypedNameMatchesExactly()
    {
        await Harness.ActAsync("admin@acme.example");
        var lab = (await Harness.Get<OrganizationCommands>()
            .CreateAsync(new CreateOrganizationRequest(await Harness.OrganizationIdAsync("Client B"), "Lab 🚀"))).Organization;
        await OpenAsync(new DialogParameters<DeleteOrganizationDialog> { { d => d.OrganizationId, lab.Id }, { d => d.OrganizationName, lab.Name } });

        Assert.True(Disabled("confirm-delete"));
        await TypeAsync("delete-confirm-name", "Lab");
        Assert.True(Disabled("confirm-delete"));
        await TypeAsync("delete-confirm-name", "lab 🚀");
        Assert.True(Disabled("confirm-delete"));
        await TypeAsync("delete-confirm-name", "Lab 🚀");
        Assert.False(Disabled("confirm-delete"));

        await Find("confirm-delete").ClickAsync(new());
        Assert.False((await _dialog.Result)!.Canceled);
        Assert.Equal(0, await ChildCountAsync("Client B"));
    }

    [Fact, Trait("Rule", "O4")]
    public async Task DeleteDialog_OnANonEmptyOrganization_ShowsTheCountsAndStaysOpen()
    {
        await Harness.ActAsync("admin@acme.example");
        var clientA = await Harness.OrganizationIdAsync("Client A");
        await OpenAsync(new DialogParameters<DeleteOrganizationDialog> { { d => d.OrganizationId, clientA }, { d => d.OrganizationName, "Client A" } });

        await TypeAsync("delete-confirm-name", "Client A");
        await Find("confirm-delete").ClickAsync(new());

        _host.WaitForAssertion(() => Assert.Contains("Client A still contains 1 sub-organization and 26 devices.", Find("dialog-error").TextContent));
        Assert.False(_dialog.Result.IsCompleted);
    }

    [Fact, Trait("Rule", "O3")]
    public async Task MoveDialog_OffersOnlyValidTargets_AndPreviewsRoleChangesAndBlockedDevices()
    {
        await Harness.ActAsync("admin@acme.example");
        var warehouse = await Harness.OrganizationIdAsync("Client A Warehouse");
        await OpenAsync(new DialogParameters<MoveOrganizationDialog> { { d => d.OrganizationId, warehouse }, { d => d.OrganizationName, "Client A Warehouse" } });

        _host.WaitForAssertion(() => Find("move-target-tree"));
        var targets = _host.FindAll("[data-testid=move-target-tree] .mud-treeview-item-content").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(2, targets.Count);
        Assert.Contains(targets, t => t.StartsWith("Acme IoT"));
        Assert.Contains(targets, t => t.StartsWith("Client B"));
        Assert.True(Disabled("confirm-move"));

        await _host.FindAll("[data-testid=move-target-tree] .mud-treeview-item-content").Single(e => e.TextContent.Contains("Client B")).ClickAsync(new());

        _host.WaitForAssertion(() => Assert.Equal("Acme IoT / Client B / Client A Warehouse", Find("path-after").TextContent));
        Assert.Equal("Acme IoT / Client A / Client A Warehouse", Find("path-before").TextContent);
        Assert.Contains("0 sub-organizations, 12 devices", Find("move-counts").TextContent);
        var roleChanges = Find("role-changes").TextContent;
        Assert.Contains("multi@example.com", roleChanges);
        Assert.Contains("Gained", roleChanges);
        Assert.Contains("Admin (through Client A)", roleChanges);
        Assert.Equal(8, _host.FindAll("[data-testid=blocked-devices] tbody tr").Count);
        Assert.Contains("8 devices would be left with an owner who has no access", Find("blocked-devices-notice").TextContent);
        Assert.True(Disabled("confirm-move"));
    }

    [Fact, Trait("Rule", "O3")]
    public async Task MoveDialog_WithoutBlockedDevices_MovesOnConfirm()
    {
        await Harness.ActAsync("admin@acme.example");
        var lab = (await Harness.Get<OrganizationCommands>()
            .CreateAsync(new CreateOrganizationRequest(await Harness.OrganizationIdAsync("Client A Warehouse"), "Lab"))).Organization;
        await OpenAsync(new DialogParameters<MoveOrganizationDialog> { { d => d.OrganizationId, lab.Id }, { d => d.OrganizationName, "Lab" } });
        _host.WaitForAssertion(() => Find("move-target-tree"));

        await _host.FindAll("[data-testid=move-target-tree] .mud-treeview-item-content").Single(e => e.TextContent.Contains("Client B")).ClickAsync(new());
        _host.WaitForAssertion(() => Assert.Equal("Acme IoT / Client B / Lab", Find("path-after").TextContent));
        // Under Client B, multi@example.com (User of Client B) gains access to Lab.
        Assert.Contains("multi@example.com", Find("role-changes").TextContent);
        Assert.Empty(_host.FindAll("[data-testid=blocked-devices]"));
        Assert.False(Disabled("confirm-move"));

        await Find("confirm-move").ClickAsync(new());
        Assert.False((await _dialog.Result)!.Canceled);
        Assert.Equal(1, await ChildCountAsync("Client B"));
    }
}
