using System.Drawing;

namespace EdgeFace.Imaging;

/// <summary>
/// How frame pixels map into the tensor: tensor_x = frame_x * ScaleX (letterbox content at top-left,
/// ContentWidth x ContentHeight). For a stretch resize the content fills the whole tensor.
/// </summary>
public readonly record struct LetterboxMap(float ScaleX, float ScaleY, int ContentWidth, int ContentHeight)
{
    /// <summary>Maps a point in tensor pixels back to frame pixels.</summary>
    public PointF ToFrame(float tensorX, float tensorY) => new(tensorX / ScaleX, tensorY / ScaleY);

    /// <summary>Maps a point in frame pixels into tensor pixels.</summary>
    public PointF ToTensor(float frameX, float frameY) => new(frameX * ScaleX, frameY * ScaleY);

    /// <summary>
    /// The mapping docs/model-format.md prescribes: letterbox scales by s = min(W/w, H/h) and rounds the content
    /// size (half to even, like Python's round() in training/edgeface_train/geometry.py); stretch fills W x H.
    /// </summary>
    public static LetterboxMap For(int frameWidth, int frameHeight, int tensorWidth, int tensorHeight, bool letterbox)
    {
        if (frameWidth <= 0 || frameHeight <= 0 || tensorWidth <= 0 || tensorHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(frameWidth), $"sizes must be positive (frame {frameWidth}x{frameHeight}, tensor {tensorWidth}x{tensorHeight})");
        int cw = tensorWidth, ch = tensorHeight;
        if (letterbox)
        {
            double s = Math.Min((double)tensorWidth / frameWidth, (double)tensorHeight / frameHeight);
            cw = Math.Clamp((int)Math.Round(frameWidth * s), 1, tensorWidth);
            ch = Math.Clamp((int)Math.Round(frameHeight * s), 1, tensorHeight);
        }
        return new LetterboxMap((float)cw / frameWidth, (float)ch / frameHeight, cw, ch);
    }
}
