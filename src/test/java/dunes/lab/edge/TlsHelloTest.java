package dunes.lab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class TlsHelloTest {

  private static final String ID = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  @Test
  void shouldReadTheSessionIdOfAResumingClientHello() {
    byte[] hello = hello(0x01, ID);

    TlsHello.Result result = TlsHello.sessionId(hello, hello.length);

    assertThat(result.state()).isEqualTo(TlsHello.State.SESSION_ID);
    assertThat(result.sessionId()).isEqualTo(ID);
  }

  @Test
  void shouldReadTheSessionIdAServerHelloAssigns() {
    byte[] hello = hello(0x02, "abcdef01");

    assertThat(TlsHello.sessionId(hello, hello.length).sessionId()).isEqualTo("abcdef01");
  }

  @Test
  void shouldSayWhenANewSessionCarriesNoId() {
    byte[] hello = hello(0x01, "");

    assertThat(TlsHello.sessionId(hello, hello.length).state()).isEqualTo(TlsHello.State.NO_SESSION_ID);
  }

  @Test
  void shouldAskForMoreUntilTheWholeIdHasArrived() {
    byte[] hello = hello(0x01, ID);

    assertThat(TlsHello.sessionId(hello, 3).state()).isEqualTo(TlsHello.State.NEED_MORE);
    assertThat(TlsHello.sessionId(hello, 43).state()).isEqualTo(TlsHello.State.NEED_MORE);
    assertThat(TlsHello.sessionId(hello, 44 + 31).state()).isEqualTo(TlsHello.State.NEED_MORE);
    assertThat(TlsHello.sessionId(hello, 44 + 32).state()).isEqualTo(TlsHello.State.SESSION_ID);
  }

  @Test
  void shouldRecogniseBytesThatAreNoTlsHello() {
    byte[] http = "GET /vco/api HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    assertThat(TlsHello.sessionId(http, http.length).state()).isEqualTo(TlsHello.State.NOT_TLS_HELLO);
  }

  @Test
  void shouldParseTheJdksOwnClientHello() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);
    SSLEngine engine = context.createSSLEngine("vcvco.lab.local", 8281);
    engine.setUseClientMode(true);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    byte[] hello = Arrays.copyOf(out.array(), out.position());

    TlsHello.Result result = TlsHello.sessionId(hello, hello.length);

    // TLS 1.3 clients send a random 32-byte legacy session id ("middlebox compatibility")
    assertThat(result.state()).isEqualTo(TlsHello.State.SESSION_ID);
    assertThat(result.sessionId()).hasSize(64);
  }

  /** A handshake record with a hello of {@code type} up to its session id (enough for the parser). */
  private static byte[] hello(int type, String sessionIdHex) {
    byte[] id = HexFormat.of().parseHex(sessionIdHex);
    ByteBuffer buffer = ByteBuffer.allocate(44 + id.length + 8);
    int bodyLength = 2 + 32 + 1 + id.length + 8;
    buffer.put((byte) 0x16).put((byte) 0x03).put((byte) 0x03).putShort((short) (4 + bodyLength));
    buffer.put((byte) type).put((byte) 0).putShort((short) bodyLength);
    buffer.put((byte) 0x03).put((byte) 0x03).put(new byte[32]);
    buffer.put((byte) id.length).put(id).put(new byte[8]);
    return buffer.array();
  }
}
