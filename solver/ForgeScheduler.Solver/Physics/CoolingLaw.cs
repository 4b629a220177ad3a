using System.Collections.Concurrent;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Physics;

/// <summary>Lumped yard cooling, version 2 of the physics contract (DESIGN.md): radiation plus
/// convection, <c>dT/dt = −(4/d)·h(T)·(T − Ta)/ρc</c> with
/// <c>h(T) = ε·σ·(T_K² + Ta_K²)·(T_K + Ta_K) + h_c</c>.
///
/// The cooling time between two temperatures is <c>t = (d/4)·(G(T0) − G(T1))</c> with
/// <c>G(T) = ρc·∫ dT/(h(T)·(T − Ta))</c>, so one table of G per (ambient, ε, h_c, ρc) serves every
/// diameter. The table is over u = ln(T − Ta), where dG/du = ρc/h is smooth and bounded: uniform
/// steps in u are fine near ambient (where G runs off to −∞ like a logarithm) and near forging heat.</summary>
public sealed class CoolingLaw
{
    public const double StefanBoltzmann = 5.670e-8;
    private const double KelvinOffset = 273.15;

    // T − Ta from e^−7 ≈ 0.001 K to e^7.4 ≈ 1636 K, in steps of 0.002: 7200 points, < 0.01 K error.
    private const double UMin = -7.0;
    private const double UMax = 7.4;
    private const double Step = 0.002;

    private static readonly ConcurrentDictionary<(double, double, double, double), CoolingLaw> Cache = new();
    private const int CacheLimit = 256;

    private readonly double[] _g;
    private readonly double _rhoCJPerM3K;
    private readonly double _hAtAmbient;
    private readonly double _hAtTop;

    private CoolingLaw(double ambientC, CoolingParameters parameters)
    {
        AmbientC = ambientC;
        Parameters = parameters;
        _rhoCJPerM3K = parameters.RhoCMjPerM3K * 1e6;
        _hAtAmbient = HeatTransferWPerM2K(ambientC);
        _hAtTop = HeatTransferWPerM2K(ambientC + Math.Exp(UMax));
        var n = (int)Math.Round((UMax - UMin) / Step) + 1;
        _g = new double[n];
        var previous = _rhoCJPerM3K / HeatTransferWPerM2K(ambientC + Math.Exp(UMin));
        for (var i = 1; i < n; i++)
        {
            var current = _rhoCJPerM3K / HeatTransferWPerM2K(ambientC + Math.Exp(UMin + i * Step));
            _g[i] = _g[i - 1] + 0.5 * (previous + current) * Step; // trapezoid, s/m
            previous = current;
        }
    }

    public double AmbientC { get; }

    public CoolingParameters Parameters { get; }

    /// <summary>The law for an ambient and parameters, built once and kept (the evaluator, the
    /// dispatcher and the optimiser's tables ask for the same few laws very often).</summary>
    public static CoolingLaw For(double ambientC, CoolingParameters parameters)
    {
        var key = (ambientC, parameters.RhoCMjPerM3K, parameters.Emissivity, parameters.ConvectionWPerM2K);
        if (Cache.TryGetValue(key, out var law)) return law;
        // Bounded: a plant has one default law and a few fitted ones; anything beyond is a caller
        // trying many parameters (a fit), which should use Create.
        if (Cache.Count >= CacheLimit) Cache.Clear();
        return Cache.GetOrAdd(key, _ => new CoolingLaw(ambientC, parameters));
    }

    /// <summary>A law that is not cached: for fitting, which tries many parameters once each.</summary>
    public static CoolingLaw Create(double ambientC, CoolingParameters parameters) => new(ambientC, parameters);

    /// <summary>h(T) in W/(m²K): linearised radiation (temperatures in kelvin) plus convection.</summary>
    public double HeatTransferWPerM2K(double tempC)
    {
        var t = tempC + KelvinOffset;
        var a = AmbientC + KelvinOffset;
        return Parameters.Emissivity * StefanBoltzmann * (t * t + a * a) * (t + a) + Parameters.ConvectionWPerM2K;
    }

    /// <summary>Hours a piece of thermal diameter <paramref name="diameterMetres"/> needs to cool from
    /// <paramref name="fromC"/> to <paramref name="toC"/>: 0 if it is already there, infinity if
    /// <paramref name="toC"/> is at or below ambient (it never gets there).</summary>
    public double CoolingHours(double fromC, double toC, double diameterMetres)
    {
        if (toC >= fromC) return 0;
        if (toC <= AmbientC) return double.PositiveInfinity;
        return diameterMetres / 4.0 * (G(fromC) - G(toC)) / 3600.0;
    }

    /// <summary>Temperature after <paramref name="hours"/> in the yard, starting at <paramref name="startC"/>.
    /// A piece colder than ambient warms towards it at the ambient h (the law is symmetric to first order).</summary>
    public double CooledTempC(double startC, double hours, double diameterMetres)
    {
        if (hours <= 0 || startC == AmbientC) return startC;
        if (startC < AmbientC)
            return AmbientC + (startC - AmbientC) * Math.Exp(-4.0 / diameterMetres * _hAtAmbient * hours * 3600.0 / _rhoCJPerM3K);
        var target = G(startC) - 4.0 * hours * 3600.0 / diameterMetres;
        return AmbientC + Math.Exp(UOf(target));
    }

    /// <summary>G(T) in s/m, from the table; linear in u beyond its ends (h is constant there to first order).</summary>
    private double G(double tempC)
    {
        var u = Math.Log(tempC - AmbientC);
        if (u <= UMin) return _g[0] + _rhoCJPerM3K / _hAtAmbient * (u - UMin);
        var x = (u - UMin) / Step;
        var i = (int)x;
        if (i >= _g.Length - 1) return _g[^1] + _rhoCJPerM3K / _hAtTop * (u - UMax);
        return _g[i] + (_g[i + 1] - _g[i]) * (x - i);
    }

    /// <summary>The u = ln(T − Ta) at which G takes <paramref name="g"/> (G rises strictly with u).</summary>
    private double UOf(double g)
    {
        if (g <= _g[0]) return UMin + (g - _g[0]) * _hAtAmbient / _rhoCJPerM3K;
        if (g >= _g[^1]) return UMax + (g - _g[^1]) * _hAtTop / _rhoCJPerM3K;
        int lo = 0, hi = _g.Length - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >> 1;
            if (_g[mid] <= g) lo = mid;
            else hi = mid;
        }
        return UMin + Step * (lo + (g - _g[lo]) / (_g[hi] - _g[lo]));
    }
}
