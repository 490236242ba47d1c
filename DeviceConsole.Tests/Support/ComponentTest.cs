using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;
using MudBlazor.Services;

namespace DeviceConsole.Tests.Support;

/// <summary>
/// bUnit with MudBlazor and the app's real services over a seeded in-memory SQLite database.
/// MudBlazor's popovers and dialogs render through providers, so tests render them alongside.
/// </summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    protected ServiceHarness Harness { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Harness = await ServiceHarness.CreateAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Harness.AddAppServices(Services);
        // As in the live circuit (pages skip their reads while prerendering); set last, as it builds the renderer.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>Renders the component after the popover, dialog and snackbar providers, in one tree.</summary>
    protected IRenderedComponent<ContainerFragment> RenderWithProviders<TComponent>(params (string Name, object? Value)[] parameters)
        where TComponent : IComponent
    {
        return Render<ContainerFragment>(p => p.AddChildContent(tree =>
        {
            tree.OpenComponent<MudPopoverProvider>(0);
            tree.CloseComponent();
            tree.OpenComponent<MudDialogProvider>(1);
            tree.CloseComponent();
            tree.OpenComponent<MudSnackbarProvider>(2);
            tree.CloseComponent();
            tree.OpenComponent<TComponent>(3);
            foreach (var (name, value) in parameters)
                tree.AddComponentParameter(4, name, value);
            tree.CloseComponent();
        }));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await Harness.DisposeAsync();
    }
}

/// <summary>A plain container, so providers and the component under test share one render tree.</summary>
public sealed class ContainerFragment : ComponentBase
{
    [Parameter] public RenderFragment? ChildContent { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, ChildContent);
}
