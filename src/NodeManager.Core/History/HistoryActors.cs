namespace NodeManager.Core.History;

/// <summary>The actors that name no caller: the server itself, and a caller that did not authenticate.</summary>
public static class HistoryActors
{
    /// <summary>A change the server made on its own: health transitions it decided (heartbeats of unauthenticated agents, probes, sweeps).</summary>
    public const string System = "system";

    /// <summary>A caller that did not authenticate (the open mode).</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The actor of health transition i: the one given, else <see cref="System"/>.</summary>
    public static string OfHealth(IReadOnlyList<string> actors, int i) => i < actors.Count && actors[i].Length > 0 ? actors[i] : System;
}
