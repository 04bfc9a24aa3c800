using Cruddur.ServiceDefaults.XRay;

namespace Cruddur.Tests.ServiceDefaults.XRay;

public sealed class XRayDaemonAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:3000", "127.0.0.1:3000", "127.0.0.1:3000")]
    [InlineData("xray-daemon:2000", "xray-daemon:2000", "xray-daemon:2000")]
    [InlineData("tcp:127.0.0.1:2001 udp:127.0.0.2:2002", "127.0.0.2:2002", "127.0.0.1:2001")]
    [InlineData("udp:127.0.0.2:2002 tcp:127.0.0.1:2001", "127.0.0.2:2002", "127.0.0.1:2001")]
    [InlineData(" udp:a:1   tcp:b:2 ", "a:1", "b:2")]
    public void Parse_ValidForms_ReadsBothEndpoints(string value, string udp, string tcp)
    {
        Assert.True(XRayDaemonAddress.TryParse(value, out var address));

        Assert.Equal(udp, address.Udp.ToString());
        Assert.Equal(tcp, address.Tcp.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("127.0.0.1:20x0")]
    [InlineData("udp:127.0.0.1:2000")]
    [InlineData("udp:127.0.0.1:2000 udp:127.0.0.1:2001")]
    [InlineData("tcp:127.0.0.1:2000 http:127.0.0.1:2001")]
    [InlineData("a:1 b:2 c:3")]
    public void Parse_InvalidValue_FallsBackToDefault(string? value)
    {
        Assert.False(XRayDaemonAddress.TryParse(value, out _));

        var address = XRayDaemonAddress.Parse(value);

        Assert.Equal("127.0.0.1:2000", address.Udp.ToString());
        Assert.Equal("127.0.0.1:2000", address.Tcp.ToString());
    }
}
