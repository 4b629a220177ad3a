using Microsoft.AspNetCore.Http.HttpResults;

namespace ForgeScheduler.Api;

/// <summary><c>GET /</c>: the planner's page. Plain HTML/SVG/JS served by the service (no CDN): it reads
/// the API, draws the Gantt, KPIs vs baseline and version history, and redraws when the ETag changes.</summary>
public static class PlannerPage
{
    public static IEndpointRouteBuilder MapPlannerPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", Page).WithName("PlannerPage").ExcludeFromDescription();
        return routes;
    }

    public static ContentHttpResult Page() => TypedResults.Content(Html, "text/html; charset=utf-8");

    private const string Html = """
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Forge planner</title>
<style>
body{font:13px system-ui,sans-serif;margin:16px;color:#222}
h1{font-size:18px;margin:0 0 8px} h2{font-size:14px;margin:16px 0 6px}
table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:2px 6px;text-align:right} th:first-child,td:first-child{text-align:left}
.late{fill:#d62728 !important} .lateRow{color:#d62728;font-weight:bold}
#gantt text{font-size:10px} .muted{color:#777}
</style></head>
<body>
<h1>Forge planner <select id="plant"></select> <span id="status" class="muted"></span></h1>
<h2>Schedule <span id="version"></span></h2>
<svg id="gantt" width="1200" height="60"></svg>
<h2>KPIs vs baseline</h2><table id="kpis"></table>
<h2>Late orders</h2><div id="late" class="lateRow"></div>
<h2>Version history</h2><table id="history"></table>
<script>
const $ = id => document.getElementById(id);
let etag = null;
const colors = {heat:'#ff7f0e', forge:'#1f77b4', heat_treat:'#2ca02c'};
async function plants(){
  const r = await fetch('/api/v1/plants'); const list = await r.json();
  const want = new URLSearchParams(location.search).get('plant');
  $('plant').innerHTML = list.map(p => `<option ${p.id===want?'selected':''}>${p.id}</option>`).join('');
}
function esc(s){return String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));}
function gantt(s, late){
  const ops = s.operations||[]; if(!ops.length){ $('gantt').innerHTML=''; return; }
  const res = [...new Set(ops.map(o=>o.resource))].sort();
  const t0 = Math.min(...ops.map(o=>Date.parse(o.start))), t1 = Math.max(...ops.map(o=>Date.parse(o.end)));
  const W=1200, L=90, H=18, x = t => L + (t-t0)/(t1-t0||1)*(W-L-10);
  let svg = '';
  res.forEach((r,i)=>{ svg += `<text x="2" y="${i*H+13}">${esc(r)}</text><line x1="${L}" x2="${W}" y1="${i*H+H}" y2="${i*H+H}" stroke="#eee"/>`; });
  for(const o of ops){
    const i = res.indexOf(o.resource), a = x(Date.parse(o.start)), b = x(Date.parse(o.end));
    const hot = o.charge_temp_c != null && o.charge_temp_c >= 400 && o.kind !== 'forge';
    svg += `<rect class="${late.has(o.order)?'late':''}" x="${a}" y="${i*H+2}" width="${Math.max(1,b-a)}" height="${H-4}" fill="${colors[o.kind]||'#999'}" stroke="${hot?'#000':'none'}"><title>${esc(o.order)} step ${o.step} ${esc(o.kind)} ${o.start} → ${o.end}${o.charge_temp_c!=null?' charge '+o.charge_temp_c+' °C':''}</title></rect>`;
  }
  $('gantt').setAttribute('height', res.length*H+4); $('gantt').innerHTML = svg;
}
function kpis(k){
  const rows = [['energy kWh','energy_kwh'],['energy kWh/t','energy_kwh_per_t'],['CO2 kg','co2_kg'],['CO2 kg/t','co2_kg_per_t'],
    ['hot charge ratio','hot_charge_ratio'],['hot transfer ratio','hot_transfer_ratio'],['late orders','late_orders'],
    ['weighted tardiness h','weighted_tardiness_h'],['makespan h','makespan_h'],['energy cost','energy_cost']];
  const f = v => typeof v === 'number' ? (Math.abs(v) < 10 ? v.toFixed(3) : v.toFixed(0)) : '';
  $('kpis').innerHTML = '<tr><th>KPI</th><th>planned</th><th>baseline</th><th>limit</th></tr>' + rows.map(([n,key]) =>
    `<tr><td>${n}</td><td>${f(k.planned[key])}</td><td>${f(k.baseline[key])}</td><td>${k.limit && k.limit[key]!=null ? f(k.limit[key]) : ''}</td></tr>`).join('');
}
async function refresh(){
  const plant = $('plant').value; if(!plant){ $('status').textContent='no plant yet'; return; }
  const headers = etag ? {'If-None-Match': etag} : {};
  const r = await fetch(`/api/v1/plants/${encodeURIComponent(plant)}/schedule`, {headers});
  if(r.status === 304){ $('status').textContent = 'up to date ' + new Date().toLocaleTimeString(); return; }
  if(!r.ok){ $('status').textContent = 'no schedule yet'; return; }
  etag = r.headers.get('ETag'); const s = await r.json();
  const k = await (await fetch(`/api/v1/plants/${encodeURIComponent(plant)}/kpis`)).json();
  const h = await (await fetch(`/api/v1/plants/${encodeURIComponent(plant)}/schedule/versions`)).json();
  const v = h.length ? h[0] : null;
  const lateIds = new Set(v && k ? [] : []);
  const book = await (await fetch(`/api/v1/plants/${encodeURIComponent(plant)}/orders`)).json();
  const due = Object.fromEntries((book.orders||[]).map(o=>[o.id, Date.parse(o.due)]));
  for(const o of s.operations||[]) if(due[o.order] && Date.parse(o.end) > due[o.order]) lateIds.add(o.order);
  $('version').textContent = `version ${s.version} (${s.method})`;
  gantt(s, lateIds); kpis(k);
  $('late').textContent = lateIds.size ? [...lateIds].join(', ') : 'none';
  $('history').innerHTML = '<tr><th>version</th><th>saved</th><th>status</th><th>moved</th><th>reassigned</th><th>added</th><th>removed</th><th>energy kWh</th><th>late</th></tr>' +
    h.map(x => `<tr><td>${x.version}</td><td>${esc(x.saved_at)}</td><td>${esc(x.solver_status||'')}</td><td>${x.diff?x.diff.moved:''}</td><td>${x.diff?x.diff.reassigned:''}</td><td>${x.diff?x.diff.added:''}</td><td>${x.diff?x.diff.removed:''}</td><td>${x.energy_kwh!=null?x.energy_kwh.toFixed(0):''}</td><td>${x.late_orders??''}</td></tr>`).join('');
  $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
}
$('plant').onchange = () => { etag = null; refresh(); };
plants().then(refresh); setInterval(refresh, 5000);
</script></body></html>
""";
}
