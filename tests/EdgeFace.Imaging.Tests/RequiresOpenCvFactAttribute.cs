using EdgeFace.TestSupport;

namespace EdgeFace.Imaging.Tests;

/// <summary>A fact that needs Debian's python3 with python3-opencv (the training side's reference for resampling).</summary>
public sealed class RequiresOpenCvFactAttribute : FactAttribute
{
    public RequiresOpenCvFactAttribute() => Skip = SkipReasons.PythonMissing("import cv2, numpy", "python3-opencv");
}
