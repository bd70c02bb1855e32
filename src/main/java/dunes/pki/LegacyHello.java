package dunes.pki;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A TLS ClientHello written by hand (RFC 5246 7.4.1.2) that offers up to TLS 1.2 with the cipher
 * suites a 2008-era server has, so that a peer which refuses the JDK's TLS 1.2/1.3 hello can say
 * which version it speaks: its ServerHello's {@code server_version}. Nothing else is read or sent;
 * the connection is closed right after, before any certificate, key exchange or application data.
 */
final class LegacyHello {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final int[] CIPHER_SUITES = {
      0xc02f, 0xc02b, 0xc030, 0xc02c, // ECDHE GCM (TLS 1.2)
      0xc013, 0xc014, 0xc009, 0xc00a, // ECDHE CBC-SHA (TLS 1.0+)
      0x0033, 0x0039, 0x009e,         // DHE
      0x002f, 0x0035, 0x009c, 0x009d, // RSA key exchange: what an IIS 7.5 prefers
      0x000a,                         // 3DES, the TLS 1.0 mandatory suite
      0x00ff};                        // renegotiation SCSV
  private static final int TLS_1_2 = 0x0303;

  private LegacyHello() {}

  /**
   * The version {@code address:port} answers a TLS 1.2 hello with, when it is below TLS 1.2:
   * {@code TLSv1.1}, {@code TLSv1} or {@code SSLv3}. Empty when it answers TLS 1.2, refuses
   * (an alert), closes, or says nothing within {@code timeout}.
   */
  static Optional<String> offeredVersion(InetAddress address, int port, String host, Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      out.write(clientHello(host));
      out.flush();
      return version(socket.getInputStream());
    } catch (IOException e) {
      return Optional.empty(); // learnt nothing: the first failure stands as it was
    }
  }

  /** Reads the record header and the ServerHello's version; an alert or anything else says nothing. */
  static Optional<String> version(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int contentType = data.readUnsignedByte();
    data.readUnsignedShort(); // record version: not the negotiated one
    int length = data.readUnsignedShort();
    if (contentType != 22 || length < 6) { // 22 handshake; 21 would be an alert
      return Optional.empty();
    }
    int handshakeType = data.readUnsignedByte();
    data.readUnsignedByte();
    data.readUnsignedShort(); // handshake length
    if (handshakeType != 2) { // server_hello
      return Optional.empty();
    }
    return Optional.ofNullable(switch (data.readUnsignedShort()) {
      case 0x0300 -> "SSLv3";
      case 0x0301 -> "TLSv1";
      case 0x0302 -> "TLSv1.1";
      default -> null; // TLS 1.2 (or nonsense): the protocol is not what failed
    });
  }

  static byte[] clientHello(String host) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    short16(body, TLS_1_2);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    body.writeBytes(random);
    body.write(0); // no session id
    short16(body, CIPHER_SUITES.length * 2);
    for (int suite : CIPHER_SUITES) {
      short16(body, suite);
    }
    body.write(1);
    body.write(0); // null compression
    byte[] extensions = extensions(host);
    short16(body, extensions.length);
    body.writeBytes(extensions);

    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(22);
    short16(record, 0x0301); // record layer version as clients send it for compatibility
    short16(record, body.size() + 4);
    record.write(1); // client_hello
    record.write(0);
    short16(record, body.size());
    record.writeBytes(body.toByteArray());
    return record.toByteArray();
  }

  private static byte[] extensions(String host) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (host != null && host.indexOf(':') < 0 && !IPV4.matcher(host).matches()) {
      byte[] name = host.getBytes(StandardCharsets.US_ASCII);
      extension(out, 0x0000, list -> { // server_name
        short16(list, name.length + 3);
        list.write(0); // host_name
        short16(list, name.length);
        list.writeBytes(name);
      });
    }
    extension(out, 0x000a, groups -> { // supported_groups: x25519, P-256, P-384
      short16(groups, 6);
      short16(groups, 0x001d);
      short16(groups, 0x0017);
      short16(groups, 0x0018);
    });
    extension(out, 0x000b, formats -> { // ec_point_formats: uncompressed
      formats.write(1);
      formats.write(0);
    });
    extension(out, 0x000d, algorithms -> { // signature_algorithms (TLS 1.2 peers need it)
      int[] schemes = {0x0401, 0x0403, 0x0501, 0x0503, 0x0601, 0x0201, 0x0203};
      short16(algorithms, schemes.length * 2);
      for (int scheme : schemes) {
        short16(algorithms, scheme);
      }
    });
    return out.toByteArray();
  }

  private static void extension(ByteArrayOutputStream out, int type,
      java.util.function.Consumer<ByteArrayOutputStream> content) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    content.accept(data);
    short16(out, type);
    short16(out, data.size());
    out.writeBytes(data.toByteArray());
  }

  private static void short16(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xff);
    out.write(value & 0xff);
  }
}
