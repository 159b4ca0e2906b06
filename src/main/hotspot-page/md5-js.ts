/**
 * md5.js for the login page: the browser side of HTTP-CHAP. RouterOS puts the CHAP id
 * and challenge into the page as JavaScript strings of bytes (`'\371'`), and the page
 * sends MD5(id + password + challenge) instead of the password.
 *
 * Written here rather than taken from npm: the usual packages (blueimp-md5, js-md5's
 * string form) UTF-8-encode their input, which changes every challenge byte above 127,
 * and the app ships no node_modules to read a file from at run time. Plain ES5 with the
 * RFC 1321 tables written out (no Math.sin), for the old phone browsers a Hotspot meets;
 * test/integration/hotspot-page.test.ts checks it against node:crypto on random bytes.
 */
export const MD5_JS = `/* MD5 (RFC 1321) of a string of bytes (character codes 0-255) as lower-case hex, for Hotspot CHAP logins. */
var iwasMd5 = (function () {
  var K = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
  ];
  var S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

  function hex(n) {
    var out = '', i, b;
    for (i = 0; i < 4; i++) {
      b = (n >>> (i * 8)) & 255;
      out += (b < 16 ? '0' : '') + b.toString(16);
    }
    return out;
  }

  return function (bytes) {
    var n = bytes.length, total = (((n + 8) >>> 6) + 1) * 16, words = [], i, j;
    for (i = 0; i < total; i++) words[i] = 0;
    for (i = 0; i < n; i++) words[i >> 2] |= (bytes.charCodeAt(i) & 255) << ((i % 4) * 8);
    words[n >> 2] |= 0x80 << ((n % 4) * 8);
    words[total - 2] = (n << 3) | 0;
    words[total - 1] = n >>> 29;

    var h0 = 0x67452301, h1 = 0xefcdab89 | 0, h2 = 0x98badcfe | 0, h3 = 0x10325476;
    for (i = 0; i < total; i += 16) {
      var a = h0, b = h1, c = h2, d = h3, f, g, s, t;
      for (j = 0; j < 64; j++) {
        if (j < 16) { f = (b & c) | (~b & d); g = j; }
        else if (j < 32) { f = (d & b) | (~d & c); g = (5 * j + 1) % 16; }
        else if (j < 48) { f = b ^ c ^ d; g = (3 * j + 5) % 16; }
        else { f = c ^ (b | ~d); g = (7 * j) % 16; }
        t = d;
        d = c;
        c = b;
        f = (a + f + K[j] + words[i + g]) | 0;
        s = S[(j >> 4) * 4 + (j % 4)];
        b = (b + ((f << s) | (f >>> (32 - s)))) | 0;
        a = t;
      }
      h0 = (h0 + a) | 0;
      h1 = (h1 + b) | 0;
      h2 = (h2 + c) | 0;
      h3 = (h3 + d) | 0;
    }
    return hex(h0) + hex(h1) + hex(h2) + hex(h3);
  };
})();
`;
