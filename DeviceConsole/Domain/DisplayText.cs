namespace DeviceConsole.Domain;

/// <summary>
/// Characters a displayed name must not contain: control characters, the line and paragraph
/// separators (U+2028, U+2029) that break a line where no newline is visible, and the
/// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make a
/// name read differently from what it is.
/// </summary>
public static class DisplayText
{
    public static bool IsForbidden(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    public static bool HasForbidden(string text) => text.Any(IsForbidden);
}
