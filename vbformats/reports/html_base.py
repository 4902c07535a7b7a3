"""HTML building blocks: escaping, the page shell, the inline CSS and the inline script.

Every piece of input text goes through :func:`esc` (after :func:`vbformats.reports.text.clean`),
which escapes ``& < > " '``: safe in element content and in quoted attribute values alike, in
HTML and in inline SVG. Input text is never put in a URL, a ``style``, an ``id`` or a script:
ids are our own (``t-12``), and the search box reads text from the DOM, not from a string we
wrote into the script. The page has a Content-Security-Policy that forbids every fetch (no
``connect-src``, ``img-src`` only ``data:``), so even a mistake could not phone home.
"""

from __future__ import annotations

from vbformats.reports.text import clean

__all__ = ["CSS", "SCRIPT", "esc", "page"]

_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def esc(text: object) -> str:
    """Input text made safe for HTML content and quoted attributes (cleaned, then escaped)."""
    return clean(text).translate(_TABLE)


CSS = """
:root{--ink:#1b1f24;--muted:#5b6570;--line:#d8dde3;--soft:#f4f6f8;--good:#1a7f37;
--bad:#b42318;--warn:#fff3bf;--kw:#d3f9d8;--det:#ffe3e3;--ot:#e7d6ff}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--ink);margin:0;background:#fff}
main{max-width:1120px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;
border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
nav.toc{font-size:13px;color:var(--muted);margin-bottom:8px}nav.toc a{margin-right:10px}
a{color:#0b5cad}
bdi,.u{unicode-bidi:isolate}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
th,td{border:1px solid var(--line);padding:3px 7px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
table.kv th{width:170px}
.good{color:var(--good);font-weight:600}.bad{color:var(--bad)}
tr.differs td{background:var(--warn)}tr.differs td.d{font-weight:700}
.note{color:var(--muted);font-size:12.5px;margin:2px 0 8px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12.5px;margin:4px 0}
.legend span.k{display:inline-block;width:12px;height:12px;border-radius:2px;
vertical-align:-2px;margin-right:4px}
svg{display:block;max-width:100%;height:auto;font-family:inherit}
svg a:focus rect,svg a:hover rect{stroke:#000;stroke-width:1}
.charts{display:flex;flex-direction:column;gap:14px}.charts>figure{margin:0}
figure figcaption{font-size:12.5px;color:var(--muted)}
.tools{position:sticky;top:0;background:#fff;padding:6px 0;z-index:2;
border-bottom:1px solid var(--line);display:flex;gap:12px;align-items:center}
.tools input{font:inherit;padding:4px 8px;width:320px;max-width:60vw}
#search-count{color:var(--muted);font-size:12.5px}
.turn{display:grid;grid-template-columns:118px 1fr;gap:2px 12px;padding:6px 8px;
border-left:5px solid var(--c,#999);margin:4px 0;background:#fff;scroll-margin-top:52px}
.turn:target{background:#fff8db;outline:2px solid #f0b400}
.turn .meta{font-size:12px;color:var(--muted)}.turn .who{font-weight:600;color:var(--ink)}
.turn .meta a{color:inherit;text-decoration:none}
.turn p{margin:0;unicode-bidi:plaintext}
.turn.hidden{display:none}
.s-pos{color:var(--good)}.s-neg{color:var(--bad)}.s-neu{color:var(--muted)}
.w1{color:#8a5300;text-decoration:underline dotted}.w2{background:var(--kw)}
.w4{background:var(--det);outline:1px solid #f5a3a3}.w8{background:var(--ot)}
.tags{font-size:11px}.tag{display:inline-block;border-radius:3px;padding:0 4px;margin-left:4px;
background:var(--soft);color:var(--muted)}
::highlight(search){background:#ffd43b;color:#000}
@media print{.tools,nav.toc{display:none}main{max-width:none;padding:0}
.turn{break-inside:avoid;border-left-width:3px}.turn:target{outline:none;background:#fff}
h2{break-after:avoid}figure,svg,table{break-inside:avoid}a{color:inherit;text-decoration:none}
body{font-size:11px}}
"""

# The search box: filter turns whose text contains the query (case-insensitive), count them,
# and highlight the matches with the CSS Custom Highlight API where the browser has it. Following
# a timeline link clears the filter so the target turn is visible.
SCRIPT = """
(function(){
var box=document.getElementById('search');if(!box)return;
var turns=Array.prototype.slice.call(document.querySelectorAll('.turn'));
var count=document.getElementById('search-count');
var texts=turns.map(function(t){var p=t.querySelector('p');return p?p.textContent:'';});
var lower=texts.map(function(s){return s.toLowerCase();});
function run(){var q=box.value.trim().toLowerCase();var shown=0,ranges=[];
for(var i=0;i<turns.length;i++){var hit=!q||lower[i].indexOf(q)>=0||
(turns[i].dataset.who||'').toLowerCase().indexOf(q)>=0;
turns[i].classList.toggle('hidden',!hit);if(hit){shown++;
if(q&&ranges.length<5000){collect(turns[i].querySelector('p'),q,ranges);}}}
count.textContent=q?(shown+' of '+turns.length+' turns'):(turns.length+' turns');
if(window.CSS&&CSS.highlights&&typeof Highlight==='function'){
CSS.highlights.delete('search');if(ranges.length){
CSS.highlights.set('search',new Highlight(...ranges));}}}
function collect(p,q,out){if(!p)return;var walker=document.createTreeWalker(p,NodeFilter.SHOW_TEXT);
var node;while((node=walker.nextNode())){var s=node.data.toLowerCase(),at=s.indexOf(q);
while(at>=0){var r=new Range();r.setStart(node,at);r.setEnd(node,at+q.length);out.push(r);
at=s.indexOf(q,at+q.length);}}}
box.addEventListener('input',run);
window.addEventListener('hashchange',function(){var id=location.hash.slice(1);
var el=id&&document.getElementById(id);if(el&&el.classList.contains('hidden')){
box.value='';run();el.scrollIntoView();}});
run();})();
"""

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def page(title: str, body: str, *, script: bool = True) -> str:
    """A complete HTML document: ``body`` (already escaped HTML) with the inline CSS and
    script, a CSP that allows no fetch, UTF-8."""
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="vbformats">\n',
        # an inline icon: without it the browser fetches /favicon.ico next to the file
        '<link rel="icon" href="data:,">\n',
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        body,
        "\n</main>\n",
    ]
    if script:
        parts.append(f"<script>{SCRIPT}</script>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)
