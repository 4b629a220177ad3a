using System.Text;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;
using static ForgeScheduler.Formats.Markup;

namespace ForgeScheduler.Formats;

/// <summary>Hourly energy of the operations (steel heat and holding while loaded, press work; stacked gas /
/// electric) and CO2 under the Gantt chart, on the same time scale. Each operation's energy is drawn
/// evenly over its duration; CO2 uses the gas factor, and for electricity the hour's grid factor on
/// what the on-site PV surplus of that hour does not cover (as the KPI calculator nets it).</summary>
internal static class GanttEnergyChart
{
    private const double EnergyHeight = 110;
    private const double Co2Height = 70;
    private const double Gap = 28;

    public static void Append(StringBuilder sb, GanttData d)
    {
        var w = d.Window;
        var hours = w.HourStarts().ToList();
        var gas = new double[hours.Count];
        var electric = new double[hours.Count];
        var co2 = new double[hours.Count];
        foreach (var ev in d.Evaluated.Values)
        {
            var op = ev.Operation;
            var minutes = (op.End - op.Start).TotalMinutes;
            for (var i = 0; i < hours.Count; i++)
            {
                var from = hours[i] > op.Start ? hours[i] : op.Start;
                var hourEnd = hours[i].AddHours(1);
                var to = hourEnd < op.End ? hourEnd : op.End;
                double share;
                if (minutes <= 0) share = op.Start >= hours[i] && op.Start < hourEnd ? ev.EnergyKwh : 0;
                else share = to > from ? ev.EnergyKwh * (to - from).TotalMinutes / minutes : 0;
                if (share == 0) continue;
                if (ev.Carrier == Carrier.Gas)
                {
                    gas[i] += share;
                    co2[i] += ThermalPhysics.GasCo2Kg(share, d.Plant.Gas);
                }
                else electric[i] += share;
            }
        }
        var planHour = new DateTimeOffset(d.Orders.PlanStart.Year, d.Orders.PlanStart.Month, d.Orders.PlanStart.Day, d.Orders.PlanStart.Hour, 0, 0, d.Orders.PlanStart.Offset);
        for (var i = 0; i < hours.Count; i++)
        {
            var local = d.Plant.LocalHour(hours[i]);
            var pv = Math.Min(electric[i], d.Plant.Grid.PvSurplusKwAt(local, (long)Math.Floor((hours[i] - planHour).TotalHours)));
            co2[i] += (electric[i] - pv) * d.Plant.Grid.Co2At(local);
        }

        var maxEnergy = Math.Max(1, hours.Select((_, i) => gas[i] + electric[i]).DefaultIfEmpty(0).Max());
        var maxCo2 = Math.Max(1, co2.DefaultIfEmpty(0).Max());
        var height = 16 + EnergyHeight + Gap + Co2Height + 8;
        sb.Append($"<svg class=\"energy\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(w.Width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(w.Width)} {N(height)}\">");
        var energyBase = 16 + EnergyHeight;
        var co2Base = energyBase + Gap + Co2Height;
        sb.Append($"<text class=\"chart-label\" x=\"6\" y=\"{N(energyBase - EnergyHeight / 2)}\">energy kWh/h</text>");
        sb.Append($"<text class=\"chart-label\" x=\"6\" y=\"{N(energyBase - EnergyHeight / 2 + 14)}\">max {N0(maxEnergy)}</text>");
        sb.Append($"<text class=\"chart-label\" x=\"6\" y=\"{N(co2Base - Co2Height / 2)}\">CO2 kg/h</text>");
        sb.Append($"<text class=\"chart-label\" x=\"6\" y=\"{N(co2Base - Co2Height / 2 + 14)}\">max {N0(maxCo2)}</text>");
        sb.Append($"<line class=\"baseline-rule\" x1=\"{N(GanttWindow.LabelWidth)}\" y1=\"{N(energyBase)}\" x2=\"{N(w.Width - GanttWindow.RightMargin)}\" y2=\"{N(energyBase)}\"/>");
        sb.Append($"<line class=\"baseline-rule\" x1=\"{N(GanttWindow.LabelWidth)}\" y1=\"{N(co2Base)}\" x2=\"{N(w.Width - GanttWindow.RightMargin)}\" y2=\"{N(co2Base)}\"/>");
        var barWidth = Math.Max(1, w.PxPerHour - 1);
        for (var i = 0; i < hours.Count; i++)
        {
            var x = w.X(hours[i]);
            var label = w.LocalText(hours[i]);
            var gasH = EnergyHeight * gas[i] / maxEnergy;
            var elecH = EnergyHeight * electric[i] / maxEnergy;
            var title = E($"{label}: gas {gas[i]:N0} kWh, electric {electric[i]:N0} kWh, CO2 {co2[i]:N0} kg");
            if (gas[i] > 0)
                sb.Append($"<rect class=\"energy-gas\" x=\"{N(x)}\" y=\"{N(energyBase - gasH)}\" width=\"{N(barWidth)}\" height=\"{N(gasH)}\"><title>{title}</title></rect>");
            if (electric[i] > 0)
                sb.Append($"<rect class=\"energy-electric\" x=\"{N(x)}\" y=\"{N(energyBase - gasH - elecH)}\" width=\"{N(barWidth)}\" height=\"{N(elecH)}\"><title>{title}</title></rect>");
            if (co2[i] > 0)
            {
                var h = Co2Height * co2[i] / maxCo2;
                sb.Append($"<rect class=\"co2\" x=\"{N(x)}\" y=\"{N(co2Base - h)}\" width=\"{N(barWidth)}\" height=\"{N(h)}\"><title>{title}</title></rect>");
            }
        }
        sb.Append("</svg>");
    }
}
