namespace EdgeFace.Insights;

/// <summary>Exponential moving average of one measurement; the first sample is taken as it is.</summary>
public struct ExponentialSmoother
{
    public float Value { get; private set; }
    public bool HasValue { get; private set; }

    public float Add(float sample, float alpha)
    {
        Value = HasValue ? Value + alpha * (sample - Value) : sample;
        HasValue = true;
        return Value;
    }
}
