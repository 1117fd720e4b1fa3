namespace NodeManager.Core.Health;

/// <summary>Types of the conditions the server sets itself.</summary>
public static class ServerConditions
{
    public const string HeartbeatMissed = "HeartbeatMissed";
    public const string ProbeFailed = "ProbeFailed";
    public const string HeartbeatPathDegraded = "HeartbeatPathDegraded";
    public const string AddressDrift = "AddressDrift";
}
