using EdgeFace.TestSupport;

namespace EdgeFace.Onnx.Tests;

public class OrtEnvironmentTests
{
    [RequiresOnnxRuntimeFact]
    public void Reports_version_build_and_providers_of_the_loaded_library()
    {
        var env = OrtEnvironment.Instance;
        Assert.Equal("1.30.0", env.Version);
        Assert.Contains("ORT", env.BuildInfo, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CPUExecutionProvider", env.GetAvailableProviders());
        Assert.Same(env, OrtEnvironment.Instance);
    }
}
