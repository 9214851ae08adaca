using EdgeFace.Messaging.Options;
using EdgeFace.Mqtt;
using EdgeFace.Mqtt.Client;
using EdgeFace.Mqtt.Transport;

namespace EdgeFace.Messaging;

/// <summary>Maps EdgeFace's <see cref="MqttOptions"/> to the protocol client's options.</summary>
public static class MqttClientOptionsFactory
{
    public static MqttClientOptions Create(MqttOptions o, string deviceId, EdgeFaceTopics topics)
    {
        var url = MqttUrl.Parse(o.Url);
        bool tls = url.Tls || !string.IsNullOrEmpty(o.Tls.CaFile);
        return new MqttClientOptions
        {
            Transport = new MqttTransportOptions
            {
                Host = url.Host,
                Port = url.Port,
                Tls = tls ? new MqttTlsOptions
                {
                    CaFile = NullIfEmpty(o.Tls.CaFile), CertFile = NullIfEmpty(o.Tls.CertFile), KeyFile = NullIfEmpty(o.Tls.KeyFile),
                    ServerName = NullIfEmpty(o.Tls.ServerName),
                } : null,
            },
            ClientId = o.ClientId.Length > 0 ? o.ClientId : $"edgeface-{deviceId}",
            ProtocolVersion = o.Protocol == "5" ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311,
            KeepAlive = TimeSpan.FromSeconds(o.KeepAliveS),
            Username = NullIfEmpty(o.Username) ?? url.Username,
            Password = NullIfEmpty(o.Password) ?? url.Password,
            // The outbox, not the broker session, makes events durable; a clean session also keeps stale requests
            // queued while the device was offline from firing on reconnect.
            CleanSession = true,
            Will = MqttApplicationMessage.Create(topics.Status, "offline", MqttQualityOfService.AtLeastOnce, retain: true),
        };
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
