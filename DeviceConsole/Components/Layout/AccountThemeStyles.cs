using DeviceConsole.Domain;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace DeviceConsole.Components.Layout;

/// <summary>
/// The console's theme for the statically rendered account pages, which have no circuit to ask the
/// browser for its setting: both palettes are written, the dark one as a stylesheet for
/// <c>prefers-color-scheme: dark</c>, unless the account chose one of them. The theme provider's
/// output is rendered once per palette and kept, as the theme itself never changes.
/// </summary>
public sealed class AccountThemeStyles : ComponentBase
{
    private static Task<(string Light, string Dark)>? _styles;

    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private ILoggerFactory LoggerFactory { get; set; } = default!;

    [Parameter] public ColorScheme Scheme { get; set; }

    private (string Light, string Dark) _css;

    protected override async Task OnInitializedAsync() => _css = await (_styles ??= RenderBothAsync());

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.AddMarkupContent(0, Scheme switch
        {
            ColorScheme.Light => _css.Light,
            ColorScheme.Dark => _css.Dark,
            _ => _css.Light + _css.Dark.Replace("<style", "<style media=\"(prefers-color-scheme: dark)\"", StringComparison.Ordinal),
        });
    }

    private async Task<(string, string)> RenderBothAsync()
    {
        await using var renderer = new HtmlRenderer(Services, LoggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () => (await RenderAsync(renderer, false), await RenderAsync(renderer, true)));
    }

    private static async Task<string> RenderAsync(HtmlRenderer renderer, bool dark)
    {
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(MudThemeProvider.Theme)] = ConsoleTheme.Theme,
            [nameof(MudThemeProvider.IsDarkMode)] = dark,
        });
        var output = await renderer.RenderComponentAsync<MudThemeProvider>(parameters);
        return output.ToHtmlString();
    }
}
