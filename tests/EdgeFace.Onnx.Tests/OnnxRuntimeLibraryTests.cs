using EdgeFace.Core.Hosting;
using EdgeFace.TestSupport;

namespace EdgeFace.Onnx.Tests;

public class OnnxRuntimeLibraryTests
{
    [RequiresOnnxRuntimeFact]
    public void The_packaged_library_for_this_rid_is_the_one_loaded()
    {
        Assert.Equal(EdgeFacePaths.OrtVersion, OnnxRuntimeLibrary.Version);
        Assert.Contains("CPUExecutionProvider", OnnxRuntimeLibrary.AvailableProviders);
        string? loaded = OnnxRuntimeLibrary.LoadedPath;
        Console.WriteLine($"loaded: {loaded}");
        Assert.NotNull(loaded);
        if (OnnxRuntimeLibrary.OverridePath is null)
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, "runtimes", EdgeFacePaths.NativeRid, "native", "libonnxruntime.so"), loaded);
        else
            Assert.Equal(Path.GetFullPath(OnnxRuntimeLibrary.OverridePath), loaded);
    }
}
