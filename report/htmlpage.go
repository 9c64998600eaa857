package report

import (
	"html/template"
	"io"
)

// Page is a self-contained HTML page: styles and script inline, no network,
// readable from file:// and as a CI artifact, in light and dark themes.
// The html format writes one; other reports (replay) reuse the shell, its
// stylesheet and its filter script.
type Page struct {
	Title string
	// Style is added after the shared stylesheet.
	Style template.CSS
	// Body is the page's content, inside <main>.
	Body template.HTML
}

// WritePage writes the page. The same page always gives the same bytes.
func WritePage(w io.Writer, p Page) error {
	return pageTemplate.Execute(w, struct {
		Page
		Shared template.CSS
		Script template.JS
	}{p, sharedCSS, filterScript})
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{.Title}}</title>
<style>{{.Shared}}{{.Style}}</style>
</head>
<body>
<main>
{{.Body}}
</main>
<script>{{.Script}}</script>
</body>
</html>
`))

// sharedCSS is the stylesheet of every cachevet page. Colours are CSS
// variables with a dark variant; every colour also has a text alternative
// (a legend, labels and tables), so nothing is told by colour alone.
const sharedCSS = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--link:#0550ae;
--cached:#2da44e;--lost:#cf222e;--volatile:#8250df;--below:#bf8700;--uncached:#8c959f;
--error:#cf222e;--warning:#9a6700;--info:#0969da;--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#161b22;--link:#4493f8;
--cached:#3fb950;--lost:#f85149;--volatile:#ab7df8;--below:#d29922;--uncached:#656c76;
--error:#f85149;--warning:#d29922;--info:#4493f8;--focus:#4493f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:1100px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:16px 0 4px}
a{color:var(--link)}a:focus-visible,input:focus-visible,summary:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre{background:var(--panel);border:1px solid var(--line);padding:10px;overflow:auto;white-space:pre-wrap}
.muted{color:var(--muted)}
.totals{display:flex;flex-wrap:wrap;gap:8px 24px;margin:8px 0;padding:0}
.totals div{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:6px 12px}
.totals dt{font-size:12px;color:var(--muted)}.totals dd{margin:0;font-size:18px;font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;list-style:none;padding:0;margin:8px 0}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:18px;height:12px;border-radius:2px}
.filters{border:1px solid var(--line);border-radius:6px;padding:6px 12px;margin:8px 0;display:flex;flex-wrap:wrap;gap:4px 14px}
.filters legend{font-weight:600;padding:0 4px}
.filters label{white-space:nowrap;cursor:pointer}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
.sev{font-weight:600;text-transform:lowercase}.sev-error{color:var(--error)}.sev-warning{color:var(--warning)}.sev-info{color:var(--info)}
.seg{position:absolute;top:0;bottom:0}
.cached{background:var(--cached)}.lost{background:var(--lost)}.volatile{background:var(--volatile)}
.below{background:var(--below)}.uncached{background:var(--uncached)}
.runtime{background-image:repeating-linear-gradient(135deg,rgba(255,255,255,.55) 0 4px,transparent 4px 9px)}
[hidden]{display:none!important}
`

// filterScript shows and hides the elements marked data-rule and
// data-severity as the filter checkboxes (input[data-filter]) are ticked,
// and with each the links of class "pin" to it (a pin on a bar links to
// its finding).
const filterScript = `
(function(){
  var boxes=document.querySelectorAll('input[data-filter]'),pins={};
  document.querySelectorAll('a.pin').forEach(function(a){var h=a.getAttribute('href');(pins[h]=pins[h]||[]).push(a);});
  function apply(){
    var off={rule:{},severity:{}};
    boxes.forEach(function(b){if(!b.checked){off[b.dataset.filter][b.value]=true;}});
    document.querySelectorAll('[data-rule][data-severity]').forEach(function(el){
      el.hidden=!!(off.rule[el.dataset.rule]||off.severity[el.dataset.severity]);
      (pins['#'+el.id]||[]).forEach(function(a){a.hidden=el.hidden;});
    });
    var shown=document.querySelectorAll('li.finding:not([hidden])').length;
    var out=document.getElementById('shown');
    if(out){out.textContent=shown;}
  }
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  apply();
})();
`
