using Bunit;
using DeviceConsole.Components.Layout;
using DeviceConsole.Components.Pages;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Components;

/// <summary>The management actions on the Organizations page: who sees them, and the page after a change.</summary>
public sealed class OrganizationManagementPageTests : ComponentTest
{
    private IRenderedComponent<ContainerFragment> RenderPage()
    {
        var cut = RenderWithProviders<Organizations>();
        cut.WaitForAssertion(() => Assert.Contains("Client A", cut.Find("[data-testid=organization-tree]").TextContent));
        return cut;
    }

    private static async Task SelectAsync(IRenderedComponent<ContainerFragment> cut, string name)
    {
        await cut.FindAll("[data-testid=organization-tree] .mud-treeview-item-content")
            .Single(e => e.TextContent.Trim().StartsWith(name, StringComparison.Ordinal) && !e.TextContent.Contains(name + " Warehouse")).ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains(name, cut.Find("[data-testid=organization-details] h5").TextContent));
    }

    [Theory, Trait("Rule", "A2")]
    [InlineData("staff@acme.example")]
    [InlineData("clienta.user@acme.example")]
    public async Task StaffAndUsers_SeeNoManagementActions(string email)
    {
        await Harness.ActAsync(email);
        var cut = RenderPage();
        await SelectAsync(cut, "Client A");
        Assert.Empty(cut.FindAll("[data-testid=organization-actions]"));
        Assert.Empty(cut.FindAll("[data-testid^=action-]"));
    }

    [Fact, Trait("Rule", "A2")]
    public async Task AnAdmin_SeesCreateAndRenameEverywhere_AndMoveAndDeleteBelowTheRoot()
    {
        await Harness.ActAsync("admin@acme.example");
        var cut = RenderPage();
        cut.WaitForAssertion(() => Find(cut, "action-create"));
        Assert.Empty(cut.FindAll("[data-testid=action-move]"));
        Assert.Empty(cut.FindAll("[data-testid=action-delete]"));

        await SelectAsync(cut, "Client B");
        cut.WaitForAssertion(() => Find(cut, "action-move"));
        Find(cut, "action-delete");
        Find(cut, "action-rename");
    }

    private static AngleSharp.Dom.IElement Find(IRenderedComponent<ContainerFragment> cut, string testId) => cut.Find($"[data-testid={testId}]");

    [Theory, Trait("Rule", "O1")]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("מחסן צפון")]
    [InlineData("Lab 🚀🧪")]
    public async Task CreatingFromThePage_ShowsTheNewNodeAsText_SelectsIt_AndTheSwitcherFollows(string name)
    {
        await Harness.ActAsync("admin@acme.example");
        var cut = RenderPage();
        await SelectAsync(cut, "Client B");
        cut.WaitForAssertion(() => Find(cut, "action-create"));

        // The click's handler waits for the dialog to close, so it completes only at the end.
        var handler = Find(cut, "action-create").ClickAsync(new());
        cut.WaitForAssertion(() => Find(cut, "organization-name"));
        await Find(cut, "organization-name").InputAsync(new() { Value = name });
        cut.WaitForAssertion(() => Assert.False(Find(cut, "confirm-create").HasAttribute("disabled")));
        await Find(cut, "confirm-create").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains(name, Find(cut, "organization-tree").TextContent));
        cut.WaitForAssertion(() => Assert.Equal(name, Find(cut, "organization-details").QuerySelector("h5")!.TextContent));
        Assert.Empty(cut.FindAll("[data-testid=organization-tree] script, [data-testid=organization-details] script"));
        Assert.Contains($"Acme IoT / Client B / {name}", Find(cut, "organization-details").TextContent);
        Assert.NotNull(Services.GetRequiredService<ActiveOrganizationState>().Current);
        await handler;
    }

    [Fact, Trait("Rule", "O4")]
    public async Task DeletingFromThePage_RemovesTheNode_AndSelectsTheParent()
    {
        await Harness.ActAsync("admin@acme.example");
        var clientB = await Harness.OrganizationIdAsync("Client B");
        await Harness.Get<OrganizationCommands>()
            .CreateAsync(new CreateOrganizationRequest(clientB, "Scratch"));
        var cut = RenderPage();
        await SelectAsync(cut, "Scratch");
        cut.WaitForAssertion(() => Find(cut, "action-delete"));

        var handler = Find(cut, "action-delete").ClickAsync(new());
        cut.WaitForAssertion(() => Find(cut, "delete-confirm-name"));
        await Find(cut, "delete-confirm-name").InputAsync(new() { Value = "Scratch" });
        await Find(cut, "confirm-delete").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.DoesNotContain("Scratch", Find(cut, "organization-tree").TextContent));
        cut.WaitForAssertion(() => Assert.Equal("Client B", Find(cut, "organization-details").QuerySelector("h5")!.TextContent));
        await handler;
    }

    [Fact, Trait("Rule", "S3")]
    public async Task ActiveOrganizationRefresh_ReadsAgainOnEveryCall_SoTheSwitcherFollowsARename()
    {
        await Harness.ActAsync("admin@acme.example");
        var state = Services.GetRequiredService<ActiveOrganizationState>();
        Assert.Equal("Acme IoT", (await state.RefreshAsync())!.Organization.Name);

        await Harness.Get<OrganizationCommands>()
            .RenameAsync(new RenameOrganizationRequest(await Harness.OrganizationIdAsync("Acme IoT"), "Acme Industries"));

        Assert.Equal("Acme Industries", (await state.RefreshAsync())!.Organization.Name);
    }
}
