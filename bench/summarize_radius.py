#!/usr/bin/env python3
"""Summarize bench/radius.sh: the app vs FreeRADIUS under udpload, medians over runs, the issue 17 targets.

  summarize_radius.py RADIUS_DIR    # runs.txt, sanity.txt (and anchor-runs.tsv with ANCHOR=1), as radius.sh writes them

targets(RADIUS_DIR) gives the rows of the targets table; bench/summarize_all.py puts them in its own.
"""
import csv
import os
import re
import statistics
import sys

SERVERS = ('app', 'freeradius')


def kv_lines(path):
    """Every line of PATH as a dict of its key=value fields ([] when PATH does not exist)."""
    if not os.path.exists(path):
        return []
    return [dict(re.findall(r'(\w+)=(\S+)', line)) for line in open(path)]


def load(path):
    """FreeRADIUS's radclient anchor (runs.tsv of run-freeradius-anchor.sh): medians per (workload, -p), chunked driver."""
    groups = {}
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            if row['driver'] == 'chunked':
                groups.setdefault((row['workload'], int(row['p'])), []).append(row)
    return {
        key: {
            'rps': statistics.median(int(r['n']) / (int(r['wall_us']) / 1e6) for r in rows),
            'cpu': statistics.median(int(r['server_cpu_us']) / int(r['n']) for r in rows),
            'lost': sum(int(r['lost']) for r in rows),
        }
        for key, rows in groups.items()
    }


def cells(lines):
    """udpload runs per (phase, server, kind, in flight), in the order first seen: medians over the runs, lost summed.

    cpu: server CPU µs per request sent; max_us: the largest of the runs; overlap (with-acct, with-acct1): 'no' if any run's
    accounting stream ended before its auth run."""
    groups = {}
    for kv in lines:
        groups.setdefault((kv['phase'], kv['server'], kv['kind'], int(kv['inflight'])), []).append(kv)
    out = {}
    for key, rows in groups.items():
        med = lambda k: statistics.median(float(r[k]) for r in rows)
        cell = {k: med(k) for k in ('rps', 'p50_us', 'p90_us', 'p99_us', 'p999_us')}
        cell.update(
            cpu=statistics.median(int(r['server_cpu_us']) / int(r['sent']) for r in rows) if 'sent' in rows[0] else None,
            max_us=max(int(r['max_us']) for r in rows),
            count=sum(int(r['count']) for r in rows),
            lost=sum(int(r['lost']) for r in rows),
            runs=len(rows),
        )
        if 'acct_rps' in rows[0]:
            cell.update(acct_rps=med('acct_rps'), acct_lost=sum(int(r['acct_lost']) for r in rows), overlap='no' if any(r['overlap'] != 'yes' for r in rows) else 'yes')
        out[key] = cell
    return out


def f0(v):
    return '–' if v is None else f'{v:,.0f}'


def f2(v):
    return '–' if v is None else f'{v:.2f}'


def verdict(ok):
    return '–' if ok is None else ('**met**' if ok else '**not met**')


def lost_note(cell):
    lost = cell['lost'] if cell else 0
    return f' ({lost:,} lost)' if lost else ''


def alongside(cell):
    return f", {f0(cell['acct_rps'])} reports/s alongside" if cell and 'acct_rps' in cell else ''


def runs_note(c, phase):
    runs = max((v['runs'] for k, v in c.items() if k[0] == phase), default=0)
    return f'median of {runs} runs' if runs > 1 else 'one run'


