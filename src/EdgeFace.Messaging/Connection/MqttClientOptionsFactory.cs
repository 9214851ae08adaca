using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeFace.Messaging.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeFace.Messaging.Connection;

/// <summary>Maps EdgeFace's <see cref="MqttOptions"/> to MQTTnet's client options: broker, TLS, credentials, Last Will, limits.</summary>
public static class MqttClientOptionsFactory
{
    public static MqttClientOptions Create(MqttOptions o, string deviceId, EdgeFaceTopics topics, IncomingLimits limits)
    {
        var url = MqttUrl.Parse(o.Url);
        bool v5 = o.Protocol == "5";
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(url.Host, url.Port)
            .WithClientId(o.ClientId.Length > 0 ? o.ClientId : $"edgeface-{deviceId}")
            .WithProtocolVersion(v5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(o.KeepAliveS))
            // CONNACK, SUBACK and the answer to a ping: a broker that takes longer counts as gone.
            .WithTimeout(TimeSpan.FromSeconds(Math.Clamp(o.KeepAliveS / 2, 5, 30)))
            // The outbox, not the broker session, makes events durable; a clean session also keeps stale requests
            // queued while the device was offline from firing on reconnect.
            .WithCleanSession(true)
            .WithWillTopic(topics.Status)
            .WithWillPayload("offline"u8.ToArray())
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true);
        // MQTT 5: the broker must not send this client anything larger (3.1.1 has no such field: SizeLimitedChannel enforces it).
        if (v5) builder.WithMaximumPacketSize((uint)limits.MaximumPacketBytes);
        string? user = NullIfEmpty(o.Username) ?? url.Username;
        string? password = NullIfEmpty(o.Password) ?? url.Password;
        if (user is not null) builder.WithCredentials(user, password);
        if (o.Tls.IsOn(url)) builder.WithTlsOptions(Tls(o.Tls, url));
        return builder.Build();
    }

    private static MqttClientTlsOptions Tls(MqttTlsSettings t, MqttUrl url)
    {
        var tls = new MqttClientTlsOptions
        {
            UseTls = true,
            TargetHost = NullIfEmpty(t.ServerName) ?? url.Host,
            SslProtocol = SslProtocols.Tls12 | SslProtocols.Tls13,
            // Private broker CAs publish no revocation lists; a chain or name error still fails the handshake.
            IgnoreCertificateRevocationErrors = true,
        };
        if (NullIfEmpty(t.CaFile) is { } ca)
        {
            // Trust exactly the configured CA(s), not the system store: a private broker CA must not need root rights
            // to install, and a public CA must not be able to vouch for a private broker. MQTTnet turns a non-empty
            // trust chain into CustomRootTrust.
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(ca);
            if (roots.Count == 0) throw new AuthenticationException($"no certificate found in CA file {ca}");
            tls.TrustChain = roots;
        }
        if (NullIfEmpty(t.CertFile) is { } certFile)
        {
            var cert = X509Certificate2.CreateFromPemFile(certFile, NullIfEmpty(t.KeyFile));
            tls.ClientCertificatesProvider = new DefaultMqttCertificatesProvider(new X509Certificate2Collection { cert });
        }
        return tls;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
