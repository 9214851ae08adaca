namespace EdgeFace.Insights;

/// <summary>
/// A face's own open-eye aspect ratio, learnt while the eyes are open. It rises quickly and sinks slowly, so it follows
/// the open level rather than the average (half-closed frames pull it down little), and a track that starts with its
/// eyes shut catches up within a few frames once they open.
/// </summary>
public struct OpenEyeLevel
{
    private const float Rise = 0.3f, Sink = 0.03f;

    public float Value { get; private set; }
    public int Samples { get; private set; }

    public void Add(float ratio)
    {
        Value = Samples == 0 ? ratio : Value + (ratio > Value ? Rise : Sink) * (ratio - Value);
        Samples++;
    }

    /// <summary><paramref name="ratio"/> as a fraction of the open level (1 = as open as usual), clamped to 0–2.</summary>
    public readonly float Normalise(float ratio) => Value > 0 ? Math.Clamp(ratio / Value, 0f, 2f) : 1f;
}
