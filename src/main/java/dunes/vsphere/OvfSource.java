package dunes.vsphere;

import dunes.pki.Fingerprints;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The build request's {@code ovf.url} as a local descriptor whose files lie beside it, what
 * {@link OvfImporter} reads. A {@code file:} URL is checked in place, and only below the
 * {@link OvfDirectory} (its files' real paths too). An {@code https:} URL is
 * downloaded into {@code <cacheDir>/<SHA-256 of the URL>/} and converges: the cached descriptor is
 * used again, a file with the size the descriptor states is not downloaded again, and a manifest
 * ({@code <name>.mf}) beside the descriptor, when the server has one, is checked on every resolve.
 */
public final class OvfSource {

  /** Descriptors and manifests are small; a larger answer is not one. */
  static final long MAX_TEXT = 16L * 1024 * 1024;

  private final Path cacheDir;
  private final OvfDirectory files;
  private final DnsResolver dns;
  private final Duration timeout;

  /**
   * @param files where file: OVFs may be read
   * @param dns resolves the OVF server's name (RequestDns: the request's DNS servers); {@code null} for the system's DNS
   * @param timeout connect timeout and the longest silence while reading an answer
   */
  public OvfSource(Path cacheDir, OvfDirectory files, DnsResolver dns, Duration timeout) {
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    this.files = Objects.requireNonNull(files, "files");
    this.dns = dns;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * The local descriptor for {@code url}.
   *
   * @param pinnedFingerprint SHA-256 of the https server's certificate, trusted besides the JDK's
   *     trust store; {@code null} or blank trusts the JDK's trust store only; ignored for file: URLs
   * @throws OvfSourceException naming the URL and what is wrong
   */
  public Path resolve(String url, String pinnedFingerprint) {
    return resolve(url, pinnedFingerprint, true);
  }

  /**
   * Only the descriptor for {@code url}, for a read-only look before anything is deployed: an
   * https descriptor is downloaded into the cache as {@link #resolve} caches it, its files are not
   * (the deploy fetches them); a file: descriptor is checked in place with its files.
   *
   * @throws OvfUnreachableException the server did not answer, or answered 5xx: worth retrying
   * @throws OvfSourceException naming the URL and what is wrong
   */
  public Path descriptor(String url, String pinnedFingerprint) {
    return resolve(url, pinnedFingerprint, false);
  }

  private Path resolve(String url, String pinnedFingerprint, boolean withFiles) {
    URI uri;
    try {
      uri = new URI(Objects.requireNonNull(url, "url").strip());
    } catch (URISyntaxException e) {
      throw new OvfSourceException("cannot read OVF descriptor " + url + ": not a URL (" + e.getMessage() + ")", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "file" -> local(uri, "cannot read OVF descriptor " + uri + ": ");
      case "https" -> download(uri, pinnedFingerprint, withFiles);
      default -> throw new OvfSourceException("cannot read OVF descriptor " + url
          + ": only https: and file: URLs are supported");
    };
  }

  /**
   * A descriptor on this machine below the OVF directory: readable, an OVF Envelope, every referenced
   * file beside it with the stated size, no real path (links followed) outside the directory.
   */
  private Path local(URI uri, String fail) {
    Path descriptor;
    try {
      descriptor = files.path(uri.toString());
    } catch (OvfSourceException e) {
      throw new OvfSourceException(fail + e.getMessage(), e);
    }
    String name = String.valueOf(descriptor.getFileName());
    if (!Files.isRegularFile(descriptor)) {
      throw new OvfSourceException(fail + name + " is missing (no file " + descriptor + ")");
    }
    if (!Files.isReadable(descriptor)) {
      throw new OvfSourceException(fail + name + " is not readable by Dunes");
    }
    inside(descriptor, fail);
    for (OvfDescriptor.Ref ref : OvfDescriptor.read(descriptor, name, fail).files()) {
      Path file = descriptor.resolveSibling(ref.href());
      try {
        if (!Files.isRegularFile(file)) {
          throw new OvfSourceException(fail + ref.href() + " is missing (no file " + file + ")");
        }
        inside(file, fail);
        if (ref.size() != null && Files.size(file) != ref.size()) {
          throw new OvfSourceException(fail + ref.href() + " is " + Files.size(file) + " bytes, " + name
              + " states " + ref.size());
        }
      } catch (IOException e) {
        throw new OvfSourceException(fail + "cannot read " + ref.href() + ": " + OvfDescriptor.problem(e), e);
      }
    }
    return descriptor;
  }

  private void inside(Path file, String fail) {
    try {
      files.inside(file);
    } catch (OvfSourceException e) {
      throw new OvfSourceException(fail + e.getMessage(), e);
    }
  }

  private Path download(URI uri, String pinnedFingerprint, boolean withFiles) {
    String shown = uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    String fail = "cannot download OVF " + shown + ": ";
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new OvfSourceException(fail + "the URL must name a host and no credentials");
    }
    if (!OvfDescriptor.safe(name) || name.toLowerCase(Locale.ROOT).endsWith(".ova")) {
      throw new OvfSourceException(fail + "the URL must end in the descriptor's file name "
          + "(*.ovf; OVA archives are not supported)");
    }
    String pin = pinnedFingerprint == null || pinnedFingerprint.isBlank() ? null : pinnedFingerprint;
    try {
      if (pin != null) {
        Fingerprints.normalize(pin);
      }
    } catch (IllegalArgumentException e) {
      throw new OvfSourceException(fail + "the pinned fingerprint is " + e.getMessage(), e);
    }
    Path dir = cacheDir.resolve(sha256(uri.toString()));
    boolean done = false;
    try (OvfDownload http = new OvfDownload(fail, dns, timeout, pin)) {
      Files.createDirectories(dir);
      OvfDownload.sweepStaleTempFiles(dir);
      Path descriptor = dir.resolve(name);
      if (!Files.isRegularFile(descriptor)) {
        http.fetch(uri, descriptor, name, MAX_TEXT, null, false, temp -> OvfDescriptor.read(temp, name, fail));
      }
      OvfDescriptor ovf = OvfDescriptor.read(descriptor, name, fail);
      if (!withFiles) {
        done = true;
        return descriptor;
      }
      OvfManifest manifest = OvfManifest.fetch(http, uri, dir, name, fail);
      for (OvfDescriptor.Ref ref : ovf.files()) {
        Path local = dir.resolve(ref.href());
        if (Files.isRegularFile(local) && (ref.size() == null || Files.size(local) == ref.size())) {
          continue; // complete: only a whole download takes the final name
        }
        URI from = uri.resolve(ref.href());
        if (!from.getHost().equalsIgnoreCase(uri.getHost()) || from.getPort() != uri.getPort()) {
          throw new OvfSourceException(fail + name + " references '" + ref.href() + "' on another server");
        }
        http.fetch(from, local, ref.href(), ref.size() == null ? Long.MAX_VALUE : ref.size(), ref.size(), false, temp -> {});
      }
      manifest.verify(dir, name, ovf, fail);
      done = true;
      return descriptor;
    } catch (IOException e) {
      throw new OvfSourceException(fail + "cannot use the cache " + dir + ": " + OvfDescriptor.problem(e), e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(dir); // only when empty: nothing was cached
        } catch (IOException notEmpty) {
          // keeps what converged so far
        }
      }
    }
  }

  /** The cache folder's name for {@code url}: lower-case hex SHA-256 of its text. */
  static String sha256(String url) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
