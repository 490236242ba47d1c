namespace DeviceConsole.Domain;

/// <summary>A rule refusal written for a person: what was refused, why, and the way out.</summary>
public class DomainException : Exception
{
    public DomainException(string message) : base(message) { }

    public DomainException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Missing, malformed, or outside the actor's view: all three look the same (A4).
/// </summary>
public sealed class NotFoundException(string what = "organization, device, member or invitation")
    : DomainException($"That {what} was not found.");
