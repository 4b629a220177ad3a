using System.Text.RegularExpressions;

namespace ForgeScheduler.Solver.Domain;

/// <summary>The ranges every plant and order value is checked against before it is stored or scheduled
/// (docs/formats.md, "Ranges"). They are wide enough for any real heavy-forging shop and narrow enough
/// that an accepted value cannot make the solver's horizon, time tables or arithmetic run away: a due
/// date in the year 9999 or a 10⁶ m diameter is a typing error, not an order.</summary>
public static partial class InputLimits
{
    /// <summary>Ids (plant, order, resource, recipe) are at most this long: they are keys in URLs,
    /// database indexes and Gantt labels.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Free text (product, grade) is at most this long.</summary>
    public const int MaxTextLength = 200;

    /// <summary>The heaviest open-die forgings made (rotor shafts, reactor shells) come from ingots
    /// of about 600 t.</summary>
    public const double MaxMassTonnes = 600;

    public const double MinDiameterMetres = 0.02;
    public const double MaxDiameterMetres = 6;

    /// <summary>No forging or heat-treatment temperature of steel exceeds this; solidus is ≈ 1450 °C.</summary>
    public const double MaxTempC = 1400;

    /// <summary>The coldest ambient or charge temperature taken.</summary>
    public const double MinTempC = -60;

    public const double MaxPressMinutes = 24 * 60;
    public const double MaxColdHeatingHours = 240;
    public const double MaxWeight = 1000;
    public const int MaxHeatsPerOrder = 30;

    /// <summary>Release and due must lie within this window around the plan start: a quarter either
    /// side, more than any daily or weekly plan looks at.</summary>
    public static readonly TimeSpan PlanWindow = TimeSpan.FromDays(92);

    /// <summary>A plant's book holds at most this many orders (one request's book too): a day or a week of a
    /// heavy-forging shop is tens to hundreds, the API bench fills one plant with 4,000; the solver's model
    /// grows with the book, so the bound keeps one plant's solve within its memory cap (docs/reliability.md,
    /// "Bounded work").</summary>
    public const int MaxOrdersPerBook = 5000;

    /// <summary>Operations of a book (per order: heating and forging per heat, then heat treatment) at most;
    /// the CP-SAT model has a few intervals and literals per operation and alternative resource.</summary>
    public const int MaxOperationsPerBook = 50_000;

    /// <summary>The operations a book of these orders plans: 2 per heat + 1 heat treatment each.</summary>
    public static int Operations(IEnumerable<Order> orders) => orders.Sum(o => 2 * o.Heats.Count + 1);

    /// <summary>Why a book of these orders is too large to plan, or null.</summary>
    public static string? BookSizeProblem(IReadOnlyCollection<Order> orders)
    {
        if (orders.Count > MaxOrdersPerBook)
            return $"the book would hold {orders.Count} orders; at most {MaxOrdersPerBook} are planned per plant";
        var operations = Operations(orders);
        return operations > MaxOperationsPerBook
            ? $"the book would hold {operations} operations (2 per heat + 1 per order); at most {MaxOperationsPerBook} are planned per plant"
            : null;
    }

    /// <summary>Plant ids end up in URL paths and Location headers: letters, digits, '.', '_' and '-'.</summary>
    public static bool IsPlantId(string id) => id.Length is > 0 and <= MaxIdLength && PlantIdPattern().IsMatch(id);

    /// <summary>Why a piece of text is refused, or null when it is fine: too long, or it holds a control
    /// character (NUL included), which no database, header or log line should receive.</summary>
    public static string? TextProblem(string? text, int maxLength)
    {
        if (text is null) return null;
        if (text.Length > maxLength) return $"is {text.Length} characters long; at most {maxLength} are allowed";
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c)) return $"contains the control character U+{(int)c:X4}";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return "contains an unpaired surrogate (invalid Unicode)";
        }
        return null;
    }

    /// <summary>Why a number is refused, or null: not finite, or outside [min, max].</summary>
    public static string? RangeProblem(double value, double min, double max, string unit = "")
    {
        if (!double.IsFinite(value)) return "must be a finite number";
        if (value < min || value > max) return $"{value}{unit} is outside the accepted range [{min}, {max}]{unit}";
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex PlantIdPattern();
}
