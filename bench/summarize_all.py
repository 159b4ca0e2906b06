#!/usr/bin/env python3
"""One table for one `npm run bench`: every DESIGN.md section 10 target, what this run measured,
the reference measured in the same run (FreeRADIUS, or the app's own baseline), the ratio, met or not.

  summarize_all.py RUN_DIR      # RUN_DIR/{radius,webhook,ui,startup,cards,payments}/ as written by bench/run.sh

Measurements without a DESIGN.md target (voucher card batches) follow in a second table.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summarize_radius import f0, f2, kv_lines, targets as radius_targets, verdict  # noqa: E402


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def card_ratio(r):
    return '–' if not r else f'a card {r:.4f}× a sale (a sale = {1 / r:,.0f} cards)'


def main(run):
    rows = []  # (target, measured, reference, ratio, met)
    rows += radius_targets(os.path.join(run, 'radius'))

    webhook = kv_lines(os.path.join(run, 'webhook', 'latency.txt'))
    if webhook:
        w = webhook[-1]
        p99 = num(w.get('p99_us'))
        rows.append(('Webhook → Disconnect-Request on the wire, p99 < 10 ms', f"p99 {f0(p99)} µs (p50 {f0(num(w.get('p50_us')))}, {w.get('count')} events)", 'target 10,000 µs', f'{f2(p99 / 10000 if p99 else None)}× target', verdict(None if p99 is None else p99 < 10000)))

    loop = {kv.get('connections'): kv for kv in kv_lines(os.path.join(run, 'eventloop', 'eventloop.txt')) if 'p99_ms' in kv}
    busy = next((kv for c, kv in loop.items() if c not in (None, '0')), None)
    if busy:
        p99, idle = num(busy.get('p99_ms')), num(loop.get('0', {}).get('p99_ms'))
        rows.append((f"Event loop delay p99 < 2 ms at idle, {int(busy['connections']):,} open connections", f"p99 {busy['p99_ms']} ms (max {busy.get('max_ms')})", f"0 connections: p99 {loop['0']['p99_ms']} ms" if '0' in loop else '–',
                     f"{f2(p99 / idle if p99 and idle else None)}× 0 connections; {f2(p99 / 2 if p99 else None)}× target", verdict(None if p99 is None else p99 < 2)))

    ui_path = os.path.join(run, 'ui', 'ui-sessions.json')
    if os.path.exists(ui_path):
        ui = json.load(open(ui_path))
        worst = next((r for r in ui['results'] if r['batchSessions'] == ui['sessions']), None)
        real = next((r for r in ui['results'] if r['batchSessions'] != ui['sessions']), None)
        if worst:
            p95 = worst['paintedMs']['p95']
            rows.append((f"Sessions screen, {ui['sessions']:,} sessions, < 50 ms per batch (all changed every batch)", f"painted p95 {p95} ms, max {worst['paintedMs']['max']} ms", f"realistic batch ({real['batchSessions']} sessions) p95 {real['paintedMs']['p95']} ms" if real else '–', f'{f2(p95 / 50)}× target', verdict(p95 < 50) if worst['paintedMs']['max'] < 50 or p95 >= 50 else '**met at p95**, not for the slowest batch'))

    startup = {kv.get('case'): kv for kv in kv_lines(os.path.join(run, 'startup', 'startup.txt')) if 'case' in kv and 'median_ms' in kv}
    if 'history' in startup:
        c, b, a = (num(startup.get(k, {}).get('median_ms')) for k in ('history', 'empty', 'floor'))
        rows.append(('Core ready (ports bound) < 1 s with 100,000 past sessions', f'median {f0(c)} ms (p90 {startup["history"].get("p90_ms")})', f'empty database {f0(b)} ms; bare `node` {f0(a)} ms', f'{f2(c / b if c and b else None)}× empty; {f2(c / 1000 if c else None)}× target', verdict(None if c is None else c < 1000)))

    # No target: what a card costs next to what a sale costs, the 2,000-card sheet next to a small one.
    other = []  # (measurement, measured, reference, ratio)
    cards = {kv.get('case'): kv for kv in kv_lines(os.path.join(run, 'cards', 'cards.txt')) if 'case' in kv}
    if 'batch' in cards and 'sales' in cards:
        b, s = cards['batch'], cards['sales']
        other.append((f"Generate a batch of {int(b['cards']):,} first-use cards (median of {b['runs']})", f"{f0(num(b['median_ms']))} ms ({f0(num(b['per_card_us']))} µs a card)",
                      f"{int(s['sales']):,} counter sales {f0(num(s['median_ms']))} ms ({f0(num(s['per_sale_us']))} µs a sale)", card_ratio(num(cards.get('core_ratio', {}).get('median')))))
    if 'sheet' in cards and 'sheet_reference' in cards:
        c, r = cards['sheet'], cards['sheet_reference']
        other.append((f"A4 sheet of {int(c['cards']):,} cards ({c['pages']} pages) in Chromium: click → all rendered (median of {c['runs']})", f"{f0(num(c['median_ms']))} ms (again on the same page {f0(num(c['again_median_ms']))} ms)",
                      f"{r['cards']} cards {f0(num(r['median_ms']))} ms", f"{f2(num(cards.get('sheet_ratio', {}).get('median')))}× the {r['cards']}-card sheet"))
    pay = next((kv for kv in kv_lines(os.path.join(run, 'payments', 'latency.txt')) if 'gate_p50_us' in kv), None)
    if pay:
        us = lambda k: f"{num(pay[k]) / 1000:.2f} ms"
        other.append((f"Payment event → Access-Accept for that MAC (gate opened over the RouterOS API), {int(pay['count']):,} devices", f"p50 {us('gate_p50_us')}, p99 {us('gate_p99_us')}",
                      f"the POST's 200: p50 {us('post_p50_us')}, p99 {us('post_p99_us')}", f"{f2(num(pay['ratio_p50']))}× / {f2(num(pay['ratio_p99']))}× (p50 / p99)"))

    print('## Targets (DESIGN.md section 10), one run\n')
    print('| target | measured | reference, same run | ratio | met |')
    print('|---|---|---|---|---|')
    for r in rows:
        print('| ' + ' | '.join(r) + ' |')
    if other:
        print('\n## Without a target, same run\n')
        print('| measurement | measured | reference, same run | ratio |')
        print('|---|---|---|---|')
        for r in other:
            print('| ' + ' | '.join(r) + ' |')
    missing = [s for s in ('radius', 'eventloop', 'webhook', 'ui', 'startup', 'cards', 'payments') if not os.path.isdir(os.path.join(run, s))]
    if missing:
        print(f"\nNot run this time: {', '.join(missing)}.")


if __name__ == '__main__':
    main(sys.argv[1])
