using System.Globalization;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// RFC 4180 CSV of audit rows: CRLF line ends, fields with a comma, quote or line break quoted
/// and inner quotes doubled. Cells that a spreadsheet would run as a formula are neutralised.
/// </summary>
public static class AuditCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["Time (UTC)", "Actor", "Action", "Target type", "Target ID", "Target", "Organizations", "Summary", "Before", "After"];

    public static Task WriteHeaderAsync(TextWriter writer) => WriteRecordAsync(writer, Header);

    public static Task WriteRowAsync(TextWriter writer, AuditExportRow row) => WriteRecordAsync(writer,
    [
        row.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        row.Actor, row.Action, row.TargetType, row.TargetId, row.Target, row.Where, row.Summary, row.Before ?? "", row.After ?? "",
    ]);

    public static async Task WriteRecordAsync(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) await writer.WriteAsync(',');
            await writer.WriteAsync(Cell(fields[i]));
        }
        await writer.WriteAsync("\r\n");
    }

    /// <summary>
    /// One field: a leading =, +, -, @, tab, carriage return or NUL gets a leading apostrophe (the
    /// OWASP advice against formula injection; some spreadsheets skip a leading NUL and then read
    /// the formula behind it), then RFC 4180 quoting where needed.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\0')
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }
}
