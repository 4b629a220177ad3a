using System.Globalization;
using System.Text.Json;

namespace ForgeScheduler.Cli.Tests;

/// <summary>Energy and CO2 of a schedule recomputed from DESIGN.md (version 2) alone, straight from
/// the JSON files — no solver code, no table of the cooling law: the yard cooling ODE is stepped
/// with RK4, the enthalpy table is copied from DESIGN, furnaces are costed by their occupied
/// periods. Written plainly on purpose, so a mistake in the engine does not hide in a shared helper.
/// Conventions DESIGN leaves open follow docs/kpis.md: a draw is spread evenly over its span; the
/// cold start before a furnace's first use is drawn at that first start; a gap's holding or restart
/// over the gap; press idle between the forgings of a shift (shifts of 8 h from plan start).</summary>
internal sealed class IndependentRecomputation
{
    private const double Sigma = 5.670e-8;

    private static readonly (double T, double H)[] Enthalpy =
    [
        (20, 0), (100, 45), (200, 95), (300, 150), (400, 205), (500, 265), (600, 335), (700, 415),
        (750, 490), (800, 530), (900, 580), (1000, 640), (1100, 700), (1200, 760), (1300, 820),
    ];

    private readonly JsonElement _plant;
    private readonly JsonElement _orders;
    private readonly DateTimeOffset _planStart;

