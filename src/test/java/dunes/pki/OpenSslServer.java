package dunes.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An independent TLS peer for tests: Debian's {@code openssl s_server -www} on a free loopback port,
 * with a self-signed RSA certificate made by {@code openssl req} for the test. {@code protocol} is
 * s_server's switch ({@code -tls1}, {@code -tls1_1}, {@code -tls1_2}); OpenSSL 3 speaks TLS 1.0/1.1
 * only at security level 0, so the cipher string says so.
 */
public final class OpenSslServer implements AutoCloseable {

  public static final String HOST = "127.0.0.1";

  private final Path directory;
  private final Process process;
  private final String host;
  private final int port;
  private final X509Certificate certificate;

  private OpenSslServer(Path directory, Process process, String host, int port, X509Certificate certificate) {
    this.directory = directory;
    this.process = process;
    this.host = host;
    this.port = port;
    this.certificate = certificate;
  }

  public static OpenSslServer start(String protocol) throws Exception {
    return start(protocol, HOST);
  }

  /** On loopback address {@code host} (a test's own 127.0.x.y). */
  public static OpenSslServer start(String protocol, String host) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      port = free.getLocalPort();
    }
    return start(protocol, host, port);
  }

  /** On {@code host:port}, with a key and certificate of its own: e.g. the same endpoint presenting another one. */
  public static OpenSslServer start(String protocol, String host, int port) throws Exception {
    Path directory = Files.createTempDirectory("dunes-openssl-");
    Path key = directory.resolve("key.pem");
    Path cert = directory.resolve("cert.pem");
    run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
        cert.toString(), "-subj", "/CN=legacy.lab.local", "-days", "2"), directory);
    X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert)));
    List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept", host + ":" + port,
        "-cert", cert.toString(), "-key", key.toString(), protocol, "-www", "-quiet"));
    if (!protocol.equals("-tls1_2")) {
      command.addAll(List.of("-cipher", "DEFAULT@SECLEVEL=0"));
    }
    Process process = new ProcessBuilder(command).directory(directory.toFile())
        .redirectErrorStream(true).redirectOutput(directory.resolve("s_server.log").toFile()).start();
    OpenSslServer server = new OpenSslServer(directory, process, host, port, certificate);
    server.awaitListening();
    return server;
  }

  public int port() {
    return port;
  }

  public String endpoint() {
    return host + ":" + port;
  }

  public String fingerprint() {
    return Fingerprints.sha256(certificate);
  }

  /** The certificate's SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} writes it: AB:CD:… */
  public String opensslFingerprint() throws Exception {
    run(List.of("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", "cert.pem"), directory);
    return Files.readString(directory.resolve("req.log")).trim().replaceFirst("(?i)^sha256 fingerprint=", "");
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("openssl s_server ended: " + Files.readString(directory.resolve("s_server.log")));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(host, port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50); // test set-up only: waiting for the child process to bind
      }
    }
    close();
    throw new IllegalStateException("openssl s_server did not listen on " + endpoint() + " within 10 s");
  }

  private static void run(List<String> command, Path directory) throws Exception {
    Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
        .redirectOutput(directory.resolve("req.log").toFile()).start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + Files.readString(directory.resolve("req.log")));
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
