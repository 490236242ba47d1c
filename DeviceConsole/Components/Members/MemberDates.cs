namespace DeviceConsole.Components.Members;

/// <summary>
/// M8 end dates as people write them: "until 2027-01-31" keeps the role through that day (UTC),
/// so the stored moment is the start of the next day.
/// </summary>
public static class MemberDates
{
    public static DateTime EndOf(DateTime lastDay) => DateTime.SpecifyKind(lastDay.Date.AddDays(1), DateTimeKind.Utc);

    public static DateTime LastDay(DateTime endsAtUtc) => endsAtUtc.AddTicks(-1).Date;

    public static string Until(DateTime endsAtUtc) => LastDay(endsAtUtc).ToString("yyyy-MM-dd");
}
