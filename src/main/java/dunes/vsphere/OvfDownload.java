package dunes.vsphere;

import dunes.pki.PinnedPeerHostnameVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.HttpsSupport;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS side of {@link OvfSource}: GETs with HttpClient 5 (classic), TLS verified by the JDK's
 * trust store plus, when given, one pinned certificate (never trust-all), each body streamed into a
 * hidden temp file and moved into place atomically, so a final name only ever holds a whole file.
 */
final class OvfDownload implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OvfDownload.class);
  /** A temp file untouched this long was left by a crashed download. */
  private static final Duration STALE = Duration.ofHours(1);

  private final String fail;
  private final CloseableHttpClient http;

  /** @param fail starts every message, "cannot download OVF <url>: " */
  OvfDownload(String fail, DnsResolver dns, Duration timeout, String pinnedFingerprint) {
    this.fail = fail;
    Timeout limit = Timeout.of(timeout.toMillis(), TimeUnit.MILLISECONDS);
    HostnameVerifier jdkNames = HttpsSupport.getDefaultHostnameVerifier();
    PinnedPeerHostnameVerifier pinnedNames =
        pinnedFingerprint == null ? null : new PinnedPeerHostnameVerifier(pinnedFingerprint);
    PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
            .setSslContext(OvfTrust.context(pinnedFingerprint))
            .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
            // the pinned certificate is trusted whatever name was dialled; any other must match the name
            .setHostnameVerifier((host, session) -> pinnedNames != null && pinnedNames.verify(host, session)
                || jdkNames.verify(host, session))
            .buildClassic())
        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build());
    if (dns != null) {
      connections.setDnsResolver(dns);
    }
    http = HttpClients.custom()
        .setConnectionManager(connections.build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
        .disableRedirectHandling() // a redirect could lead to another host; the hrefs may not
        .disableAutomaticRetries()
        .build();
  }

  /**
   * GETs {@code url} into {@code target} (named {@code name} in messages): at most {@code maxBytes},
   * exactly {@code size} when given, {@code check} run on the temp file before it takes the final
   * name. Answers false, leaving nothing, when the server answers 404 and {@code missingOk}.
   */
  boolean fetch(URI url, Path target, String name, long maxBytes, Long size, boolean missingOk, Consumer<Path> check) {
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
      Path into = temp;
      int status = http.execute(new HttpGet(url), response -> {
        if (response.getCode() == 200 && response.getEntity() != null) {
          copy(response.getEntity(), into, maxBytes, name, url);
        }
        return response.getCode();
      });
      if (status == 404 && missingOk) {
        return false;
      }
      if (status >= 500) {
        throw new OvfUnreachableException(fail + name + ": " + url + " answered HTTP " + status + hint(status));
      }
      if (status != 200) {
        throw new OvfSourceException(fail + name + ": " + url + " answered HTTP " + status + hint(status));
      }
      long length = Files.size(temp);
      if (size != null && length != size) {
        throw new OvfSourceException(fail + name + ": " + url + " sent " + length + " bytes, the descriptor states " + size);
      }
      check.accept(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      LOG.info("downloaded {} ({} bytes) from {}", name, length, url);
      return true;
    } catch (SSLException e) {
      throw new OvfSourceException(fail + name + ": TLS to " + url.getHost() + " failed: " + trustProblem(e), e);
    } catch (UnknownHostException e) {
      throw new OvfSourceException(fail + name + ": cannot resolve host " + url.getHost(), e);
    } catch (IOException e) {
      throw new OvfUnreachableException(fail + name + ": GET " + url + " failed: " + OvfDescriptor.problem(e), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.warn("cannot remove {}: {}", temp, OvfDescriptor.problem(e));
        }
      }
    }
  }

  private void copy(HttpEntity entity, Path into, long maxBytes, String name, URI url) throws IOException {
    try (FileChannel file = FileChannel.open(into, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream out = Channels.newOutputStream(file);
        InputStream in = entity.getContent()) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > maxBytes) {
          throw new OvfSourceException(fail + name + ": " + url + " sends more than " + maxBytes + " bytes");
        }
        out.write(buffer, 0, n);
      }
      file.force(true); // on disk before the rename makes it the final file
    }
  }

  /** Removes the temp files of downloads that crashed: hidden *.part files untouched for {@link #STALE}. */
  static void sweepStaleTempFiles(Path dir) throws IOException {
    Instant before = Instant.now().minus(STALE);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.toList()) {
        String n = file.getFileName().toString();
        try {
          if (n.startsWith(".") && n.endsWith(".part") && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
            Files.deleteIfExists(file);
          }
        } catch (NoSuchFileException e) {
          // a running download of the same URL finished with it
        }
      }
    }
  }

  private static String hint(int status) {
    return switch (status) {
      case 401 -> " (Unauthorized: the server wants credentials; Dunes sends none)";
      case 403 -> " (Forbidden: the server refuses access)";
      case 404 -> " (Not Found)";
      default -> status >= 500 ? " (the server failed; retry later)"
          : status / 100 == 3 ? " (a redirect; Dunes does not follow redirects, give the final URL)" : ", expected 200";
    };
  }

  private static String trustProblem(SSLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException refused) {
        return "the server's certificate is not trusted: " + refused.getMessage();
      }
    }
    return OvfDescriptor.problem(e);
  }

  @Override
  public void close() {
    http.close(CloseMode.GRACEFUL);
  }
}
