using NodeManager.Core.Nodes;

namespace NodeManager.Core.Tests.Nodes;

public sealed class NodeIdTests
{
    [Theory]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa6")]
    [InlineData("3FA85F64-5717-4562-B3FC-2C963F66AFA6")]
    [InlineData("3Fa85F64-5717-4562-b3FC-2c963f66AFA6")]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    public void TryParse_HyphenatedUuid_ReturnsId(string text)
    {
        Assert.True(NodeId.TryParse(text, out var id));
        Assert.Equal(Guid.Parse(text), id);
        Assert.Equal(text.ToLowerInvariant(), id.ToString("D"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("{3fa85f64-5717-4562-b3fc-2c963f66afa6}")]
    [InlineData("(3fa85f64-5717-4562-b3fc-2c963f66afa6)")]
    [InlineData("3fa85f6457174562b3fc2c963f66afa6")]
    [InlineData(" 3fa85f64-5717-4562-b3fc-2c963f66afa6")]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa6 ")]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa")]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa67")]
    [InlineData("3fa85f64-5717-4562-b3fc_2c963f66afa6")]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afag")]
    [InlineData("{0x3fa85f64,0x5717,0x4562,{0xb3,0xfc,0x2c,0x96,0x3f,0x66,0xaf,0xa6}}")]
    [InlineData("node-1")]
    public void TryParse_NotHyphenatedUuid_ReturnsFalse(string? text)
    {
        Assert.False(NodeId.TryParse(text, out var id));
        Assert.Equal(Guid.Empty, id);
    }
}
