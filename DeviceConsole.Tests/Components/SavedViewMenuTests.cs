using Bunit;
using DeviceConsole.Components.SavedViews;
using DeviceConsole.Services.SavedViews;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Components;

public sealed class SavedViewMenuTests : ComponentTest
{
    [Fact, Trait("Rule", "V1"), Trait("Rule", "V2")]
    public async Task TheMenu_SavesTheCurrentSettings_ListsTheView_AndOpensIt()
    {
        await Harness.ActAsync("admin@acme.example");
        var clientA = await Harness.OrganizationIdAsync("Client A");
        var settings = new SavedViewSettings(clientA, Search: "Sensor");
        SavedViewRow? opened = null;
        var cut = RenderWithProviders<SavedViewMenu>(
            (nameof(SavedViewMenu.CurrentSettings), (Func<SavedViewSettings>)(() => settings)),
            (nameof(SavedViewMenu.OnOpen), Microsoft.AspNetCore.Components.EventCallback.Factory.Create<SavedViewRow>(this, v => opened = v)));

        await cut.Find("[data-testid=saved-views] button").ClickAsync(new());
        // The menu's handler awaits the dialog's result: the click completes only once the dialog closes.
        var saving = cut.WaitForElement("[data-testid=save-view]").ClickAsync(new());
        await cut.WaitForElement("input[data-testid=view-name], [data-testid=view-name] input").InputAsync(new() { Value = "Sensors" });
        await cut.Find("[data-testid=confirm-save-view]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=save-view-dialog]")));
        await saving;

        await cut.Find("[data-testid=saved-views] button").ClickAsync(new());
        var item = cut.WaitForElement("[data-testid=saved-view]");
        Assert.Contains("Sensors", item.TextContent);
        await item.ClickAsync(new());

        Assert.Equal("Sensor", opened?.Settings.Search);
    }

    [Fact, Trait("Rule", "V1")]
    public async Task ADuplicateName_IsShownInTheDialog()
    {
        await Harness.ActAsync("admin@acme.example");
        var clientA = await Harness.OrganizationIdAsync("Client A");
        await Harness.Get<SavedViewCommands>().SaveAsync("Sensors", new SavedViewSettings(clientA));
        var cut = RenderWithProviders<SavedViewMenu>(
            (nameof(SavedViewMenu.CurrentSettings), (Func<SavedViewSettings>)(() => new SavedViewSettings(clientA))));

        await cut.Find("[data-testid=saved-views] button").ClickAsync(new());
        _ = cut.WaitForElement("[data-testid=save-view]").ClickAsync(new());
        await cut.WaitForElement("input[data-testid=view-name], [data-testid=view-name] input").InputAsync(new() { Value = "sensors" });
        await cut.Find("[data-testid=confirm-save-view]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("You already have a view named", cut.Find("[data-testid=view-error]").TextContent));
    }
}
