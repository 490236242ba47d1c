using System.Globalization;
using System.Text;
using DeviceConsole.Domain;
using DeviceConsole.Services.Audit;

namespace DeviceConsole.Hosting;

/// <summary>
/// A CSV file streamed row by row as the database returns them (the audit log's and the device
/// list's exports, in the console and in the API): UTF-8 with a byte order mark so spreadsheets
/// read names right, flushed every few hundred rows so the download starts at once and memory stays
/// flat, and never kept by a shared or browser cache. Cells go through <see cref="AuditCsv"/>.
/// </summary>
public static class CsvDownload
{
    public const string ContentType = "text/csv; charset=utf-8";
    private const int FlushEvery = 500;

    /// <summary>
    /// For the console's export links: the first row is read before anything is sent, because that
    /// step runs the service's checks, so a refusal is answered as plain text (404 for "not found",
    /// <paramref name="refusedStatus"/> otherwise) instead of as a broken file.
    /// </summary>
    public static async Task SendAsync<T>(HttpContext context, IAsyncEnumerable<T> rows, string name,
        IReadOnlyList<string> header, Func<TextWriter, T, Task> writeRow, int refusedStatus)
    {
        context.Response.Headers.CacheControl = "no-store";
        var ct = context.RequestAborted;
        await using var enumerator = rows.GetAsyncEnumerator(ct);
        bool hasRow;
        try
        {
            hasRow = await enumerator.MoveNextAsync();
        }
        catch (NotFoundException e)
        {
            await PlainAsync(context, StatusCodes.Status404NotFound, e.Message);
            return;
        }
        catch (DomainException e)
        {
            await PlainAsync(context, refusedStatus, e.Message);
            return;
        }

        context.Response.ContentType = ContentType;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(name)}\"";
        await WriteAsync(context.Response.Body, header, enumerator, hasRow, writeRow, ct);
    }

    /// <summary>Writes the header and every row, starting with the one already read when <paramref name="hasRow"/> is true.</summary>
    public static async Task WriteAsync<T>(Stream body, IReadOnlyList<string> header, IAsyncEnumerator<T> rows, bool hasRow,
        Func<TextWriter, T, Task> writeRow, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024);
        await AuditCsv.WriteRecordAsync(writer, header);
        var written = 0;
        while (hasRow)
        {
            await writeRow(writer, rows.Current);
            if (++written % FlushEvery == 0)
                await writer.FlushAsync(ct);
            hasRow = await rows.MoveNextAsync();
        }
        await writer.FlushAsync(ct);
    }

    /// <summary>"audit-20261201-2040.csv": what it holds and when it was taken (UTC).</summary>
    public static string FileName(string name) =>
        $"{name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}.csv";

    public static async Task PlainAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted);
    }
}
