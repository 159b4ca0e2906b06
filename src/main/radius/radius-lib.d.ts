// The parts of the `radius` package (1.1.x) that codec.ts uses; only codec.ts imports it.
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
