namespace DeviceConsole.Services.Common;

/// <summary>Counting and listing in refusal messages, so long lists stay readable.</summary>
internal static class MessageText
{
    private const int ListedInMessage = 10;

    /// <summary>Shown in place of the email of an inviter whose account was deleted since.</summary>
    public const string DeletedAccount = "an account that no longer exists";

    public static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    public static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        var shown = string.Join(", ", all.Take(ListedInMessage));
        return all.Count > ListedInMessage ? $"{shown} and {all.Count - ListedInMessage} more" : shown;
    }
}
