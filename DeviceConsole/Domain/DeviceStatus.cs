namespace DeviceConsole.Domain;

public enum DeviceStatus
{
    Online = 1,
    Offline = 2,
    Maintenance = 3,
    Decommissioned = 4,
}
