namespace DeviceConsole.Data;

/// <summary>
/// A setting the console cannot start with. Program prints its message as the one line an
/// operator reads (the key and what was wrong) and exits, instead of a stack trace.
/// </summary>
public sealed class StartupConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
