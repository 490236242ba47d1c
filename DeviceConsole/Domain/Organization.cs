using System.Text;

namespace DeviceConsole.Domain;

public sealed class Organization
{
    public const int MaxNameLength = 80;

    private Organization() { }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string NormalizedName { get; private set; } = "";
    public int? ParentId { get; private set; }
    /// <summary>Materialized path of IDs (<see cref="OrganizationPath"/>); set once the ID is known.</summary>
    public string Path { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public int Level => OrganizationPath.Level(Path);

    public static Organization Create(string name, Organization? parent, DateTime createdAtUtc)
    {
        var organization = new Organization { ParentId = parent?.Id, CreatedAt = createdAtUtc };
        organization.Rename(name);
        return organization;
    }

    /// <summary>Called once the database has assigned the ID (the path contains it).</summary>
    public void AssignPath(string? parentPath)
    {
        if (Id == 0) throw new InvalidOperationException("The organization has no ID yet.");
        Path = parentPath is null ? OrganizationPath.Root(Id) : OrganizationPath.Child(parentPath, Id);
    }

    public void Rename(string name)
    {
        Name = ValidateName(name);
        NormalizedName = Normalize(Name);
    }

    /// <summary>Moves this organization under a new parent; the caller rewrites descendants' paths.</summary>
    public void MoveUnder(Organization newParent)
    {
        ParentId = newParent.Id;
        Path = OrganizationPath.Child(newParent.Path, Id);
    }

    /// <summary>O1: trimmed, 1 to 80 characters, no control characters, line separators or bidirectional overrides.</summary>
    public static string ValidateName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
            throw DomainException.Invalid("An organization name is required.");
        if (trimmed.Length > MaxNameLength)
            throw DomainException.Invalid($"An organization name has at most {MaxNameLength} characters (this one has {trimmed.Length}).");
        if (DisplayText.HasForbidden(trimmed))
            throw DomainException.Invalid("An organization name cannot contain control characters, line separators or text-direction overrides.");
        return trimmed;
    }

    /// <summary>O1: sibling names are compared on NFC + upper-case invariant.</summary>
    public static string Normalize(string name) => name.Trim().Normalize(NormalizationForm.FormC).ToUpperInvariant();
}
