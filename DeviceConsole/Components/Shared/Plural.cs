namespace DeviceConsole.Components.Shared;

/// <summary>Counts in words: "1 device", "3 devices".</summary>
public static class Plural
{
    public static string Count(int n, string noun, string? plural = null) =>
        $"{n:N0} {(n == 1 ? noun : plural ?? noun + "s")}";
}
