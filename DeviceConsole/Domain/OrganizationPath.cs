namespace DeviceConsole.Domain;

/// <summary>
/// The materialized path of IDs, e.g. <c>/1/4/9/</c>. Subtree queries compare strings against
/// a half-open range so that SQLite uses the ordinary (binary) index on Path.
/// </summary>
public static class OrganizationPath
{
    public static string Root(int id) => $"/{id}/";

    public static string Child(string parentPath, int id) => $"{parentPath}{id}/";

    /// <summary>Level 1 for a root, 2 for its children (O2).</summary>
    public static int Level(string path) => path.Count(c => c == '/') - 1;

    /// <summary>IDs from the root down to the organization itself.</summary>
    public static int[] Ids(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

    /// <summary>The parent's path, or null for a root.</summary>
    public static string? ParentPath(string path)
    {
        var trimmed = path[..^1];
        var cut = trimmed.LastIndexOf('/');
        return cut <= 0 ? null : trimmed[..(cut + 1)];
    }

    public static int RootId(string path) => Ids(path)[0];

    public static bool IsInSubtree(string path, string ancestorPath) =>
        path.StartsWith(ancestorPath, StringComparison.Ordinal);

    /// <summary>
    /// Exclusive upper bound of the subtree of <paramref name="path"/>: every path in it sorts
    /// in [path, bound) because paths hold only digits and '/', and '0' follows '/'.
    /// </summary>
    public static string SubtreeUpperBound(string path) => path[..^1] + "0";
}
