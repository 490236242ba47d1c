using DeviceConsole.Domain;
using MudBlazor;

namespace DeviceConsole.Components.Shared;

public static class StatusDisplay
{
    public static Color Color(DeviceStatus status) => status switch
    {
        DeviceStatus.Online => MudBlazor.Color.Success,
        DeviceStatus.Offline => MudBlazor.Color.Error,
        DeviceStatus.Maintenance => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };

    /// <summary>Times are stored in UTC and shown in UTC, labelled, so no one guesses the zone.</summary>
    public static string Time(DateTime? utc) => utc is { } t ? $"{t:yyyy-MM-dd HH:mm} UTC" : "never";
}
