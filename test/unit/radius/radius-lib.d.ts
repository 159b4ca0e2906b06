// The parts of the `radius` package (1.1.x) that the tests use: the old codec kept as the oracle
// the hand-written one must equal (test/unit/radius/oracle.ts). The app does not load the package.
declare module 'radius' {
  type Value = string | number | Buffer;
  export type Attribute = [name: string | number, value: Value] | [name: 'Vendor-Specific', vendor: number, attributes: Attribute[]];
  export interface Decoded {
    code: string;
    identifier: number;
    length: number;
    authenticator: Buffer;
    attributes: Record<string, unknown>;
    raw_attributes: [number, Buffer][];
  }
  const radius: {
    load_dictionaries(): void;
    _load_dictionary(content: string): string[];
    /** One field (0 id, 1 name, 2 type, 3 enum, 4 reverse enum, 5 modifiers) of an attribute by id or name; undefined when unknown. */
    _attr_to(attr: string | number, vendor: number, field: number): unknown;
    decode(args: { packet: Buffer; secret?: string; no_secret?: boolean }): Decoded;
    /** Writes `attributes` (of `vendor`, -1 for none) into `packet`; returns the bytes written. */
    encode_attributes(packet: Buffer, attributes: Attribute[], vendor: number): number;
    encode(args: {
      code: string;
      identifier: number;
      authenticator?: Buffer;
      attributes: Attribute[];
      secret: string;
      add_message_authenticator?: boolean;
    }): Buffer;
  };
  export default radius;
}
