using EdgeFace.Configuration;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Core.Hosting;
using EdgeFace.Inference;

namespace EdgeFace.Pipeline;

/// <summary>Loads the configured detector and landmark model (manifests inside the models folder).</summary>
public static class ModelSet
{
    public static string ModelsDirectory(EdgeFaceConfig config) => config.Models.Directory ?? EdgeFacePaths.ModelsDirectory;

    public static InferenceOptions Options(InferenceSettings s) => new()
    {
        IntraOpThreads = s.IntraOpThreads,
        InterOpThreads = 1,
        Providers = s.Providers,
        GraphOptimization = s.GraphOptimization,
        X64QuantPrecision = s.X64QuantPrecision,
    };

    /// <summary>Resolves a manifest given on the command line: a path as is, or a bare name inside the models folder.</summary>
    public static string ResolveManifest(string nameOrPath, EdgeFaceConfig config) =>
        File.Exists(nameOrPath) || nameOrPath.Contains('/') ? nameOrPath : Path.Combine(ModelsDirectory(config), nameOrPath);

    public static FrameProcessor Load(EdgeFaceConfig config, string? detectorOverride = null, string? landmarkerOverride = null)
    {
        var options = Options(config.Inference);
        string detectorPath = ResolveManifest(detectorOverride ?? config.Models.Detector, config);
        var detector = ModelLoader.LoadDetector(detectorPath, options);
        ILandmarker? landmarker = null;
        string landmarkerName = landmarkerOverride ?? config.Models.Landmarker;
        if (!string.IsNullOrEmpty(landmarkerName) && config.Detection.Landmarks)
        {
            try { landmarker = ModelLoader.LoadLandmarker(ResolveManifest(landmarkerName, config), options); }
            catch { detector.Dispose(); throw; }
        }
        Log.Info("models", $"detector {detector.Manifest.Name} {detector.Manifest.Version}" +
            (landmarker is null ? ", no landmark model" : $", landmarks {landmarker.Manifest.Name} {landmarker.Manifest.Version} ({landmarker.PointCount} points)"));
        return new FrameProcessor(detector, landmarker, config.Detection);
    }
}
