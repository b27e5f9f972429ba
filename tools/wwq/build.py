"""Build tests/data/when-where-quotes from marked-up source (src.py beside this script).
Markup: {d:VALUE|text} date (VALUE explicit ISO or @tag), {p:NAME;ISO3;ADMIN1|text} place (literal),
{m:...} place (non-literal), {s:A=Canonical|text} speaker mention for attribution A,
{q:A|text} quote attributed to A."""
import datetime as dt, json, re, sys, importlib.util
spec = importlib.util.spec_from_file_location("src", __import__("os").path.join(__import__("os").path.dirname(__file__), "src.py")); src = importlib.util.module_from_spec(spec); spec.loader.exec_module(src)
WD = ["monday","tuesday","wednesday","thursday","friday","saturday","sunday"]

def parse(marked):
    out = []  # plain text pieces (str)
    anns = []
    pos = 0  # byte offset
    i = 0
    stack = []
    buf = []
    n = len(marked)
    while i < n:
        c = marked[i]
        if c == '{' and i + 2 < n and marked[i+2] == ':' and marked[i+1] in 'dpmsq':
            bar = marked.index('|', i)
            stack.append((marked[i+1], marked[i+3:bar], pos))
            i = bar + 1
            continue
        if c == '}':
            kind, meta, start = stack.pop()
            anns.append((kind, meta, start, pos))
            i += 1
            continue
        if c in '{|':
            raise SystemExit(f"stray {c!r} at {i}: {marked[max(0,i-40):i+40]!r}")
        buf.append(c)
        pos += len(c.encode())
        i += 1
    if stack:
        raise SystemExit(f"unclosed markup {stack}")
    return ''.join(buf), anns

def iso_week(d):
    y, w, _ = d.isocalendar(); return f"{y}-W{w:02d}"

def add_months(d, k):
    m = d.year * 12 + d.month - 1 + k; return f"{m//12:04d}-{m%12+1:02d}"

def resolve(tag, text, dd):
    if not tag.startswith('@'):
        return tag
    t = tag[1:]
    if t in ('past', 'fut'):
        names = [w for w in WD if w in text.lower()]
        assert len(names) == 1, text
        wd = WD.index(names[0])
        if t == 'past':
            delta = (dd.weekday() - wd) % 7
            return (dd - dt.timedelta(days=delta)).isoformat()
        delta = (wd - dd.weekday()) % 7 or 7
        return (dd + dt.timedelta(days=delta)).isoformat()
    return {
        'today': lambda: dd.isoformat(),
        'yesterday': lambda: (dd - dt.timedelta(days=1)).isoformat(),
        'tomorrow': lambda: (dd + dt.timedelta(days=1)).isoformat(),
        'lastweek': lambda: iso_week(dd - dt.timedelta(days=7)),
        'thisweek': lambda: iso_week(dd),
        'nextweek': lambda: iso_week(dd + dt.timedelta(days=7)),
        'thismonth': lambda: add_months(dd, 0),
        'lastmonth': lambda: add_months(dd, -1),
        'nextmonth': lambda: add_months(dd, 1),
        'thisyear': lambda: f"{dd.year:04d}",
        'lastyear': lambda: f"{dd.year-1:04d}",
        'nextyear': lambda: f"{dd.year+1:04d}",
    }[t]()

docs, exps = [], []
stats = {}
for d in src.DOCS:
    text, anns = parse(d['text'].strip('\n'))
    assert '  ' not in text and '\n\n\n' not in text, d['id']
    dd = dt.date.fromisoformat(d.get('doc_date') or d['date'])
    if not d['date']:
        assert d.get('doc_date'), d['id']
    tb = text.encode()
    sl = lambda s, e: tb[s:e].decode()
    dates, places, quotes, speakers = [], [], [], {}
    for kind, meta, s, e in anns:
        if kind == 's':
            a, _, canon = meta.partition('=')
            assert a not in speakers, (d['id'], a)
            speakers[a] = (re.sub(r'^(the|a|an) ', '', canon or sl(s, e), flags=re.I), s, e)
    for kind, meta, s, e in sorted(anns, key=lambda a: (a[2], a[3])):
        span = sl(s, e)
        assert span == span.strip() and span, (d['id'], span)
        if kind == 'd':
            dates.append({'text': span, 'value': resolve(meta, span, dd), 'start': s, 'end': e})
            if meta.startswith('@'):
                stats[meta] = stats.get(meta, 0) + 1
        elif kind in 'pm':
            name, iso3, *rest = meta.split(';')
            assert re.fullmatch(r'[A-Z]{3}', iso3), (d['id'], meta)
            p = {'text': span, 'name': name or span, 'country': iso3}
            if rest and rest[0]:
                p['admin1'] = rest[0]
            p.update({'literal': kind == 'p', 'start': s, 'end': e})
            places.append(p)
        elif kind == 'q':
            canon, ss, se = speakers[meta]
            quotes.append({'text': span, 'start': s, 'end': e, 'speaker': canon,
                           'speaker_text': sl(ss, se), 'speaker_start': ss, 'speaker_end': se})
    for q in quotes:
        assert q['text'][0] not in '"\'“”‘’ ' and q['text'][-1] not in '"“”‘ ', (d['id'], q['text'])
    docs.append({'id': d['id'], 'date': d['date'], 'title': d['title'], 'text': text})
    exps.append({'id': d['id'], 'doc_date': dd.isoformat(), 'dates': dates, 'places': places, 'quotes': quotes})
out = sys.argv[1]
with open(f"{out}/docs.jsonl", "w") as f:
    for x in docs: f.write(json.dumps(x, ensure_ascii=False) + "\n")
with open(f"{out}/expected.jsonl", "w") as f:
    for x in exps: f.write(json.dumps(x, ensure_ascii=False) + "\n")
print(len(docs), "docs", sum(len(e['dates']) for e in exps), "dates", sum(len(e['places']) for e in exps), "places",
      sum(len(e['quotes']) for e in exps), "quotes", stats, file=sys.stderr)
# independent checks
import calendar
for e, d in zip(exps, docs):
    tb = d['text'].encode()
    for layer in ('dates', 'places', 'quotes'):
        for a in e[layer]:
            assert tb[a['start']:a['end']].decode() == a['text'], (e['id'], a)
    for q in e['quotes']:
        assert tb[q['speaker_start']:q['speaker_end']].decode() == q['speaker_text']
    dd = dt.date.fromisoformat(e['doc_date'])
    for a in e['dates']:
        v = a['value']
        assert re.fullmatch(r'\d{4}(-\d{2}(-\d{2})?|-W\d{2})?', v), a
        for i, w in enumerate(WD):
            if w in a['text'].lower():
                vd = dt.date.fromisoformat(v)
                assert vd.weekday() == i, (e['id'], a)
                assert abs((vd - dd).days) <= 7 or a['text'].startswith('that '), (e['id'], a)
    # no overlapping spans within a layer
    for layer in ('dates', 'places', 'quotes'):
        sp = sorted((a['start'], a['end']) for a in e[layer])
        for x, y in zip(sp, sp[1:]):
            assert x[1] <= y[0], (e['id'], layer, x, y)
for e in exps:
    for a in e['dates']:
        assert not re.match(r'(on|in|since|until|by|at|from|before|after) ', a['text'], re.I), (e['id'], a)
print("checks ok", file=sys.stderr)
