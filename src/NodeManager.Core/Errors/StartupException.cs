namespace NodeManager.Core.Errors;

/// <summary>The server cannot start as configured; the message says why and how to fix it.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
