using Bunit;
using DeviceConsole.Components.Layout;
using DeviceConsole.Components.Pages;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.Logging;

namespace DeviceConsole.Tests.Components.Shell;

public sealed class PageShellTests : ComponentTest
{
    [Fact]
    public void AnUnexpectedError_ShowsARecoverableMessage_AndTryAgainRendersThePageAgain()
    {
        var attempts = new Attempts();
        var cut = RenderWithProviders<PageErrorBoundary>((nameof(PageErrorBoundary.ChildContent), (RenderFragment)(b =>
        {
            b.OpenComponent<FailsOnce>(0);
            b.AddComponentParameter(1, nameof(FailsOnce.Attempts), attempts);
            b.CloseComponent();
        })));

        var error = cut.Find("[data-testid=page-error]");
        Assert.Equal("alert", error.GetAttribute("role"));
        Assert.Contains("try again", error.TextContent);

        cut.Find("[data-testid=page-error-retry]").Click();

        Assert.Equal("The page.", cut.Find("[data-testid=recovered]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=page-error]"));
    }

    [Fact]
    public void NavigatingElsewhere_Recovers()
    {
        var attempts = new Attempts();
        var cut = RenderWithProviders<PageErrorBoundary>((nameof(PageErrorBoundary.ChildContent), (RenderFragment)(b =>
        {
            b.OpenComponent<FailsOnce>(0);
            b.AddComponentParameter(1, nameof(FailsOnce.Attempts), attempts);
            b.CloseComponent();
        })));
        cut.Find("[data-testid=page-error]");

        Services.GetRequiredService<NavigationManager>().NavigateTo("/devices");

        cut.WaitForAssertion(() => cut.Find("[data-testid=recovered]"));
    }

    [Fact, Trait("Rule", "A2")]
    public async Task OneVisitToAPageThatIsRefused_LogsTheRefusalOnce()
    {
        await Harness.ActAsync("clienta.user@acme.example");
        await Harness.Get<ActiveOrganizationService>().SetAsync(await Harness.OrganizationIdAsync("Client A"));
        // The layout's switcher and the page both read the active organization as the page opens.
        await Services.GetRequiredService<ActiveOrganizationState>().RefreshAsync();

        var cut = RenderWithProviders<Members>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=members-error]"));
        await Services.GetRequiredService<ActiveOrganizationState>().RefreshAsync();

        Assert.Single(Harness.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Seeing members needs Staff"));
    }

    private sealed class Attempts
    {
        public int Count;
    }

    private sealed class FailsOnce : ComponentBase
    {
        [Parameter] public Attempts Attempts { get; set; } = default!;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            if (Attempts.Count++ == 0)
                throw new InvalidOperationException("A bug while rendering.");
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "data-testid", "recovered");
            builder.AddContent(2, "The page.");
            builder.CloseElement();
        }
    }
}
