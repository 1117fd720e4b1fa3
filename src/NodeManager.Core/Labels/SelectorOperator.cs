namespace NodeManager.Core.Labels;

public enum SelectorOperator
{
    Exists,
    DoesNotExist,
    Equals,
    NotEquals,
    In,
    NotIn,
}
