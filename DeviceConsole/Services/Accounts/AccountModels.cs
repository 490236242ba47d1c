using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Accounts;

/// <summary>What a registration form submitted: an organization name (S2) or an invitation link (M3).</summary>
public sealed record RegistrationRequest(string? Email, string? Password, string? OrganizationName, string? InvitationToken);

/// <summary>The visitor sees the same page for both (M3); tests and logs tell them apart.</summary>
public enum RegistrationOutcome { AccountCreated, ExistingAccountNotified }

/// <summary>The organization a session opens on, plus a notice when the stored one fell out of view (S3).</summary>
public sealed record ActiveOrganization(OrganizationRef Organization, Domain.Role Role, string? Notice);
