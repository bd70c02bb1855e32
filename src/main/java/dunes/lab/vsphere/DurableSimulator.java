package dunes.lab.vsphere;

import dunes.pki.Fingerprints;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import dunes.lab.LabState;

/**
 * The durable lab's vCenter: vcsim as a process of its own, in its own session (so neither a kill
 * of the lab's JVM nor a Ctrl-C in its terminal reaches it), with what a later start needs to find
 * it in the work dir: {@code vcsim.pid}, {@code vcsim.url} and {@code vcsim.launch} (a digest of the
 * command line and password it was started with). A simulator is adopted only when it runs, was
 * started exactly as this start would start it, and serves the lab's kept certificate.
 */
final class DurableSimulator {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  record Running(ProcessHandle handle, URL url) {}

  private DurableSimulator() {}

  static String launchKey(List<String> command, String password) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(String.join("\0", command).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(String.valueOf(password).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The simulator an earlier start left running, when it is the one this start would make. */
  static Optional<Running> find(Path workDir, String launchKey, String fingerprint) {
    Optional<String> pid = LabState.read(workDir.resolve("vcsim.pid")).map(String::trim);
    Optional<String> url = LabState.read(workDir.resolve("vcsim.url")).map(String::trim);
    Optional<String> key = LabState.read(workDir.resolve("vcsim.launch")).map(String::trim);
    if (pid.isEmpty() || url.isEmpty() || !key.equals(Optional.of(launchKey)) || !pid.get().matches("\\d{1,10}")) {
      return Optional.empty();
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(pid.get()))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/vcsim")).orElse(false));
    try {
      URL sdk = URI.create(url.get()).toURL();
      return handle.filter(p -> serves(sdk, fingerprint)).map(p -> new Running(p, sdk));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Starts vcsim detached and waits for its {@code READY <url>} line. */
  static Running launch(Path workDir, List<String> command, String password, String launchKey, Duration timeout)
      throws IOException {
    Files.deleteIfExists(workDir.resolve("vcsim.launch")); // written once it serves: a half start is never adopted
    List<String> detached = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      detached.add(SETSID.toString()); // execs in place (the child leads no group), so the pid is vcsim's
    }
    detached.addAll(command);
    Path out = workDir.resolve("vcsim.out");
    ProcessBuilder builder = new ProcessBuilder(detached)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile()) // a file, not a pipe: nothing breaks when this JVM is gone
        .redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("vcsim.log").toFile()));
    if (password != null) {
      builder.environment().put("DUNES_VCSIM_PASSWORD", password); // not in ps, unlike a flag
    }
    Process process = builder.start();
    LabState.write(workDir.resolve("vcsim.pid"), Long.toString(process.pid()));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> ready = LabState.read(out).flatMap(text -> text.lines()
          .filter(l -> l.startsWith("READY ")).findFirst()).map(l -> l.substring("READY ".length()).trim());
      if (ready.isPresent()) {
        LabState.write(workDir.resolve("vcsim.url"), ready.get());
        LabState.write(workDir.resolve("vcsim.launch"), launchKey);
        return new Running(process.toHandle(), URI.create(ready.get()).toURL());
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the vSphere simulator exited before it served (exit " + process.exitValue()
            + "); see " + workDir.resolve("vcsim.log").toAbsolutePath());
      }
      try {
        Thread.sleep(20); // the lab's own wait for its simulator (src/main allows sleeps in dunes.lab)
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the vSphere simulator", e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the vSphere simulator did not serve within " + timeout);
  }

  /** Whether the URL's server completes a TLS handshake with the certificate of this fingerprint. */
  private static boolean serves(URL url, String fingerprint) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new X509TrustManager[] {new PinnedTrust(fingerprint)}, null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 2000);
        socket.setSoTimeout(2000);
        socket.startHandshake();
        return true;
      }
    } catch (IOException | GeneralSecurityException | UncheckedIOException e) {
      return false;
    }
  }

  /** Trusts exactly one certificate, by its SHA-256 fingerprint. */
  private record PinnedTrust(String fingerprint) implements X509TrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (chain.length == 0 || !Fingerprints.sha256(chain[0]).equals(fingerprint)) {
        throw new CertificateException("not the lab vCenter's kept certificate");
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("no client certificates here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
