namespace DeviceConsole.Domain;

/// <summary>A free-form tag on a device (G1). It belongs to the device, so a transfer keeps it.</summary>
public sealed class DeviceTag
{
    public const int MaxLength = 32;
    public const int MaxPerDevice = 20;

    private DeviceTag() { }

    public int DeviceId { get; private set; }
    /// <summary>As first typed on this device.</summary>
    public string Name { get; private set; } = "";
    /// <summary>Upper-case copy: tags compare ignoring case (G1) and filters match on it (G3).</summary>
    public string NormalizedName { get; private set; } = "";

    public static DeviceTag Create(int deviceId, string name)
    {
        var valid = Validate(name);
        return new DeviceTag { DeviceId = deviceId, Name = valid, NormalizedName = Normalize(valid) };
    }

    /// <summary>G1: trimmed, 1 to 32 characters, no control or separator characters.</summary>
    public static string Validate(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
            throw new DomainException("A tag cannot be empty.");
        if (trimmed.Length > MaxLength)
            throw new DomainException($"A tag has at most {MaxLength} characters (\"{trimmed[..MaxLength]}…\" has {trimmed.Length}).");
        // Unicode separators include the space: "north-wing", not "north wing", so a list of tags reads unambiguously.
        if (trimmed.Any(c => char.IsControl(c) || char.IsSeparator(c)))
            throw new DomainException($"A tag cannot contain spaces, control or separator characters (\"{Printable(trimmed)}\").");
        return trimmed;
    }

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) || char.IsSeparator(c) ? '·' : c).ToArray());

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}
