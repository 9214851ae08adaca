namespace EdgeFace.Onnx;

/// <summary>An ONNX Runtime call failed; <see cref="ErrorCode"/> and the message are ORT's own.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode errorCode, string message)
        : base($"[ONNX Runtime {errorCode}] {message}")
    {
        ErrorCode = errorCode;
        OrtMessage = message;
    }

    public OnnxRuntimeException(OrtErrorCode errorCode, string message, Exception inner)
        : base($"[ONNX Runtime {errorCode}] {message}", inner)
    {
        ErrorCode = errorCode;
        OrtMessage = message;
    }

    public OrtErrorCode ErrorCode { get; }

    /// <summary>ORT's message without the prefix this class adds.</summary>
    public string OrtMessage { get; }
}
