using MudBlazor;

namespace DeviceConsole.Components.Layout;

/// <summary>
/// One theme instance for every circuit, built once. Every colour used as text or as a filled
/// background (status chips, alerts, buttons) keeps WCAG AA contrast (4.5:1) with its text, in
/// both palettes; the dark palette uses light tints with dark text on them.
/// </summary>
public static class ConsoleTheme
{
    private const string DarkText = "#14151a";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            AppbarBackground = "#1f3b5c",
            Success = "#2e7d32",
            Error = "#c62828",
            Warning = "#9a5b00",
            Info = "#1565c0",
            TextSecondary = "rgba(0,0,0,0.68)",
            ActionDefault = "rgba(0,0,0,0.68)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#90caf9",
            PrimaryContrastText = DarkText,
            Secondary = "#f48fb1",
            SecondaryContrastText = DarkText,
            Success = "#81c784",
            SuccessContrastText = DarkText,
            Error = "#ef9a9a",
            ErrorContrastText = DarkText,
            Warning = "#ffcc80",
            WarningContrastText = DarkText,
            Info = "#81d4fa",
            InfoContrastText = DarkText,
            AppbarBackground = "#1f3b5c",
            Background = "#1a1b22",
            Surface = "#24252e",
            DrawerBackground = "#24252e",
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.72)",
            ActionDefault = "rgba(255,255,255,0.72)",
        },
    };
}
