package dunes.pki.certsrv;

import dunes.pki.Fingerprints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The independent peer of a default AD CS's login: Apache httpd with mod_auth_gssapi offering
 * Negotiate (an MIT KDC of its own) and NTLM (gss-ntlmssp), no Basic, in front of a lab CA it
 * reverse-proxies to. Set up and torn down by {@code src/test/certsrv-peer/windows-auth-peer.sh}.
 */
final class WindowsAuthPeer implements AutoCloseable {

  static final Path SCRIPT = Path.of("src/test/certsrv-peer/windows-auth-peer.sh");
  /** The script's exit status when the packages cannot be installed here (not root, no apt-get). */
  private static final int CANNOT_INSTALL = 3;

  private final Path directory;
  private final String host;
  private final int httpPort;
  private final int httpsPort;

  private WindowsAuthPeer(Path directory, String host, int httpPort, int httpsPort) {
    this.directory = directory;
    this.host = host;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
  }

  /** Installs what is missing; empty when the peer can run, else why it cannot on this machine. */
  static Optional<String> install() throws Exception {
    Path log = Files.createTempFile("dunes-peer-install-", ".log");
    try {
      int status = run(List.of("bash", SCRIPT.toString(), "install"), Map.of(), log, 15);
      String output = Files.readString(log);
      if (status == CANNOT_INSTALL) {
        return Optional.of(output.strip());
      }
      if (status != 0) {
        throw new IllegalStateException(SCRIPT + " install failed (" + status + "): " + output);
      }
      return Optional.empty();
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * Starts the peer on free ports of {@code address} as {@code host}, with one account
   * ({@code user}, in realm {@code realm} for Kerberos and domain {@code domain} for NTLM), proxying
   * to {@code backend} (whose TLS certificate {@code backendCa} issued) with the backend's own Basic login.
   */
  static WindowsAuthPeer start(String address, String host, String realm, String domain, String user,
      String password, URI backend, X509Certificate backendCa, String backendUser, String backendPassword)
      throws Exception {
    Path directory = Files.createTempDirectory("dunes-windows-auth-peer-");
    Path backendCaFile = directory.resolve("backend-ca.pem");
    Files.writeString(backendCaFile, "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(backendCa.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    int httpPort = freePort(address);
    int httpsPort = freePort(address);
    WindowsAuthPeer peer = new WindowsAuthPeer(directory, host, httpPort, httpsPort);
    Map<String, String> environment = Map.ofEntries(
        Map.entry("PEER_ADDRESS", address),
        Map.entry("PEER_HTTP_PORT", Integer.toString(httpPort)),
        Map.entry("PEER_HTTPS_PORT", Integer.toString(httpsPort)),
        Map.entry("PEER_KDC_PORT", Integer.toString(freePort(address))),
        Map.entry("PEER_HOST", host),
        Map.entry("PEER_REALM", realm),
        Map.entry("PEER_DOMAIN", domain),
        Map.entry("PEER_USER", user),
        Map.entry("PEER_PASSWORD", password),
        Map.entry("PEER_BACKEND", backend.getScheme() + "://" + backend.getRawAuthority()),
        Map.entry("PEER_BACKEND_CA", backendCaFile.toString()),
        Map.entry("PEER_BACKEND_AUTHORIZATION", "Basic " + Base64.getEncoder()
            .encodeToString((backendUser + ":" + backendPassword).getBytes(StandardCharsets.UTF_8))));
    Path log = directory.resolve("start.log");
    int status = run(List.of("bash", SCRIPT.toString(), "start", directory.toString()), environment, log, 2);
    if (status != 0) {
      String output = Files.readString(log);
      peer.close();
      throw new IllegalStateException(SCRIPT + " start failed (" + status + "): " + output);
    }
    return peer;
  }

  /** {@code http://host:port/certsrv}: AD CS's default binding. */
  URI httpUrl() {
    return URI.create("http://" + host + ":" + httpPort + "/certsrv");
  }

  URI httpsUrl() {
    return URI.create("https://" + host + ":" + httpsPort + "/certsrv");
  }

  int httpsPort() {
    return httpsPort;
  }

  /** SHA-256 of the https front's certificate, to pin. */
  String tlsFingerprint() throws Exception {
    X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(directory.resolve("tls.pem"))));
    return Fingerprints.sha256(certificate);
  }

  /** The realm's client configuration (its KDC on loopback), for the JVM's {@code java.security.krb5.conf}. */
  Path krb5Conf() {
    return directory.resolve("krb5.conf");
  }

  @Override
  public void close() throws Exception {
    try {
      run(List.of("bash", SCRIPT.toString(), "stop", directory.toString()), Map.of(), directory.resolve("stop.log"), 1);
    } finally {
      try (var files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static int run(List<String> command, Map<String, String> environment, Path log, int minutes)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not end within " + minutes + " min: " + Files.readString(log));
    }
    return process.exitValue();
  }

  private static int freePort(String address) throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return free.getLocalPort();
    }
  }
}
