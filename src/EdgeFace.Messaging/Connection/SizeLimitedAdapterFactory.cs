using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace EdgeFace.Messaging.Connection;

/// <summary>
/// MQTTnet's TCP/TLS channel adapter, as its default factory builds it, with <see cref="SizeLimitedChannel"/>
/// wrapped around the channel. MQTTnet asks for a new adapter on every connect.
/// </summary>
public sealed class SizeLimitedAdapterFactory(IncomingLimits limits) : IMqttClientAdapterFactory
{
    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        if (options.ChannelOptions is not MqttClientTcpOptions) throw new NotSupportedException("EdgeFace connects over TCP or TLS only");
        var channel = new SizeLimitedChannel(new MqttTcpChannel(options), limits, options.ProtocolVersion == MqttProtocolVersion.V500);
        var formatter = new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
        return new MqttChannelAdapter(channel, formatter, logger)
        {
            AllowPacketFragmentation = options.AllowPacketFragmentation,
            PacketInspector = packetInspector,
        };
    }
}
