namespace DeviceConsole.Domain;

/// <summary>A rule refusal written for a person: what was refused, why, and the way out.</summary>
public class DomainException : Exception
{
    public DomainException(string message) : base(message) { }

    public DomainException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The rule that refused (e.g. "D4"), where the refusal came from a rule check; the API reports it.</summary>
    public string? Rule { get; init; }

    /// <summary>The role the refused action needs (A4: "Inviting needs Admin in Client A"), when the refusal is about a role.</summary>
    public Role? NeededRole { get; init; }

    /// <summary>Input that breaks a format rule (a name too long, a malformed serial or email), before any data was checked.</summary>
    public bool IsInvalidInput { get; init; }

    public static DomainException Invalid(string message) => new(message) { IsInvalidInput = true };
}

/// <summary>
/// Missing, malformed, or outside the actor's view: all three look the same (A4).
/// </summary>
public sealed class NotFoundException(string what = "organization, device, member or invitation")
    : DomainException($"That {what} was not found.");
