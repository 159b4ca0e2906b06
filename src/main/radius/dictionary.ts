/**
 * Our MikroTik vendor dictionary (vendor 14988), in the FreeRADIUS dictionary format,
 * plus the wire facts the codec checks before trusting a byte: packet codes and the value
 * length of every fixed-size attribute we read. Attribute names are typed from the
 * dictionaries (attribute-names.ts) and their types tabled (attribute-table.ts), both
 * generated from the `radius` package's dictionaries and this one.
 */
import type { AttributeName, MikrotikAttributeName } from './attribute-names';

export const MIKROTIK_VENDOR_ID = 14988;

/** Attributes of vendor 14988 (as in FreeRADIUS's dictionary.mikrotik). */
export const MIKROTIK_DICTIONARY = `
VENDOR		Mikrotik			14988
BEGIN-VENDOR	Mikrotik
ATTRIBUTE	Mikrotik-Recv-Limit			1	integer
ATTRIBUTE	Mikrotik-Xmit-Limit			2	integer
ATTRIBUTE	Mikrotik-Group				3	string
ATTRIBUTE	Mikrotik-Wireless-Forward		4	integer
ATTRIBUTE	Mikrotik-Wireless-Skip-Dot1x		5	integer
ATTRIBUTE	Mikrotik-Wireless-Enc-Algo		6	integer
ATTRIBUTE	Mikrotik-Wireless-Enc-Key		7	string
ATTRIBUTE	Mikrotik-Rate-Limit			8	string
ATTRIBUTE	Mikrotik-Realm				9	string
ATTRIBUTE	Mikrotik-Host-IP			10	ipaddr
ATTRIBUTE	Mikrotik-Mark-Id			11	string
ATTRIBUTE	Mikrotik-Advertise-URL			12	string
ATTRIBUTE	Mikrotik-Advertise-Interval		13	integer
ATTRIBUTE	Mikrotik-Recv-Limit-Gigawords		14	integer
ATTRIBUTE	Mikrotik-Xmit-Limit-Gigawords		15	integer
ATTRIBUTE	Mikrotik-Wireless-PSK			16	string
ATTRIBUTE	Mikrotik-Total-Limit			17	integer
ATTRIBUTE	Mikrotik-Total-Limit-Gigawords		18	integer
ATTRIBUTE	Mikrotik-Address-List			19	string
ATTRIBUTE	Mikrotik-Wireless-MPKey			20	string
ATTRIBUTE	Mikrotik-Wireless-Comment		21	string
ATTRIBUTE	Mikrotik-Delegated-IPv6-Pool		22	string
ATTRIBUTE	Mikrotik-DHCP-Option-Set		23	string
ATTRIBUTE	Mikrotik-DHCP-Option-Param-STR1		24	string
ATTRIBUTE	Mikrotik-DHCP-Option-Param-STR2		25	string
ATTRIBUTE	Mikrotik-Wireless-VLANID		26	integer
ATTRIBUTE	Mikrotik-Wireless-VLANIDtype		27	integer
ATTRIBUTE	Mikrotik-Wireless-Minsignal		28	string
ATTRIBUTE	Mikrotik-Wireless-Maxsignal		29	string
ATTRIBUTE	Mikrotik-Switching-Filter		30	string
END-VENDOR	Mikrotik
`;

/** An attribute as the dictionaries define it (attribute-table.ts holds them all). */
export interface AttributeDefinition {
  name: string;
  /** The dictionary's type, lower case: string, integer, ipaddr, date, octets, … */
  type: string;
  /** has_tag (RFC 2868): a leading tag byte 0–31. */
  tagged?: true;
  /** encrypt=1: hidden as User-Password is (RFC 2865 section 5.2). */
  hidden?: true;
  /** Enumerated values (VALUE lines): the name each number decodes to. */
  values?: Readonly<Record<string, number>>;
  /** Further names that encode to a number of `values` (decoding gives the name there). */
  aliases?: Readonly<Record<string, number>>;
}

