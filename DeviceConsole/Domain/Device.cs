using System.Text.RegularExpressions;

namespace DeviceConsole.Domain;

public sealed partial class Device
{
    public const int MaxNameLength = 80;
    public const int MaxSerialLength = 64;

    private Device() { }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string SerialNumber { get; private set; } = "";
    /// <summary>Upper-case copy under a unique index: serials are unique ignoring case (D2).</summary>
    public string NormalizedSerialNumber { get; private set; } = "";
    public int OrganizationId { get; private set; }
    public string OwnerId { get; private set; } = "";
    public DeviceStatus Status { get; private set; }
    public DateTime? LastSeenAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>Concurrency token, replaced on every write (D9).</summary>
    public Guid Version { get; private set; }

    public Organization? Organization { get; private set; }

    public static Device Create(string name, string serialNumber, int organizationId, string ownerId,
        DeviceStatus status, DateTime createdAtUtc, DateTime? lastSeenAtUtc = null)
    {
        var device = new Device
        {
            OrganizationId = organizationId,
            OwnerId = ownerId,
            CreatedAt = createdAtUtc,
            LastSeenAt = lastSeenAtUtc,
        };
        device.Edit(name, serialNumber, status);
        return device;
    }

    /// <summary>D2: editing changes name, serial and status only.</summary>
    public void Edit(string name, string serialNumber, DeviceStatus status)
    {
        Name = ValidateName(name);
        SerialNumber = ValidateSerial(serialNumber);
        NormalizedSerialNumber = NormalizeSerial(SerialNumber);
        Status = status;
        Version = Guid.NewGuid();
    }

    /// <summary>The only code path that changes owner and organization (D2).</summary>
    public void TransferTo(int organizationId, string ownerId)
    {
        OrganizationId = organizationId;
        OwnerId = ownerId;
        Version = Guid.NewGuid();
    }

    public static string ValidateName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
            throw DomainException.Invalid("A device name is required.");
        if (trimmed.Length > MaxNameLength)
            throw DomainException.Invalid($"A device name has at most {MaxNameLength} characters (this one has {trimmed.Length}).");
        return trimmed;
    }

    public static string ValidateSerial(string? serial)
    {
        var trimmed = (serial ?? "").Trim();
        if (trimmed.Length == 0)
            throw DomainException.Invalid("A serial number is required.");
        if (trimmed.Length > MaxSerialLength)
            throw DomainException.Invalid($"A serial number has at most {MaxSerialLength} characters.");
        if (!SerialPattern().IsMatch(trimmed))
            throw DomainException.Invalid("A serial number uses only letters, digits, '-', '_' and '.'.");
        return trimmed;
    }

    public static string NormalizeSerial(string serial) => serial.Trim().ToUpperInvariant();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SerialPattern();
}
