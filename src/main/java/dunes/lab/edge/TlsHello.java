package dunes.lab.edge;

import java.util.HexFormat;

/**
 * Reads the legacy session id of a TLS ClientHello or ServerHello from the first bytes of a
 * connection. Both messages put it at the same offset: record header (5), handshake header (4),
 * version (2), random (32), then a length byte and up to 32 bytes of id.
 */
final class TlsHello {

  /** Bytes that always suffice to decide. */
  static final int MAX_NEEDED = 44 + 32;
  private static final int ID_LENGTH_AT = 43;

  enum State { NEED_MORE, NOT_TLS_HELLO, NO_SESSION_ID, SESSION_ID }

  record Result(State state, String sessionId) {
    static final Result NEED_MORE = new Result(State.NEED_MORE, null);
    static final Result NOT_TLS_HELLO = new Result(State.NOT_TLS_HELLO, null);
    static final Result NO_SESSION_ID = new Result(State.NO_SESSION_ID, null);
  }

  private TlsHello() {}

  static Result sessionId(byte[] data, int length) {
    if (length >= 1 && data[0] != 0x16) { // not a handshake record
      return Result.NOT_TLS_HELLO;
    }
    if (length >= 2 && data[1] != 0x03) {
      return Result.NOT_TLS_HELLO;
    }
    if (length >= 6 && data[5] != 0x01 && data[5] != 0x02) { // ClientHello or ServerHello
      return Result.NOT_TLS_HELLO;
    }
    if (length <= ID_LENGTH_AT) {
      return Result.NEED_MORE;
    }
    int idLength = data[ID_LENGTH_AT] & 0xff;
    if (idLength == 0) {
      return Result.NO_SESSION_ID;
    }
    if (idLength > 32) {
      return Result.NOT_TLS_HELLO;
    }
    if (length < ID_LENGTH_AT + 1 + idLength) {
      return Result.NEED_MORE;
    }
    return new Result(State.SESSION_ID, HexFormat.of().formatHex(data, ID_LENGTH_AT + 1, ID_LENGTH_AT + 1 + idLength));
  }
}
