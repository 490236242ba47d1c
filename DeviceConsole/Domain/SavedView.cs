namespace DeviceConsole.Domain;

/// <summary>
/// Named device-grid settings (V1): never device IDs. Private to its owner, or shared with one
/// organization where the owner is Admin.
/// </summary>
public sealed class SavedView
{
    public const int MaxNameLength = 60;
    public const int MaxSearchLength = 200;

    private SavedView() { }

    public int Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string NormalizedName { get; private set; } = "";
    /// <summary>Null while private; the organization whose Admin and Staff see it otherwise.</summary>
    public int? SharedOrganizationId { get; private set; }
    /// <summary>The organization whose device list the view opens.</summary>
    public int OrganizationId { get; private set; }
    public bool IncludeSubOrganizations { get; private set; }
    public string? Search { get; private set; }
    public DeviceStatus? Status { get; private set; }
    /// <summary>Tag names, one per line (tags never contain line breaks, G1).</summary>
    public string Tags { get; private set; } = "";
    public string SortBy { get; private set; } = "";
    public bool Descending { get; private set; }
    public int PageSize { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public static SavedView Create(string ownerId, string name, int organizationId, DateTime createdAtUtc)
    {
        var view = new SavedView { OwnerId = ownerId, OrganizationId = organizationId, CreatedAt = createdAtUtc };
        view.Rename(name);
        return view;
    }

    public void Rename(string name)
    {
        Name = ValidateName(name);
        NormalizedName = Name.ToUpperInvariant();
    }

    public void ShareWith(int? organizationId) => SharedOrganizationId = organizationId;

    public void Settle(int organizationId, bool includeSubOrganizations, string? search, DeviceStatus? status,
        IReadOnlyList<string> tags, string sortBy, bool descending, int pageSize)
    {
        var trimmed = search?.Trim();
        if (trimmed is { Length: > MaxSearchLength })
            throw new DomainException($"A saved search has at most {MaxSearchLength} characters.");
        OrganizationId = organizationId;
        IncludeSubOrganizations = includeSubOrganizations;
        Search = string.IsNullOrEmpty(trimmed) ? null : trimmed;
        Status = status;
        Tags = string.Join('\n', tags);
        SortBy = sortBy;
        Descending = descending;
        PageSize = pageSize;
    }

    public IReadOnlyList<string> TagList => Tags.Length == 0 ? [] : Tags.Split('\n');

    /// <summary>V1: trimmed, 1 to 60 characters, no control characters.</summary>
    public static string ValidateName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
            throw new DomainException("A saved view needs a name.");
        if (trimmed.Length > MaxNameLength)
            throw new DomainException($"A saved view's name has at most {MaxNameLength} characters (this one has {trimmed.Length}).");
        if (trimmed.Any(char.IsControl))
            throw new DomainException("A saved view's name cannot contain control characters.");
        return trimmed;
    }
}
