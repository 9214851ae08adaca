using EdgeFace.TestSupport;

namespace EdgeFace.Inference.Tests;

/// <summary>A fact that reads a fixture under tests/fixtures/ which the training side writes; skipped until it exists.</summary>
public sealed class RequiresFixtureFactAttribute : FactAttribute
{
    public RequiresFixtureFactAttribute(string name)
    {
        if (!File.Exists(Fixtures.PathOf(name))) Skip = $"tests/fixtures/{name} is not there yet (written by training/make_fixtures.py)";
    }
}

/// <summary>
/// A fact that runs a teacher model on real faces: needs ../shared, the ONNX Runtime library and ffmpeg (to decode the
/// JPEG test images independently of the code under test). Skipped with the reason otherwise.
/// </summary>
public sealed class RequiresTeacherFactAttribute : FactAttribute
{
    public RequiresTeacherFactAttribute(params string[] teachers)
    {
        Skip = teachers.Select(t => SkipReasons.SharedMissing(Path.Combine("teachers", t))).FirstOrDefault(r => r is not null)
            ?? SkipReasons.OnnxRuntimeMissing()
            ?? SkipReasons.CommandMissing("ffmpeg", "ffprobe");
    }
}

public static class Fixtures
{
    public static string PathOf(string name) => RepoPaths.Path("tests", "fixtures", name);
}