export const Code = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  StatusServer: 12,
  DisconnectRequest: 40,
  DisconnectAck: 41,
  DisconnectNak: 42,
  CoaRequest: 43,
  CoaAck: 44,
  CoaNak: 45,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

export const codeNames: Record<number, string> = {
  1: 'Access-Request',
  2: 'Access-Accept',
  3: 'Access-Reject',
  4: 'Accounting-Request',
  5: 'Accounting-Response',
  12: 'Status-Server',
  40: 'Disconnect-Request',
  41: 'Disconnect-ACK',
  42: 'Disconnect-NAK',
  43: 'CoA-Request',
  44: 'CoA-ACK',
  45: 'CoA-NAK',
};

/** Requests whose authenticator is MD5 over the packet (not random): they sign with a zero vector. */
export const signedRequestCodes: ReadonlySet<number> = new Set([Code.AccountingRequest, Code.DisconnectRequest, Code.CoaRequest]);

export const Attr = {
  UserName: 1,
  UserPassword: 2,
  ChapPassword: 3,
  NasIpAddress: 4,
  Class: 25,
  VendorSpecific: 26,
  MessageAuthenticator: 80,
  ChapChallenge: 60,
} as const;

/** Integer attributes the app writes, by name (the old codec encoded them without the package's per-value allocation; its test oracle still does). */
export const INTEGER_ATTRIBUTES: ReadonlySet<string> = new Set<AttributeName>([
  'NAS-Port', 'Session-Timeout', 'Idle-Timeout', 'Acct-Delay-Time', 'Acct-Input-Octets', 'Acct-Output-Octets',
  'Acct-Session-Time', 'Acct-Input-Packets', 'Acct-Output-Packets', 'Acct-Input-Gigawords', 'Acct-Output-Gigawords',
  'Event-Timestamp', 'Port-Limit', 'Acct-Interim-Interval', 'Error-Cause',
]);

/** Integer attributes of vendor 14988 the app writes. */
export const MIKROTIK_INTEGER_ATTRIBUTES: ReadonlySet<string> = new Set<MikrotikAttributeName>([
  'Mikrotik-Recv-Limit', 'Mikrotik-Xmit-Limit', 'Mikrotik-Recv-Limit-Gigawords', 'Mikrotik-Xmit-Limit-Gigawords',
  'Mikrotik-Total-Limit', 'Mikrotik-Total-Limit-Gigawords',
]);

/** Value lengths that are fixed by the RFCs (integer, date, ipaddr, and the odd ones). */
export const fixedValueLength: Readonly<Record<number, number>> = {
  3: 17, // CHAP-Password: ident + 16
  4: 4, // NAS-IP-Address
  5: 4, // NAS-Port
  6: 4, // Service-Type
  7: 4, // Framed-Protocol
  8: 4, // Framed-IP-Address
  27: 4, // Session-Timeout
  28: 4, // Idle-Timeout
  40: 4, // Acct-Status-Type
  41: 4, // Acct-Delay-Time
  42: 4, // Acct-Input-Octets
  43: 4, // Acct-Output-Octets
  45: 4, // Acct-Authentic
  46: 4, // Acct-Session-Time
  47: 4, // Acct-Input-Packets
  48: 4, // Acct-Output-Packets
  49: 4, // Acct-Terminate-Cause
  52: 4, // Acct-Input-Gigawords
  53: 4, // Acct-Output-Gigawords
  55: 4, // Event-Timestamp
  61: 4, // NAS-Port-Type
  62: 4, // Port-Limit
  80: 16, // Message-Authenticator
  85: 4, // Acct-Interim-Interval
  101: 4, // Error-Cause
};

/** Fixed value lengths of the MikroTik attributes we read (integers and Mikrotik-Host-IP). */
export const mikrotikFixedValueLength: Readonly<Record<number, number>> = {
  1: 4, 2: 4, 10: 4, 13: 4, 14: 4, 15: 4, 17: 4, 18: 4,
};
