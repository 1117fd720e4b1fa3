namespace NodeManager.Core.Errors;

/// <summary>One problem with one input field; <see cref="Field"/> is the proto field path.</summary>
public sealed record FieldViolation(string Field, string Description);
