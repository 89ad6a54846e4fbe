using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Mnist.Functional.Text;

namespace Mnist.App.Cli;

/// <summary>
/// Options that take a number, all parsed here, so that every malformed or out-of-range value is a usage error
/// (exit 1) that names the option and the range it takes, instead of a parser's type name or an exception.
/// </summary>
public static class NumberOptions
{
    /// <summary>An option taking a whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int?> Whole(string name, string description, int min = 1, int max = int.MaxValue, params string[] aliases) =>
        Parsed(name, description, min, max, value => (int)value, aliases);

    /// <summary>An option taking a whole number from <paramref name="min"/> to <paramref name="max"/>, 64-bit.</summary>
    public static Option<long?> Whole64(string name, string description, long min = long.MinValue, long max = long.MaxValue, params string[] aliases) =>
        Parsed(name, description, min, max, value => (long)value, aliases);

    /// <summary>An option taking a finite decimal number greater than zero, such as <c>0.01</c> or <c>1e-3</c>.</summary>
    public static Option<double?> Positive(string name, string description, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            CustomParser = result =>
            {
                var token = Token(result);
                if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0)
                    return value;
                result.AddError($"{name} takes a number greater than 0, such as 0.01 or 1e-3; '{OutsideText.Show(token, 40)}' is not one.");
                return null;
            },
        };

    /// <summary>An option taking a finite number from <paramref name="min"/> (included) to <paramref name="max"/> (excluded, unless infinite).</summary>
    public static Option<double?> Real(string name, string description, double min, double max, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            CustomParser = result =>
            {
                var token = Token(result);
                if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value < max)
                    return value;
                var range = double.IsPositiveInfinity(max)
                    ? string.Create(CultureInfo.InvariantCulture, $"a number of at least {min}")
                    : string.Create(CultureInfo.InvariantCulture, $"a number from {min} up to (not including) {max}");
                result.AddError($"{name} takes {range}; '{OutsideText.Show(token, 40)}' is not one.");
                return null;
            },
        };

    /// <summary>An option taking one or more whole numbers, each from <paramref name="min"/> to <paramref name="max"/> (<c>--test-index 3 17</c> or <c>--test-index 3 --test-index 17</c>).</summary>
    public static Option<int[]> WholeList(string name, string description, int min = 0, int max = int.MaxValue) =>
        new(name)
        {
            Description = description,
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result =>
            {
                var values = new List<int>();
                foreach (var token in result.Tokens.Select(token => token.Value))
                {
                    if (!BigInteger.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                    {
                        result.AddError($"{name} takes whole numbers from {N(min)} to {N(max)}; '{OutsideText.Show(token, 40)}' is not one.");
                        return [];
                    }
                    values.Add((int)value);
                }
                return [.. values];
            },
        };

    /// <summary>An option taking a finite number from 0 to 1, both included, such as a pixel value of a raw image.</summary>
    public static Option<double?> Fraction(string name, string description, params string[] aliases) => Between(name, description, 0, 1, aliases);

    /// <summary>An option taking a finite number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public static Option<double?> Between(string name, string description, double min, double max, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            CustomParser = result =>
            {
                var token = Token(result);
                if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max)
                    return value;
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} takes a number from {min} to {max}; '{OutsideText.Show(token, 40)}' is not one."));
                return null;
            },
        };

    private static Option<T?> Parsed<T>(string name, string description, long min, long max, Func<BigInteger, T> convert, string[] aliases) where T : struct =>
        new(name, aliases)
        {
            Description = description,
            CustomParser = result =>
            {
                var token = Token(result);
                var range = (min, max) switch
                {
                    (long.MinValue, long.MaxValue) => "a whole number (64-bit)",
                    (_, long.MaxValue or int.MaxValue) => $"a whole number of at least {N(min)}",
                    _ => $"a whole number from {N(min)} to {N(max)}",
                };
                if (!BigInteger.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    result.AddError($"{name} takes {range}; '{OutsideText.Show(token, 40)}' is not one.");
                    return null;
                }
                if (value < min || value > max)
                {
                    result.AddError($"{name} takes {range}; {OutsideText.Show(token, 40)} is {(value > max ? $"more than {N(max)}" : $"less than {N(min)}")}.");
                    return null;
                }
                return convert(value);
            },
        };

    /// <summary>
    /// <paramref name="option"/>'s value for a command validator, or the default when the value could not be parsed (its
    /// error is reported already; asking System.CommandLine for it would throw in the middle of parsing).
    /// </summary>
    public static T? ValueOrDefault<T>(CommandResult result, Option<T> option)
    {
        try
        {
            return result.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
}
