using DeviceConsole.Domain;

namespace DeviceConsole.Services.Access;

/// <summary>
/// An account with an effective role in an organization, and so a possible device owner there
/// (D1): offered by device creation, transfers (D4) and moves that need a new owner (O3).
/// </summary>
public sealed record OwnerCandidate(string AccountId, string Email, Role Role);
