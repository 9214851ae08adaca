namespace EdgeFace.Gpio;

/// <summary>A GPIO operation failed; the message names the chip/line and the kernel's reason.</summary>
public sealed class GpioException : Exception
{
    public int Errno { get; }

    public GpioException(string message, int errno = 0) : base(message) => Errno = errno;
}
