/** FreeRADIUS's radclient as an independent RADIUS client (Debian freeradius-utils). */
import { spawn } from 'node:child_process';

export interface RadclientReply {
  code: string;
  attributes: Record<string, string>;
}

export interface RadclientResult {
  status: number | null;
  replies: RadclientReply[];
  output: string;
}

/** Sends the request blocks (attribute lines, "A = v" separated by commas or newlines) and parses the replies printed by -x. */
export function radclient(port: number, command: 'auth' | 'acct' | 'status', secret: string, requests: string[], extra: string[] = []): Promise<RadclientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('radclient', ['-x', '-t', '1', '-r', '1', ...extra, `127.0.0.1:${port}`, command, secret], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, replies: parseReplies(output), output }));
    child.stdin.end(`${requests.join('\n\n')}\n`);
  });
}

function parseReplies(output: string): RadclientReply[] {
  const replies: RadclientReply[] = [];
  let current: RadclientReply | null = null;
  for (const line of output.split('\n')) {
    const received = /^Received (\S+) Id/.exec(line);
    if (received) {
      current = { code: received[1]!, attributes: {} };
      replies.push(current);
      continue;
    }
    if (/^(Sent|\(\d+\))/.test(line)) current = null;
    const attr = /^\s+(\S+) = (.*)$/.exec(line);
    if (current && attr) current.attributes[attr[1]!] = attr[2]!.replace(/^"(.*)"$/, '$1');
  }
  return replies;
}
