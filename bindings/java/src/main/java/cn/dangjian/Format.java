package cn.dangjian;

/** How the bytes of a snapshot or profile are written (the C interface's DJ_FORMAT_*). */
public enum Format {
  /** Protobuf JSON. */
  JSON(1),
  /** Binary protobuf. */
  BINARY(2),
  /** Protobuf text format: profiles. */
  TEXTPROTO(3),
  /** Varint-delimited Snapshot messages: snapshots. */
  DELIMITED(4);

  final int code;

  Format(int code) {
    this.code = code;
  }
}
