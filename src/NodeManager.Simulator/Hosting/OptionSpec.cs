namespace NodeManager.Simulator.Hosting;

/// <summary>One command-line option: its name, value placeholder (empty for a flag), help, and how it applies.</summary>
public sealed record OptionSpec(string Name, string Value, string Help, Action<SimulatorOptions, string> Apply);
