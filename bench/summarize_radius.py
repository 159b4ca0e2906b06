#!/usr/bin/env python3
"""Summarize bench/radius.sh: the app vs FreeRADIUS, medians over runs, ratios and the DESIGN.md targets.

  summarize_radius.py app-runs.tsv anchor-runs.tsv latency.txt
"""
import csv
import os
import re
import statistics
import sys


def load(path):
    groups = {}
    if not os.path.exists(path):
        return groups
    with open(path) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            if row['driver'] != 'chunked':
                continue
            key = (row['workload'], int(row['p']))
            groups.setdefault(key, []).append(row)
    out = {}
    for key, rows in groups.items():
        n = int(rows[0]['n'])
        out[key] = {
            'rps': statistics.median(n / (int(r['wall_us']) / 1e6) for r in rows),
            'cpu': statistics.median(int(r['server_cpu_us']) / n for r in rows),
            'lost': sum(int(r['lost']) for r in rows),
            'runs': len(rows),
            'n': n,
        }
    return out


def fmt(v, digits=0):
    return '–' if v is None else f'{v:,.{digits}f}'


def main(app_path, anchor_path, latency_path):
    app, fr = load(app_path), load(anchor_path)
    print('## Throughput (radclient, chunked, median of runs)\n')
    print('| workload | -p | app req/s | FreeRADIUS req/s | ratio app/FR | app server CPU µs/req | FR server CPU µs/req | app lost | target | met |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---|---|')
    rows = [
        ('Access-Request PAP', 'auth', 'auth', 1.0, 'app ≥ FreeRADIUS'),
        ('Accounting, durable (app: SQLite FULL, group commit) vs FreeRADIUS → SQLite WAL', 'acct-durable', 'acct-sqlite-wal', 5.0, '≥ 5× FreeRADIUS SQLite'),
        ('Accounting, durable (app) vs FreeRADIUS → detail file (not fsync\'d)', 'acct-durable', 'acct-detail', None, 'reference'),
    ]
    for label, a_key, f_key, target, target_label in rows:
        for p in (32, 256):
            a, f = app.get((a_key, p)), fr.get((f_key, p))
            ratio = a['rps'] / f['rps'] if a and f else None
            met = '–' if target is None or ratio is None else ('met' if ratio >= target else 'not met')
            print(f"| {label} | {p} | {fmt(a and a['rps'])} | {fmt(f and f['rps'])} | {fmt(ratio, 2)} | {fmt(a and a['cpu'])} | {fmt(f and f['cpu'])} | {a['lost'] if a else '–'} | {target_label} | {met} |")
    print()
    print('## Latency (one request or 50 requests in flight; µs)\n')
    print('| server | tool | kind | in flight | requests | lost | req/s | p50 | p90 | p99 | max | target | met |')
    print('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|')
    if os.path.exists(latency_path):
        for line in open(latency_path):
            kv = dict(re.findall(r'(\w+)=(\S+)', line))
            tool = 'radius-load.ts' if 'inflight' in kv else 'latency_probe.py'
            inflight = int(kv.get('inflight', 1))
            p99 = float(kv.get('p99_us', 'nan'))
            target, met = '–', '–'
            if kv.get('server') == 'app' and kv.get('kind') == 'auth':
                limit = 1000 if inflight == 1 else 5000
                target = f'p99 < {limit // 1000} ms'
                met = 'met' if p99 < limit else 'not met'
            print(f"| {kv.get('server')} | {tool} | {kv.get('kind')} | {inflight} | {kv.get('count')} | {kv.get('lost')} | {kv.get('rps', '–')} | "
                  f"{kv.get('p50_us')} | {kv.get('p90_us')} | {kv.get('p99_us')} | {kv.get('max_us')} | {target} | {met} |")


if __name__ == '__main__':
    main(*sys.argv[1:4])
