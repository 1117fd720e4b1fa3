namespace NodeManager.Core.Nodes;

/// <summary>Kind of an attached device; numeric values match the wire enum.</summary>
public enum DeviceKind
{
    Unspecified = 0,
    Fpga = 1,
    Gpu = 2,
    SmartNic = 3,
    Other = 4,
}
