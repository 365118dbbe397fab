#!/usr/bin/env python3
# Usage: scripts/module-cycles.py src
# Module dependency cycles: graph of crate::/super:: paths in non-test code (comments stripped).
import os, re, sys
root = sys.argv[1]
mods = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if not f.endswith('.rs'): continue
        p = os.path.join(d, f); rel = os.path.relpath(p, root)[:-3].split(os.sep)
        if rel[-1] in ('mod', 'lib', 'main'): rel = rel[:-1]
        mods['::'.join(rel)] = p
reexp = {}
for m, p in mods.items():
    src = open(p).read()
    for path, items in re.findall(r'pub(?:\(crate\))? use ([a-z_][a-z0-9_:]*?)::\{([^}]*)\}', src) + re.findall(r'pub(?:\(crate\))? use ([a-z_][a-z0-9_:]*)::([A-Za-z_][A-Za-z0-9_]*);', src):
        base = [] if path.startswith('crate') else (m.split('::') if m else [])
        tgt = '::'.join(base + [x for x in path.split('::') if x != 'crate' and x != 'self'])
        for it in re.findall(r'[A-Za-z_][A-Za-z0-9_]*', items):
            reexp[(m, it)] = tgt
def resolve(path):
    parts = path.split('::')
    for k in range(len(parts) - 1, 0, -1):
        m = '::'.join(parts[:k])
        if m in mods and (m, parts[k]) in reexp:
            t = reexp[(m, parts[k])]
            while t and t not in mods: t = '::'.join(t.split('::')[:-1])
            if t: return t
    while parts:
        m = '::'.join(parts)
        if m in mods: return m
        parts = parts[:-1]
    return None
edges = {m: set() for m in mods}
for m, p in mods.items():
    s = open(p).read()
    i = s.find('#[cfg(test)]')
    if i >= 0: s = s[:i]
    s = re.sub(r'//[^\n]*', '', s)
    me = m.split('::') if m else []
    is_modrs = p.endswith('mod.rs') or p.endswith('lib.rs')
    for full in re.findall(r'\b((?:crate|super)(?:::(?:super|[a-z_][a-z0-9_]*))+(?:::[A-Z][A-Za-z0-9_]*)?)', s):
        parts = full.split('::')
        if parts[0] == 'crate': base = []; parts = parts[1:]
        else:
            base = me if is_modrs else me[:-1]
            while parts and parts[0] == 'super': base = base[:-1]; parts = parts[1:]
        t = resolve('::'.join(base + parts))
        # braces: crate::a::{b, c}
        if t is not None and t != m: edges[m].add(t)
    for grp_base, grp in re.findall(r'\bcrate((?:::[a-z_][a-z0-9_]*)+)::\{([^}]*)\}', s):
        for item in re.findall(r'[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*', grp):
            t = resolve((grp_base[2:] + '::' + item).strip(':'))
            if t and t != m: edges[m].add(t)
def ancestors(a, b): return b.startswith(a + '::') or a.startswith(b + '::') or a == '' or b == ''
sys.setrecursionlimit(10000)
idx = {}; low = {}; st = []; on = set(); sccs = []; c = [0]
def sc(v):
    idx[v] = low[v] = c[0]; c[0] += 1; st.append(v); on.add(v)
    for w in edges[v]:
        if ancestors(v, w): continue
        if w not in idx: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], idx[w])
    if low[v] == idx[v]:
        comp = []
        while True:
            w = st.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: sccs.append(sorted(comp))
for v in mods:
    if v not in idx: sc(v)
print(f"{len(mods)} modules, {sum(len(e) for e in edges.values())} edges; cycles: {len(sccs)}")
for comp in sccs: print('  ', ' <-> '.join(comp))
top = {}
for m, es in edges.items():
    for t in es:
        a, b = m.split('::')[0], t.split('::')[0]
        if a != b: top.setdefault(a, set()).add(b)
print('top-level edges:', {k: sorted(v) for k, v in top.items()})
