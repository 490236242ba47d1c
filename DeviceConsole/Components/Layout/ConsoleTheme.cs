using MudBlazor;

namespace DeviceConsole.Components.Layout;

/// <summary>One theme instance for every circuit, built once.</summary>
public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            AppbarBackground = "#1f3b5c",
        },
    };
}
