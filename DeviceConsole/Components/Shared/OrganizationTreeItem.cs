using MudBlazor;

namespace DeviceConsole.Components.Shared;

/// <summary>A node of an organization tree view, with a short detail shown at its end.</summary>
public sealed class OrganizationTreeItem : TreeItemData<int>
{
    public OrganizationTreeItem(int id, string text, string? detail) : base(id)
    {
        Text = text;
        Detail = detail;
        Expanded = true;
    }

    public string? Detail { get; }

    /// <summary>
    /// Builds the tree from a flat list in one pass; a node whose parent is not in the list is a
    /// top-level node (A5). The list's order is kept among siblings.
    /// </summary>
    public static IReadOnlyCollection<ITreeItemData<int>> Build<T>(IEnumerable<T> nodes, Func<T, int> id,
        Func<T, int?> parentId, Func<T, string> text, Func<T, string?> detail)
    {
        var list = nodes.ToList();
        var items = list.ToDictionary(id, n => new OrganizationTreeItem(id(n), text(n), detail(n)));
        var children = new Dictionary<int, List<ITreeItemData<int>>>();
        var roots = new List<ITreeItemData<int>>();
        foreach (var node in list)
        {
            var item = items[id(node)];
            if (parentId(node) is { } parent && items.ContainsKey(parent))
            {
                if (!children.TryGetValue(parent, out var siblings))
                    children[parent] = siblings = [];
                siblings.Add(item);
            }
            else
            {
                roots.Add(item);
            }
        }
        foreach (var (parent, siblings) in children)
            items[parent].Children = siblings;
        return roots;
    }
}
