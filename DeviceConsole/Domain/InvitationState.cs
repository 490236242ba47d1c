namespace DeviceConsole.Domain;

public enum InvitationState
{
    Pending = 1,
    Accepted = 2,
    Declined = 3,
    Revoked = 4,
    Expired = 5,
}