def targets(radius_dir):
    """The issue 17 (and DESIGN.md §10) targets: (target, measured, reference same run, ratio, met), as strings."""
    c = cells(kv_lines(os.path.join(radius_dir, 'runs.txt')))
    if not c:
        return []
    rows = []
    for label, kind, key, unit, ok in (
        ('Auth server CPU per request ≤ FreeRADIUS', 'auth', 'cpu', 'µs/req', lambda ratio: ratio <= 1),
        ('Auth throughput ≥ FreeRADIUS', 'auth', 'rps', 'req/s', lambda ratio: ratio >= 1),
        ('Durable accounting throughput ≥ 10× FreeRADIUS → SQLite WAL', 'acct', 'rps', 'req/s', lambda ratio: ratio >= 10),
    ):
        for p in (32, 256):
            a, f = (c.get(('throughput', s, kind, p)) for s in SERVERS)
            ratio = a[key] / f[key] if a and f and f[key] else None
            rows.append((f'{label} ({p} in flight)', f'{f0(a and a[key])} {unit}{lost_note(a)}', f'FreeRADIUS {f0(f and f[key])} {unit}{lost_note(f)}',
                         f'{f2(ratio)}× FR', verdict(None if ratio is None else ok(ratio) and not a['lost'])))
    for phase, limit, inflight, label in (('latency', 5000, 50, 'alone'), ('with-acct', 5000, 50, 'with accounting alongside (32 in flight, flat out)'),
                                          ('with-acct1', 5000, 50, 'with accounting alongside (1 in flight, one report at a time)'), ('latency', 1000, 1, 'alone (DESIGN.md §10)')):
        a, f = (c.get((phase, s, 'auth', inflight)) for s in SERVERS)
        if not a:
            continue
        fp = f and f['p99_us']
        met = '**not measured** (the accounting stream ended first)' if a.get('overlap') == 'no' else verdict(a['p99_us'] < limit and not a['lost'])
        rows.append((f'Auth p99 < {limit // 1000} ms at {inflight} in flight, {label}', f"p99 {f0(a['p99_us'])} µs (p50 {f0(a['p50_us'])}{alongside(a)}){lost_note(a)}",
                     f'FreeRADIUS p99 {f0(fp)} µs{alongside(f)}', f"{f2(a['p99_us'] / fp if fp else None)}× FR; {f2(a['p99_us'] / limit)}× target", met))
    return rows


def main(radius_dir):
    c = cells(kv_lines(os.path.join(radius_dir, 'runs.txt')))
    print('## RADIUS: the app vs FreeRADIUS 3, same run, same load (udpload)\n')
    print('| target | app | FreeRADIUS, same run | ratio | met |')
    print('|---|---|---|---|---|')
    for r in targets(radius_dir):
        print('| ' + ' | '.join(r) + ' |')

    print(f"\n### Throughput and server CPU (udpload, closed loop, {runs_note(c, 'throughput')})\n")
    print('| workload | in flight | app req/s | FR req/s | app / FR | app CPU µs/req | FR CPU µs/req | app / FR | app p99 µs | FR p99 µs | app lost | FR lost |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for kind, label in (('auth', 'Access-Request PAP (FR: files)'), ('acct', 'Accounting, durable (app: SQLite WAL, answered after its fdatasync, group commit; FR: rlm_sql → SQLite WAL, fsync per report)')):
        for p in (32, 256):
            a, f = (c.get(('throughput', s, kind, p)) for s in SERVERS)
            if a and f:
                print(f"| {label} | {p} | {f0(a['rps'])} | {f0(f['rps'])} | {f2(a['rps'] / f['rps'])} | {f0(a['cpu'])} | {f0(f['cpu'])} | "
                      f"{f2(a['cpu'] / f['cpu'] if f['cpu'] else None)} | {f0(a['p99_us'])} | {f0(f['p99_us'])} | {a['lost']:,} | {f['lost']:,} |")

    note = runs_note(c, 'latency')
    print(f"\n### Auth latency (µs; udpload, 500 warm-up requests a run not counted; {note + ', max: the largest' if note != 'one run' else note})\n")
    print('| server | in flight | accounting alongside | requests | lost | req/s | p50 | p90 | p99 | p99.9 | max |')
    print('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|')
    for (phase, server, _, inflight), v in c.items():
        if phase not in ('latency', 'with-acct', 'with-acct1'):
            continue
        side = '–' if phase == 'latency' else f"{1 if phase == 'with-acct1' else 32} in flight: {f0(v['acct_rps'])} reports/s, {v['acct_lost']:,} lost{'' if v['overlap'] == 'yes' else ', ended before the auth run'}"
        us = ' | '.join(f0(v[k]) for k in ('p50_us', 'p90_us', 'p99_us', 'p999_us', 'max_us'))
        print(f"| {server} | {inflight} | {side} | {v['count']:,} | {v['lost']:,} | {f0(v['rps'])} | {us} |")

    anchor = load(os.path.join(radius_dir, 'anchor-runs.tsv'))
    if anchor:
        print('\n### FreeRADIUS under radclient (ANCHOR=1: run-freeradius-anchor.sh, chunked driver, median; all of it in anchor.txt), beside ../shared/bench/README.md\n')
        print('| workload | -p | req/s | server CPU µs/req | lost |')
        print('|---|---:|---:|---:|---:|')
        for (wl, p), v in sorted(anchor.items()):
            print(f"| {wl} | {p} | {f0(v['rps'])} | {f0(v['cpu'])} | {v['lost']} |")

    sanity = os.path.join(radius_dir, 'sanity.txt')
    if os.path.exists(sanity):
        print('\nChecks: ' + '; '.join(line.strip() for line in open(sanity) if line.strip()) + '.')


if __name__ == '__main__':
    main(sys.argv[1])
