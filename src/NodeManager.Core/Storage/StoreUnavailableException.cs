namespace NodeManager.Core.Storage;

/// <summary>The store could not be reached or did not answer in time; the operation may be retried.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
