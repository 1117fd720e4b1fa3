namespace NodeManager.Agent.Registration;

/// <summary>The host cannot be registered as it is (no primary interface, no IP); retried with backoff.</summary>
public sealed class AgentRegistrationException(string message) : Exception(message);
