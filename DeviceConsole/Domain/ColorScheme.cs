namespace DeviceConsole.Domain;

/// <summary>How an account wants the console drawn; System follows the browser's setting.</summary>
public enum ColorScheme
{
    System = 0,
    Light = 1,
    Dark = 2,
}