    public IndependentRecomputation(string plantJson, string ordersJson)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        _plant = JsonDocument.Parse(plantJson, options).RootElement.Clone();
        _orders = JsonDocument.Parse(ordersJson, options).RootElement.Clone();
        _planStart = _orders.GetProperty("plan_start").GetDateTimeOffset();
    }

    public (double EnergyKwh, double Co2Kg) Compute(string scheduleJson)
    {
        var ops = JsonDocument.Parse(scheduleJson).RootElement.GetProperty("operations").EnumerateArray()
            .Select(o => new Op(o.GetProperty("order").GetString()!, o.GetProperty("step").GetInt32(), o.GetProperty("kind").GetString()!,
                o.GetProperty("resource").GetString()!, o.GetProperty("start").GetDateTimeOffset(), o.GetProperty("end").GetDateTimeOffset()))
            .ToList();
        var ambient = _plant.GetProperty("ambient_c").GetDouble();
        var furnaces = _plant.GetProperty("heating_furnaces").EnumerateArray().Concat(_plant.GetProperty("heat_treatment_furnaces").EnumerateArray())
            .ToDictionary(f => f.GetProperty("id").GetString()!);
        var presses = _plant.GetProperty("presses").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        var recipes = _plant.GetProperty("recipes").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        var orders = _orders.GetProperty("orders").EnumerateArray().ToDictionary(o => o.GetProperty("id").GetString()!);
        var hot = _orders.TryGetProperty("furnaces_hot_at_start", out var h) ? h.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
        var draws = new List<(bool Gas, double Kwh, DateTimeOffset From, DateTimeOffset To)>();
        bool IsGas(string furnace) => furnaces[furnace].GetProperty("carrier").GetString() == "gas";

        // Steel heat and press work, following each piece through the yard.
        foreach (var route in ops.GroupBy(o => o.Order))
        {
            var order = orders[route.Key];
            var mass = order.GetProperty("mass_t").GetDouble();
            var d = order.GetProperty("diameter_m").GetDouble();
            var heats = order.GetProperty("heats").EnumerateArray().ToList();
            var temp = order.TryGetProperty("release_temp_c", out var rt) && rt.ValueKind == JsonValueKind.Number ? rt.GetDouble() : ambient;
            var since = order.GetProperty("release").GetDateTimeOffset();
            foreach (var op in route.OrderBy(o => o.Step))
            {
                var charge = Cool(temp, ambient, d, (op.Start - since).TotalSeconds);
                switch (op.Kind)
                {
                    case "heat":
                    {
                        var target = heats[(op.Step - 1) / 2].GetProperty("forge_temp_c").GetDouble();
                        var eta = furnaces[op.Resource].GetProperty("efficiency").GetDouble();
                        draws.Add((IsGas(op.Resource), mass * 1000 * Math.Max(0, H(target) - H(charge)) / eta / 3600, op.Start, op.End));
                        temp = target;
                        break;
                    }
                    case "forge":
                        draws.Add((false, presses[op.Resource].GetProperty("kwh_per_t").GetDouble() * mass, op.Start, op.End));
                        temp = heats[(op.Step - 1) / 2].GetProperty("finish_temp_c").GetDouble();
                        break;
                    default:
                    {
                        var soak = recipes[order.GetProperty("heat_treatment").GetString()!].GetProperty("soak_c").GetDouble();
                        var eta = furnaces[op.Resource].GetProperty("efficiency").GetDouble();
                        draws.Add((IsGas(op.Resource), mass * 1000 * Math.Max(0, H(soak) - H(charge)) / eta / 3600, op.Start, op.End));
                        temp = ambient;
                        break;
                    }
                }
                since = op.End;
            }
        }

        // Furnaces: holding while loaded, the gap rule, cold starts.
        foreach (var (id, f) in furnaces)
        {
            var periods = Union(ops.Where(o => o.Resource == id).Select(o => (o.Start, o.End)));
            if (periods.Count == 0) continue;
            var holding = f.TryGetProperty("holding_kw", out var hk) ? hk.GetDouble() : 0;
            var restart = f.TryGetProperty("restart_kwh", out var rk) ? rk.GetDouble() : 0;
            var gas = IsGas(id);
            if (!hot.Contains(id)) draws.Add((gas, restart, periods[0].Start, periods[0].Start));
            else if (periods[0].Start > _planStart) draws.Add((gas, Math.Min(holding * (periods[0].Start - _planStart).TotalHours, restart), _planStart, periods[0].Start));
            for (var i = 0; i < periods.Count; i++)
            {
                draws.Add((gas, holding * (periods[i].End - periods[i].Start).TotalHours, periods[i].Start, periods[i].End));
                if (i > 0)
                    draws.Add((gas, Math.Min(holding * (periods[i].Start - periods[i - 1].End).TotalHours, restart), periods[i - 1].End, periods[i].Start));
            }
        }

        // Presses: pump idle between the forgings of each shift.
        var shift = _plant.TryGetProperty("shift_h", out var sh) ? sh.GetDouble() : 8;
        foreach (var (id, p) in presses)
        {
            foreach (var inShift in ops.Where(o => o.Resource == id).GroupBy(o => Math.Floor((o.Start - _planStart).TotalHours / shift)))
            {
                var periods = Union(inShift.Select(o => (o.Start, o.End)));
                for (var i = 1; i < periods.Count; i++)
                    draws.Add((false, p.GetProperty("idle_kw").GetDouble() * (periods[i].Start - periods[i - 1].End).TotalHours, periods[i - 1].End, periods[i].Start));
            }
        }

        // Carbon at the plant boundary: gas by volume; electricity netted hour by hour against the PV surplus.
        var gasDoc = _plant.GetProperty("gas");
        var gasKwh = draws.Where(x => x.Gas).Sum(x => x.Kwh);
        var co2 = gasKwh * 3.6 / gasDoc.GetProperty("lhv_mj_per_nm3").GetDouble() * gasDoc.GetProperty("co2_kg_per_nm3").GetDouble();
        var hour0 = new DateTimeOffset(_planStart.Year, _planStart.Month, _planStart.Day, _planStart.Hour, 0, 0, _planStart.Offset);
        var byHour = new Dictionary<long, double>();
        foreach (var (_, kwh, from, to) in draws.Where(x => !x.Gas))
        {
            // Spread in one-minute slices: plain, and exact enough for whole-minute schedules.
            var minutes = (to - from).TotalMinutes;
            if (minutes <= 0) { Add(byHour, (long)Math.Floor((from - hour0).TotalHours), kwh); continue; }
            var slices = (int)Math.Ceiling(minutes);
            for (var k = 0; k < slices; k++)
            {
                var a = from.AddMinutes(k);
                var b = k == slices - 1 ? to : from.AddMinutes(k + 1);
                Add(byHour, (long)Math.Floor((a - hour0).TotalHours), kwh * (b - a).TotalMinutes / minutes);
            }
        }
        var grid = _plant.GetProperty("grid");
        foreach (var (index, kwh) in byHour)
        {
            var local = hour0.AddHours(index).ToOffset(TimeSpan.FromHours(8)).Hour; // Asia/Shanghai
            var pv = grid.TryGetProperty("onsite_pv_surplus_kw", out var pvs) ? pvs[local].GetDouble() : 0;
            var factor = grid.GetProperty("co2_kg_per_kwh") is { ValueKind: JsonValueKind.Number } flat ? flat.GetDouble() : grid.GetProperty("co2_kg_per_kwh")[local].GetDouble();
            co2 += Math.Max(0, kwh - pv) * factor;
        }
        return (draws.Sum(x => x.Kwh), co2);
    }

    /// <summary>dT/dt = −(4/d)·h(T)·(T − Ta)/ρc, h = ε·σ·(T_K² + Ta_K²)(T_K + Ta_K) + h_c, RK4 in steps of at most 30 s.</summary>
    private double Cool(double startC, double ambientC, double d, double seconds)
    {
        if (seconds <= 0) return startC;
        var cooling = _plant.GetProperty("cooling");
        var eps = cooling.GetProperty("emissivity").GetDouble();
        var hc = cooling.GetProperty("convection_w_per_m2k").GetDouble();
        var rhoC = cooling.GetProperty("rho_c_mj_per_m3k").GetDouble() * 1e6;
        double Rate(double t)
        {
            double tk = t + 273.15, ak = ambientC + 273.15;
            return -(4 / d) * (eps * Sigma * (tk * tk + ak * ak) * (tk + ak) + hc) * (t - ambientC) / rhoC;
        }
        var steps = (int)Math.Ceiling(seconds / 30);
        var dt = seconds / steps;
        var temp = startC;
        for (var i = 0; i < steps; i++)
        {
            var k1 = Rate(temp);
            var k2 = Rate(temp + dt / 2 * k1);
            var k3 = Rate(temp + dt / 2 * k2);
            var k4 = Rate(temp + dt * k3);
            temp += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        return temp;
    }

    private static double H(double t)
    {
        var i = 1;
        while (i < Enthalpy.Length - 1 && t > Enthalpy[i].T) i++;
        var (t0, h0) = Enthalpy[i - 1];
        var (t1, h1) = Enthalpy[i];
        return h0 + (h1 - h0) * (t - t0) / (t1 - t0);
    }

    private static List<(DateTimeOffset Start, DateTimeOffset End)> Union(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> spans)
    {
        var merged = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var s in spans.OrderBy(s => s.Start))
        {
            if (merged.Count > 0 && s.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, s.End > merged[^1].End ? s.End : merged[^1].End);
            else merged.Add(s);
        }
        return merged;
    }

    private static void Add(Dictionary<long, double> byHour, long hour, double kwh) =>
        byHour[hour] = byHour.GetValueOrDefault(hour) + kwh;

    private sealed record Op(string Order, int Step, string Kind, string Resource, DateTimeOffset Start, DateTimeOffset End);

    public static string Format(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
