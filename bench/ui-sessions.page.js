// Injected into the cashier UI by bench/ui-sessions.ts, before the app starts: stands in
// for the core the way the desktop app's preload bridge does (window.iwasTransport), with
// N live sessions shaped exactly like the core's SessionView, and lets the benchmark
// deliver update batches as JSON text (what arrives over IPC or the event stream) and
// time them until the frame that shows them is painted.
(() => {
  const N = Number(new URLSearchParams(location.search).get('sessions') ?? '5000');
  const started = Date.now();
  const routers = ['Front hAP', 'Upstairs cAP', 'Terrace wAP'];
  const packages = [
    { id: 1, name: '1 hour', timeLimitS: 3600, dataLimitBytes: 500e6, validityS: null, deviceLimit: 1 },
    { id: 2, name: '3 hours, 2 devices', timeLimitS: 10800, dataLimitBytes: null, validityS: 86400, deviceLimit: 2 },
    { id: 3, name: '100 MB', timeLimitS: null, dataLimitBytes: 100e6, validityS: 86400, deviceLimit: 1 },
  ];
  const hex = (n) => n.toString(16).padStart(2, '0').toUpperCase();
  let nextId = 1;

  function session(id, at) {
    const p = packages[id % packages.length];
    const online = id % 10 !== 0; // one in ten sold but not used yet
    const devices = online
      ? Array.from({ length: p.deviceLimit === 2 && id % 3 === 0 ? 2 : 1 }, (_, k) => ({
          connectionId: id * 4 + k,
          mac: `AA:BB:${hex((id >> 16) & 255)}:${hex((id >> 8) & 255)}:${hex(id & 255)}:${hex(k)}`,
          ip: `10.5.${(id >> 8) & 255}.${id & 255}`,
          routerId: (id % routers.length) + 1,
          routerName: routers[id % routers.length],
          startedAt: at - 600_000,
          lastUpdateAt: at,
          disconnect: id % 997 === 0 ? 'failed' : null,
          disconnectError: id % 997 === 0 ? 'coa: no answer from 192.168.88.1:3799 after 3 tries' : null,
        }))
      : [];
    return {
      id,
      login: 'voucher',
      voucherCode: `v${id.toString(36).padStart(5, '0')}`,
      password: `v${id.toString(36).padStart(5, '0')}`,
      mac: null,
      state: online ? 'ACTIVE' : 'PENDING',
      packageId: p.id,
      packageName: p.name,
      timeLimitS: p.timeLimitS,
      validityS: p.validityS,
      dataLimitBytes: p.dataLimitBytes,
      rateDownKbps: 10000,
      rateUpKbps: 5000,
      deviceLimit: p.deviceLimit,
      idleTimeoutS: null,
      pcUser: id % 7 === 0 ? `pc-user-${id}` : null,
      pcStation: id % 7 === 0 ? `PC-${String(id % 40).padStart(2, '0')}` : null,
      bytesIn: online ? (id * 7919) % 5e6 : 0,
      bytesOut: online ? (id * 104729) % 4e7 : 0,
      timeUsedS: online ? 600 : 0,
      devices,
      remaining: { timeS: p.timeLimitS === null ? null : p.timeLimitS - (online ? 600 : 0), dataBytes: p.dataLimitBytes, validUntil: p.validityS === null || !online ? null : at + p.validityS * 1000 },
      asOf: at,
      createdAt: at - 700_000,
      firstLoginAt: online ? at - 600_000 : null,
      lastUpdateAt: online ? at : null,
      endedAt: null,
      endReason: null,
    };
  }

  const live = new Map();
  for (let i = 0; i < N; i++) {
    const s = session(nextId++, started);
    live.set(s.id, s);
  }

  let listener = null;
  const operator = { id: 1, name: 'Bench', role: 'admin', active: true, createdAt: started, language: null };
  const settings = {
    cafe: { name: 'Benchmark Café', receiptHeader: '', receiptFooter: '', receiptWidthMm: 58 },
    money: { currency: 'PHP', locale: 'en-PH' },
    vouchers: { length: 6, mode: 'code', passwordLength: 6 },
    hotspot: { loginUrl: '' },
    radius: { interimIntervalS: 120, staleAfterIntervals: 3 },
    language: 'en',
    lan: { enabled: false, address: null, port: 8080 },
  };
  const radius = { listening: true, host: '0.0.0.0', authPort: 1812, acctPort: 1813, error: null, lastWriteError: null, drops: {}, routers: routers.map((name, i) => ({ routerId: i + 1, name, ip: `192.168.88.${i + 1}`, lastSeenAt: Date.now(), openConnections: 0, accessRequests: 0, accepts: 0, rejects: 0, accountingRequests: 0, accountingResponses: 0, duplicates: 0, drops: {} })) };
  const answers = {
    'setup.status': () => ({ needsAdmin: false, version: 'bench', language: 'en' }),
    'operators.roster': () => [{ id: 1, name: 'Bench', role: 'admin' }],
    'operators.signIn': () => ({ token: 'bench-operator', operator }),
    'packages.list': () => packages.map((p, i) => ({ ...p, pricing: 'fixed', priceMinor: 2000 * (i + 1), rateDownKbps: null, rateUpKbps: null, idleTimeoutS: null, sortOrder: i, active: true, createdAt: started, updatedAt: started })),
    'settings.get': () => settings,
    'sessions.list': () => ({ sessions: [...live.values()], nextBefore: null }),
    'status.get': () => ({ version: 'bench', startedAt: started, database: { ok: true, path: '(bench)', sizeBytes: 0, error: null }, liveSessions: live.size, radius, webhook: { listening: true, port: 8790, lastEventAt: null }, disconnects: { pending: 0, failing: 0 }, secrets: { protection: 'os-keyring', warning: null }, backups: { dir: null, lastAt: null, error: null } }),
    'radius.stats': () => radius,
  };

  window.iwasTransport = {
    async call(method) {
      const answer = answers[method];
      if (!answer) throw new Error(`bench transport: ${method} is not part of this benchmark`);
      // Structured like the IPC answer: a fresh copy each time.
      return structuredClone(answer());
    },
    subscribe(onEvent, connected) {
      listener = onEvent;
      setTimeout(() => connected(true), 0);
      return () => {
        listener = null;
      };
    },
  };

  let cursor = 0;
  let seq = 0;
  window.__bench = {
    live: () => live.size,
    /** The next batch as JSON text: `size` sessions with new usage, a few ending and as many new ones sold. */
    makeBatch(size) {
      const at = Date.now();
      const ids = [...live.keys()];
      const out = [];
      const churn = Math.max(1, Math.round(size * 0.005));
      for (let k = 0; k < size - 2 * churn && ids.length; k++) {
        const s = live.get(ids[cursor++ % ids.length]);
        if (s.state !== 'ACTIVE') continue;
        s.bytesOut += 150_000 + (k % 7) * 10_000;
        s.bytesIn += 20_000;
        s.timeUsedS += 1;
        s.lastUpdateAt = at;
        s.asOf = at;
        if (s.remaining.dataBytes !== null) s.remaining.dataBytes = Math.max(0, s.dataLimitBytes - s.bytesIn - s.bytesOut);
        for (const d of s.devices) d.lastUpdateAt = at;
        out.push(s);
      }
      for (let k = 0; k < churn; k++) {
        const s = live.get(ids[(cursor + k * 13) % ids.length]);
        live.delete(s.id);
        out.push({ ...s, state: 'EXPIRED', devices: [], endedAt: at, endReason: 'data used up' });
        const fresh = session(nextId++, at);
        live.set(fresh.id, fresh);
        out.push(fresh);
      }
      return JSON.stringify({ type: 'sessions.updated', seq: ++seq, at, sessions: out });
    },
    /** Delivers a batch; resolves with ms until parsed, until applied (store + React commit) and until painted. */
    async deliver(json) {
      const t0 = performance.now();
      const event = JSON.parse(json);
      const tp = performance.now();
      listener(event);
      await new Promise((r) => queueMicrotask(r));
      const t1 = performance.now();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return { parsed: tp - t0, applied: t1 - t0, painted: performance.now() - t0, bytes: json.length };
    },
    domNodes: () => document.getElementsByTagName('*').length,
  };
})();
