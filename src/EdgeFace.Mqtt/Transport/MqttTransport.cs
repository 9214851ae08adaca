using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Security.Authentication;

namespace EdgeFace.Mqtt.Transport;

/// <summary>Opens the byte stream under MQTT: plain TCP, or TLS over TCP via <see cref="SslStream"/>.</summary>
public static class MqttTransport
{
    public static async Task<Stream> ConnectAsync(MqttTransportOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.EffectivePort, timeout.Token).ConfigureAwait(false);
            var network = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is null) return network;
            try
            {
                return await AuthenticateAsync(network, options, timeout.Token).ConfigureAwait(false);
            }
            catch
            {
                await network.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connecting to {options.Host}:{options.EffectivePort} took longer than {options.ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<Stream> AuthenticateAsync(Stream network, MqttTransportOptions options, CancellationToken ct)
    {
        var tls = options.Tls!;
        string serverName = tls.ServerName ?? options.Host;
        X509Certificate2Collection? roots = null;
        if (tls.CaFile is { } ca)
        {
            roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(ca);
            if (roots.Count == 0) throw new AuthenticationException($"no certificate found in CA file {ca}");
        }
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        var auth = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (roots is not null)
        {
            // Trust exactly the configured CA(s), not the system store: a private broker CA must not need root
            // rights to install, and a public CA must not be able to vouch for a private broker.
            auth.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            auth.CertificateChainPolicy.CustomTrustStore.AddRange(roots);
        }
        if (tls.CertFile is { } certFile)
        {
            var cert = X509Certificate2.CreateFromPemFile(certFile, tls.KeyFile);
            auth.ClientCertificates = new X509CertificateCollection { cert };
        }
        await ssl.AuthenticateAsClientAsync(auth, ct).ConfigureAwait(false);
        return ssl;
    }
}
