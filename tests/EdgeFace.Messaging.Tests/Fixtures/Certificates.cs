namespace EdgeFace.Messaging.Tests.Fixtures;

/// <summary>A throw-away CA, a broker certificate for "localhost" and a client certificate, made with openssl.</summary>
public sealed record Certificates(string CaCert, string ServerCert, string ServerKey, string ClientCert, string ClientKey)
{
    public static async Task<Certificates> CreateAsync(string dir)
    {
        string P(string n) => Path.Combine(dir, n);
        async Task Ssl(params string[] args) => await Tool.RunAsync("openssl", args);
        await Ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=EdgeFace Test CA",
            "-keyout", P("ca.key"), "-out", P("ca.crt"), "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        foreach (var (name, ext) in new[] { ("server", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth"), ("client", "extendedKeyUsage=clientAuth") })
        {
            await Ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", $"/CN={(name == "server" ? "localhost" : "edgeface-client")}",
                "-keyout", P(name + ".key"), "-out", P(name + ".csr"));
            File.WriteAllText(P(name + ".ext"), ext + "\n");
            await Ssl("x509", "-req", "-in", P(name + ".csr"), "-CA", P("ca.crt"), "-CAkey", P("ca.key"), "-CAcreateserial",
                "-days", "2", "-out", P(name + ".crt"), "-extfile", P(name + ".ext"));
        }
        return new Certificates(P("ca.crt"), P("server.crt"), P("server.key"), P("client.crt"), P("client.key"));
    }
}
