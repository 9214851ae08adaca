using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace EdgeFace.SelfTest;

/// <summary>
/// A small xunit-compatible runner for one process: every [Fact] and every [Theory] row (InlineData, MemberData,
/// ClassData) of a class, a fresh instance per case as xunit makes it, class fixtures, ITestOutputHelper,
/// IDisposable / IAsyncLifetime, and the attribute's Skip (the project's Requires… attributes set it when a tool or
/// file is missing). Cases run one after another, which the process-wide allocation checks need anyway.
/// </summary>
public sealed class TestClassRunner(TextWriter log)
{
    public readonly record struct Counts(int Passed, int Failed, int Skipped);

    private int _passed, _failed, _skipped;

    public Counts Totals => new(_passed, _failed, _skipped);

    /// <summary>Counts a check made outside a test class; <paramref name="failure"/> null means it passed.</summary>
    public void Record(string name, string? failure)
    {
        if (failure is null) { _passed++; log.WriteLine($"  pass {name}"); }
        else { _failed++; log.WriteLine($"  FAIL {name}: {failure}"); }
    }

    public async Task RunClassAsync(Type type)
    {
        var clock = Stopwatch.StartNew();
        int passed = _passed, failed = _failed, skipped = _skipped;
        var fixtures = new Dictionary<Type, object>();
        try
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                         .Where(m => m.GetCustomAttribute<FactAttribute>() is not null).OrderBy(m => m.MetadataToken))
            {
                var fact = method.GetCustomAttribute<FactAttribute>()!;
                string name = $"{type.Name}.{method.Name}";
                if (fact.Skip is { } reason) { _skipped++; log.WriteLine($"  skip {name}: {reason}"); continue; }
                if (fact is TheoryAttribute)
                {
                    foreach (var data in method.GetCustomAttributes<DataAttribute>())
                        foreach (var row in data.GetData(method))
                            await RunCaseAsync(type, method, row, $"{name}({string.Join(", ", row.Select(Describe))})", fixtures);
                }
                else await RunCaseAsync(type, method, [], name, fixtures);
            }
        }
        finally
        {
            foreach (var f in fixtures.Values) (f as IDisposable)?.Dispose();
        }
        log.WriteLine($"{type.FullName}: {_passed - passed} passed, {_failed - failed} failed, {_skipped - skipped} skipped ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    private async Task RunCaseAsync(Type type, MethodInfo method, object?[] row, string name, Dictionary<Type, object> fixtures)
    {
        object? instance = null;
        var output = new CapturedOutput();
        try
        {
            if (!method.IsStatic) instance = Create(type, output, fixtures);
            if (instance is IAsyncLifetime life) await life.InitializeAsync();
            object? result = Invoker(method)(instance, Arguments(method, row));
            if (result is Task task) await task;
            else if (result is ValueTask valueTask) await valueTask;
            _passed++;
        }
        catch (Exception e)
        {
            var error = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            if (error is SkipException skip) { _skipped++; log.WriteLine($"  skip {name}: {skip.Message}"); return; }
            _failed++;
            log.WriteLine($"  FAIL {name}: {error.GetType().Name}: {error.Message}");
            log.WriteLine(Indent(error.StackTrace));
            if (output.Text.Length > 0) log.WriteLine(Indent(output.Text));
        }
        finally
        {
            if (instance is IAsyncLifetime life) await life.DisposeAsync();
            (instance as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// A compiled call for the method. MethodInfo.Invoke is not used: in long runs under qemu-aarch64 its cached invoke
    /// stubs were seen calling a method with another class's target check (TargetException for a matching instance),
    /// which a call compiled from an expression tree does not share.
    /// </summary>
    private static Func<object?, object?[], object?> Invoker(MethodInfo method)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters().Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)).ToArray();
        Expression call = method.IsStatic ? Expression.Call(method, parameters)
            : Expression.Call(Expression.Convert(target, method.DeclaringType!), method, parameters);
        Expression body = method.ReturnType == typeof(void)
            ? Expression.Block(call, Expression.Constant(null, typeof(object)))
            : Expression.Convert(call, typeof(object));
        return Expression.Lambda<Func<object?, object?[], object?>>(body, target, args).Compile();
    }

    private static object Create(Type type, ITestOutputHelper output, Dictionary<Type, object> fixtures)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var args = ctor.GetParameters().Select(p =>
        {
            if (p.ParameterType == typeof(ITestOutputHelper)) return output;
            bool isClassFixture = type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClassFixture<>)
                                                               && i.GetGenericArguments()[0] == p.ParameterType);
            if (!isClassFixture) throw new NotSupportedException($"{type.Name}: cannot supply constructor parameter {p.ParameterType.Name}");
            if (!fixtures.TryGetValue(p.ParameterType, out var fixture))
                fixtures[p.ParameterType] = fixture = Activator.CreateInstance(p.ParameterType)!;
            return fixture;
        }).ToArray();
        return ctor.Invoke(args);
    }

    /// <summary>The row's values converted the way xunit converts them (numbers widen, optional parameters fill in).</summary>
    private static object?[] Arguments(MethodInfo method, object?[] row)
    {
        var parameters = method.GetParameters();
        var args = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            if (i >= row.Length) { args[i] = parameters[i].HasDefaultValue ? parameters[i].DefaultValue : throw new ArgumentException($"{method.Name}: no value for {parameters[i].Name}"); continue; }
            var target = Nullable.GetUnderlyingType(parameters[i].ParameterType) ?? parameters[i].ParameterType;
            var value = row[i];
            args[i] = value is null || target.IsInstanceOfType(value) ? value
                : target.IsEnum ? Enum.ToObject(target, value)
                : Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
        }
        return args;
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => s.Length > 24 ? $"\"{s[..24]}…\"" : $"\"{s}\"",
        Array a => $"[{a.Length}]",
        _ => value.ToString() ?? "",
    };

    private static string Indent(string? text) =>
        string.Join(Environment.NewLine, (text ?? "").Split('\n').Take(12).Select(l => "      " + l.TrimEnd()));

    private sealed class CapturedOutput : ITestOutputHelper
    {
        private readonly System.Text.StringBuilder _text = new();
        public string Text => _text.ToString();
        public void WriteLine(string message) => _text.AppendLine(message);
        public void WriteLine(string format, params object[] args) => _text.AppendLine(string.Format(format, args));
    }
}
