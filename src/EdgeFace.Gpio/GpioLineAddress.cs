namespace EdgeFace.Gpio;

/// <summary>
/// Where a line is: a chip (path, name, number or label; null = search all chips by name, else gpiochip0) and either
/// an offset or a line name as <c>gpioinfo</c> shows it. <see cref="Name"/> is EdgeFace's own name for logs.
/// </summary>
public sealed record GpioLineAddress(string Name, string? Chip, int? Offset, string? LineName)
{
    public override string ToString() =>
        $"'{Name}' ({(LineName is not null ? $"line \"{LineName}\"" : $"offset {Offset}")}{(Chip is not null ? $" on {Chip}" : "")})";
}
