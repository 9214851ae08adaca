namespace EdgeFace.Inference;

/// <summary>A model could not be loaded: the message names the file and every problem found.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner)
    {
        FilePath = file;
        Problem = problem;
    }

    /// <summary>The manifest or ONNX file at fault.</summary>
    public string FilePath { get; }

    public string Problem { get; }
}
