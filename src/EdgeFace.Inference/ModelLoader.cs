using System.Security.Cryptography;
using System.Text.Json;
using EdgeFace.Inference.Detectors;
using EdgeFace.Inference.Landmarks;
using EdgeFace.Inference.Manifest;
using EdgeFace.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeFace.Inference;

/// <summary>
/// Opens models from their manifests and checks the ONNX file against them (input name, element type and shape,
/// output names and shapes, optional SHA-256). Every failure is a <see cref="ModelLoadException"/> naming the file
/// and the mismatch.
/// </summary>
public static class ModelLoader
{
    /// <summary>Largest manifest read (a real one is about 1 kB; a remote config/set can name any *.json in the models folder).</summary>
    public const int MaxManifestBytes = 1 << 20;

    /// <summary>Reads and validates a manifest file.</summary>
    public static ModelManifest ReadManifest(string manifestPath)
    {
        if (!File.Exists(manifestPath)) throw new ModelLoadException(manifestPath, "manifest file not found");
        string json;
        try
        {
            long length = new FileInfo(manifestPath).Length;
            if (length > MaxManifestBytes) throw new ModelLoadException(manifestPath, $"manifest of {length} bytes exceeds the {MaxManifestBytes}-byte limit");
            json = File.ReadAllText(manifestPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(manifestPath, $"cannot read the manifest: {ex.Message}", ex);
        }
        var manifest = ParseManifest(json, manifestPath);
        manifest.ManifestPath = Path.GetFullPath(manifestPath);
        return manifest;
    }

    /// <summary>Parses and validates manifest JSON; <paramref name="source"/> names it in errors.</summary>
    public static ModelManifest ParseManifest(string json, string source)
    {
        ModelManifest? manifest;
        try { manifest = JsonSerializer.Deserialize(json, ManifestJsonContext.Default.ModelManifest); }
        catch (JsonException ex)
        {
            throw new ModelLoadException(source, $"invalid manifest JSON: {ex.Message}", ex);
        }
        if (manifest is null) throw new ModelLoadException(source, "the manifest is empty (null)");
        var issues = ManifestValidator.Validate(manifest);
        if (!issues.IsValid) throw new ModelLoadException(source, "invalid manifest: " + string.Join("; ", issues.Items));
        manifest.ManifestPath = source;
        return manifest;
    }

    /// <summary>Opens the manifest's ONNX file and checks it.</summary>
    public static LoadedModel Open(string manifestPath, InferenceOptions? options = null) => Open(ReadManifest(manifestPath), options);

    public static LoadedModel Open(ModelManifest manifest, InferenceOptions? options = null)
    {
        options ??= InferenceOptions.Default;
        var issues = ManifestValidator.Validate(manifest);
        string manifestName = manifest.ManifestPath ?? manifest.Name;
        if (!issues.IsValid) throw new ModelLoadException(manifestName, "invalid manifest: " + string.Join("; ", issues.Items));
        string modelPath = manifest.ModelPath;
        if (!File.Exists(modelPath)) throw new ModelLoadException(modelPath, $"ONNX file named by manifest {manifestName} not found");
        if (manifest.Sha256 is { } expected) CheckSha256(modelPath, expected);

        InferenceSession session;
        IReadOnlyList<string> providers;
        using (var sessionOptions = CreateSessionOptions(options, modelPath, out providers))
        {
            try { session = new InferenceSession(modelPath, sessionOptions); }
            catch (OnnxRuntimeException ex)
            {
                throw new ModelLoadException(modelPath, $"ONNX Runtime cannot load the model: {ex.Message}", ex);
            }
        }
        try
        {
            var shapes = ModelShapes.Expected(manifest);
            var inputs = TensorNode.Inputs(session);
            var outputs = TensorNode.Outputs(session);
            CheckAgainstManifest(manifest, inputs, outputs, shapes, modelPath);
            BoundRun run;
            try { run = new BoundRun(session, shapes); }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                throw new ModelLoadException(modelPath, ex.Message, ex);
            }
            return new LoadedModel(manifest, session, run, providers);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Loads a detector (decoder kpnet or yunet).</summary>
    public static IFaceDetector LoadDetector(string manifestPath, InferenceOptions? options = null) => LoadDetector(ReadManifest(manifestPath), options);

    public static IFaceDetector LoadDetector(ModelManifest manifest, InferenceOptions? options = null)
    {
        if (manifest.Decoder is not ("kpnet" or "yunet"))
            throw new ModelLoadException(manifest.ManifestPath ?? manifest.Name, $"decoder '{manifest.Decoder}' is not a face detector (kpnet, yunet)");
        var model = Open(manifest, options);
        return manifest.Decoder == "kpnet" ? new KpnetDetector(model) : new YunetDetector(model);
    }

    /// <summary>Loads a landmark model (decoder pfld).</summary>
    public static ILandmarker LoadLandmarker(string manifestPath, InferenceOptions? options = null) => LoadLandmarker(ReadManifest(manifestPath), options);

    public static ILandmarker LoadLandmarker(ModelManifest manifest, InferenceOptions? options = null)
    {
        if (manifest.Decoder != "pfld")
            throw new ModelLoadException(manifest.ManifestPath ?? manifest.Name, $"decoder '{manifest.Decoder}' is not a landmark model (pfld)");
        return new PfldLandmarker(Open(manifest, options));
    }

    private static SessionOptions CreateSessionOptions(InferenceOptions options, string modelPath, out IReadOnlyList<string> providers)
    {
        if (!GraphOptimizationLevels.TryParse(options.GraphOptimization, out var level))
            throw new ModelLoadException(modelPath, $"graph optimisation '{options.GraphOptimization}' is not one of disable, basic, extended, layout, all");
        var result = OnnxRuntimeLibrary.CreateSessionOptions();
        try
        {
            result.IntraOpNumThreads = options.IntraOpThreads;
            result.InterOpNumThreads = options.InterOpThreads;
            result.GraphOptimizationLevel = level;
            Inference.X64QuantPrecision.Apply(result, options.X64QuantPrecision);
            providers = ExecutionProviders.Append(result, options.Providers);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static void CheckSha256(string modelPath, string expected)
    {
        using var stream = File.OpenRead(modelPath);
        string actual = Convert.ToHexString(SHA256.HashData(stream));
        if (!actual.Equals(expected, StringComparison.OrdinalIgnoreCase))
            throw new ModelLoadException(modelPath, $"SHA-256 is {actual.ToLowerInvariant()}, the manifest expects {expected.ToLowerInvariant()} (file replaced or corrupt?)");
    }

    private static void CheckAgainstManifest(ModelManifest manifest, IReadOnlyList<TensorNode> inputs, IReadOnlyList<TensorNode> outputs,
        Dictionary<string, long[]> shapes, string modelPath)
    {
        var problems = new List<string>();
        var input = inputs.FirstOrDefault(n => n.Name == manifest.Input.Name);
        if (input is null)
            problems.Add($"has no input '{manifest.Input.Name}' (inputs: {string.Join(", ", inputs.Select(n => n.Name))})");
        else
        {
            string type = ElementTypeNames.Of(input.ElementType);
            if (type != manifest.Input.ElementType)
                problems.Add($"input '{input.Name}' is {type}, the manifest says {manifest.Input.ElementType}");
            if (!Fits(input.Shape, shapes[input.Name]))
                problems.Add($"input '{input.Name}' is {input.ShapeText}, the manifest implies {TensorNode.FormatShape(shapes[input.Name])} ({manifest.Input.Width}x{manifest.Input.Height})");
        }
        foreach (var (role, expected) in ModelShapes.Roles(manifest))
        {
            string name = manifest.OutputName(role);
            var output = outputs.FirstOrDefault(n => n.Name == name);
            if (output is null)
            {
                problems.Add($"has no output '{name}' for role '{role}' (outputs: {string.Join(", ", outputs.Select(n => n.Name))})");
                continue;
            }
            if (output.ElementType != TensorElementType.Float)
                problems.Add($"output '{name}' is {ElementTypeNames.Of(output.ElementType)}, the decoder needs float32");
            if (!Fits(output.Shape, expected))
                problems.Add($"output '{name}' ({role}) is {output.ShapeText}, the manifest implies {TensorNode.FormatShape(expected)}");
        }
        foreach (var output in outputs)
            if (!shapes.ContainsKey(output.Name) && !output.HasFixedShape)
                problems.Add($"output '{output.Name}' plays no role and has free dimensions {output.ShapeText}");
        if (problems.Count > 0)
            throw new ModelLoadException(modelPath, $"does not match manifest {manifest.ManifestPath ?? manifest.Name}: " + string.Join("; ", problems));
    }

    private static bool Fits(long[] declared, long[] expected)
    {
        if (declared.Length != expected.Length) return false;
        for (int i = 0; i < declared.Length; i++)
            if (declared[i] >= 0 && declared[i] != expected[i]) return false;
        return true;
    }
}
