import json, re, datetime as dt, collections, sys
base = sys.argv[1]
WD = ["monday","tuesday","wednesday","thursday","friday","saturday","sunday"]
docs = [json.loads(l) for l in open(f"{base}/docs.jsonl", encoding="utf-8")]
exps = [json.loads(l) for l in open(f"{base}/expected.jsonl", encoding="utf-8")]
assert [d['id'] for d in docs] == [e['id'] for e in exps] and len({d['id'] for d in docs}) == len(docs)
C = collections.Counter()
for d, e in zip(docs, exps):
    assert set(d) == {'id', 'date', 'title', 'text'}
    tb = d['text'].encode()
    dd = dt.date.fromisoformat(e['doc_date'])
    if d['date']:
        assert d['date'] == e['doc_date']
    else:
        C['dateline_only'] += 1
        first = tb[:tb.index(b'(dyad)')].decode()
        assert any(a['end'] <= len(first.encode()) and a['value'] == e['doc_date'] for a in e['dates']), d['id']
    for layer in ('dates', 'places', 'quotes'):
        for a in e[layer]:
            assert tb[a['start']:a['end']].decode() == a['text'], (d['id'], a)
            C[layer] += 1
    for q in e['quotes']:
        assert tb[q['speaker_start']:q['speaker_end']].decode() == q['speaker_text']
        C['q_pronoun' if q['speaker_text'].lower() in ('he','she','they') else 'q_other'] += 1
        if tb[q['start']-1:q['start']] == b'"' or tb[q['start']-3:q['start']] in ('“'.encode(),):
            pass
    for p in e['places']:
        C['place_literal' if p['literal'] else 'place_nonliteral'] += 1
        assert re.fullmatch('[A-Z]{3}', p['country'])
    for a in e['dates']:
        v = a['value']
        g = 'day' if re.fullmatch(r'\d{4}-\d\d-\d\d', v) else 'week' if 'W' in v else 'month' if re.fullmatch(r'\d{4}-\d\d', v) else 'year'
        C['date_' + g] += 1
        for i, w in enumerate(WD):
            if w in a['text'].lower():
                vd = dt.date.fromisoformat(v)
                past = dd - dt.timedelta(days=(dd.weekday() - i) % 7)
                fut = dd + dt.timedelta(days=((i - dd.weekday()) % 7) or 7)
                assert vd.weekday() == i
                if vd == past: C['weekday_past'] += 1
                elif vd == fut:
                    C['weekday_future'] += 1
                    s = a['start']; print('FUTURE', d['id'], dd.strftime('%a %Y-%m-%d'), '->', v, '|', tb[max(0, s-70):a['end']].decode(errors='replace'))
                else:
                    C['weekday_anaphoric'] += 1; print('ANAPHORIC', d['id'], a)
    n = len(re.findall(r'[.!?]["”’\']?(\s|$)', d['text']))
    C['sent_min'] = min(C.get('sent_min', 99), n); C['sent_max'] = max(C['sent_max'], n)
    C['speakers'] += len({q['speaker'] for q in e['quotes']})
print(len(docs), 'docs', dict(C))
