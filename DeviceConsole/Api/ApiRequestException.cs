namespace DeviceConsole.Api;

/// <summary>A request the API cannot read (malformed JSON, an unknown field, a tampered cursor): answered with its status, nothing done.</summary>
public sealed class ApiRequestException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static ApiRequestException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
