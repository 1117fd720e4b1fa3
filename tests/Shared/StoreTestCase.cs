using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace NodeManager.Testing;

/// <summary>
/// A fact whose skip reason is decided when it is run, not written in the source: tests of a
/// <see cref="RequiresPostgresAttribute"/> class skip when PostgreSQL is not configured (never on CI).
/// </summary>
public sealed class StoreTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, object[]? testMethodArguments = null)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
    }

    protected override string? GetSkipReason(IAttributeInfo factAttribute) =>
        base.GetSkipReason(factAttribute) ?? (RequiresPostgres(TestMethod.TestClass.Class) ? PostgresTestEnvironment.SkipReason : null);

    private static bool RequiresPostgres(ITypeInfo testClass) =>
        testClass.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any()
        || testClass.ToRuntimeType()?.IsDefined(typeof(RequiresPostgresAttribute), inherit: true) == true;
}
