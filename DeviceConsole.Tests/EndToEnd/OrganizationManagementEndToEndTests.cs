using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DeviceConsole.Tests.EndToEnd;

[Collection("E2E"), Trait("Category", "E2E")]
public sealed class OrganizationManagementEndToEndTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // Markup, right-to-left text and emoji: all must come back as plain text.
    private const string Name = "Lab <script>alert(1)</script> שלום 🚀";

    private static ILocator TreeItem(IPage page, string testId, string text) =>
        page.Locator($"[data-testid={testId}] .mud-treeview-item-content").Filter(new() { HasText = text });

    private async Task<List<(string Name, int? ParentId)>> StoredAsync()
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return (await db.Organizations.Where(o => o.Name == Name).Select(o => new { o.Name, o.ParentId }).ToListAsync())
            .Select(o => (o.Name, o.ParentId)).ToList();
    }

    private async Task<int> OrganizationIdAsync(string name)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    [Fact, Trait("Rule", "O1"), Trait("Rule", "O3"), Trait("Rule", "O4")]
    public async Task Admin_CreatesUnderClientA_WithADoubleClick_MovesItUnderClientB_ThenDeletesIt()
    {
        var page = await app.SignInAsync("admin@acme.example");
        var scriptRan = false;
        page.Dialog += (_, dialog) => { scriptRan = true; _ = dialog.DismissAsync(); };
        await page.GotoAsync("organizations");
        await BrowserApp.WaitForCircuitAsync(page);
        var details = page.Locator("[data-testid=organization-details]");

        // Create under Client A, double-clicking Create.
        await TreeItem(page, "organization-tree", "Client A").Filter(new() { HasNotText = "Warehouse" }).ClickAsync();
        await Assertions.Expect(details.Locator("h5")).ToHaveTextAsync("Client A");
        await page.ClickAsync("[data-testid=action-create]");
        await page.FillAsync("input[data-testid=organization-name]", Name);
        var create = page.Locator("[data-testid=confirm-create]");
        await Assertions.Expect(create).ToBeEnabledAsync();
        await create.DblClickAsync();

        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(details.Locator("h5")).ToHaveTextAsync(Name);
        await Assertions.Expect(details).ToContainTextAsync($"Acme IoT / Client A / {Name}");
        await Assertions.Expect(TreeItem(page, "organization-tree", Name)).ToHaveCountAsync(1);
        Assert.Equal([(Name, (int?)await OrganizationIdAsync("Client A"))], await StoredAsync());

        // Move it under Client B: the preview shows the path after the move.
        await page.ClickAsync("[data-testid=action-move]");
        await TreeItem(page, "move-target-tree", "Client B").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=path-before]")).ToHaveTextAsync($"Acme IoT / Client A / {Name}");
        await Assertions.Expect(page.Locator("[data-testid=path-after]")).ToHaveTextAsync($"Acme IoT / Client B / {Name}");
        await Assertions.Expect(page.Locator("[data-testid=role-changes]")).ToContainTextAsync("multi@example.com");
        await page.ClickAsync("[data-testid=confirm-move]");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(details).ToContainTextAsync($"Acme IoT / Client B / {Name}");
        Assert.Equal([(Name, (int?)await OrganizationIdAsync("Client B"))], await StoredAsync());

        // Delete it: confirm stays disabled until the name is typed exactly.
        await page.ClickAsync("[data-testid=action-delete]");
        var confirm = page.Locator("[data-testid=confirm-delete]");
        await page.FillAsync("input[data-testid=delete-confirm-name]", "Lab");
        await Assertions.Expect(confirm).ToBeDisabledAsync();
        await page.FillAsync("input[data-testid=delete-confirm-name]", Name);
        await Assertions.Expect(confirm).ToBeEnabledAsync();
        await confirm.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(TreeItem(page, "organization-tree", Name)).ToHaveCountAsync(0);
        await Assertions.Expect(details.Locator("h5")).ToHaveTextAsync("Client B");
        Assert.Empty(await StoredAsync());
        Assert.False(scriptRan);
    }
}
